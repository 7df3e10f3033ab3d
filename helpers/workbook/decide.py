"""What IAM decides for a call made with an API key, worked out offline with the course's evaluator.

    verdict = key_call_verdict(policy, "Converse", model, region, "SHORT_TERM", account)
    verdict.decision     # "allowed" | "implicitDeny" | "explicitDeny" | "not a policy question"
    verdict.explain()    # the plain-words reason, naming the deciding statements
    verdict.message()    # the AccessDenied message AWS sends for it

A key call is several authorization requests, decided one after another; the first refused one
decides (reference §4, §5):
1. `bedrock:CallWithBearerToken` on `*`, with `bedrock:BearerTokenType` = SHORT_TERM or LONG_TERM
   (on bedrock-mantle: `bedrock-mantle:CallWithBearerToken`, `bedrock-mantle:BearerTokenType`);
2. the operation's action (Converse: `bedrock:InvokeModel`, ConverseStream:
   `bedrock:InvokeModelWithResponseStream`, ...) on the inference-profile ARN, then on the
   foundation-model ARN in the destination Region with `bedrock:InferenceProfileArn`; or on the
   foundation-model ARN alone for a bare model id; on mantle `bedrock-mantle:CreateInference` on
   the project with `bedrock-mantle:Model`.
The requests, resources and context come from the sandbox's entry point for a described call
(`helpers.sandbox.key_calls`, over the code the sandbox's server runs), so the prediction and the
sandbox cannot drift apart. Which destination a profile call lands in is AWS's choice; here it is
the sandbox's default unless `destination` pins it. Refusals that are not IAM's (an unknown model
id, CountTokens on a profile) come back as "not a policy question". (Named for what it returns: `guardrails` and the sandbox's `Authorizer`
have their own deciders.)
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from helpers.policy import Decision, Policy
from helpers.sandbox import key_calls
from helpers.sandbox.key_calls import MANTLE, key_call

KEY_TYPES = tuple(key_calls.KEY_TYPES)  # SHORT_TERM, LONG_TERM


@dataclass(frozen=True)
class Step:
    what: str  # which part of the call, in words: "using a key", "the inference profile", ...
    action: str
    resource: str
    evaluation: Decision  # the evaluator's answer for this step (`.decision` is its string)


@dataclass(frozen=True)
class Verdict:
    """The decisions of every step of one key call, and which one decided."""

    steps: tuple[Step, ...]
    principal: str
    refusal: str = ""  # a refusal before IAM (e.g. 400 invalid model id); then steps may be partial

    @property
    def deciding(self) -> Step | None:
        """The first refused step; None when every step is allowed (or IAM was never asked)."""
        return next((s for s in self.steps if not s.evaluation.allowed), None)

    @property
    def decision(self) -> str:
        if self.deciding:
            return self.deciding.evaluation.decision
        return "not a policy question" if self.refusal else "allowed"

    @property
    def allowed(self) -> bool:
        return self.decision == "allowed"

    def statements(self) -> list[str]:
        """The statements that decided, named as `Decision.explain` names them."""
        steps = [self.deciding] if self.deciding else self.steps
        return list(dict.fromkeys(m.describe() for s in steps for m in s.evaluation.statements))

    def explain(self) -> str:
        if self.deciding:
            return self._step(self.deciding)
        if self.refusal:
            return f"Not a policy question: Bedrock refuses the request before IAM decides ({self.refusal})."
        return "\n".join(self._step(s) for s in self.steps)

    def _step(self, step: Step) -> str:
        number = self.steps.index(step) + 1
        return f"Step {number} ({step.what}): {step.evaluation.explain()}"

    def message(self) -> str:
        """The AccessDeniedException message AWS sends for the deciding step ("" if allowed)."""
        s = self.deciding
        return (f"User: {self.principal} is not authorized to perform: {s.action} on resource: {s.resource} "
                f"{s.evaluation.reason}") if s else ""


def key_call_verdict(policy, operation: str, model: str, region: str, key_type: str, account: str,
           destination: str | None = None, user: str = "key-user", now: datetime | None = None) -> Verdict:
    """The evaluator's verdict on a key call: `policy` (a dict, JSON text, or a list of them) is the
    user's identity policies; `operation` one of bedrock-runtime's OPERATIONS (`Converse`, ...) or MANTLE; `key_type` SHORT_TERM or LONG_TERM."""
    policies = [Policy(p) for p in (policy if isinstance(policy, list) else [policy])]
    call = key_call(operation, model, region, account, key_type, now or datetime.now(timezone.utc), user=user,
                    destination=destination)
    steps = tuple(Step(_what(need), need.action, need.resource, decision) for need, decision in call.decisions(policies))
    refusal = f"{call.refusal.status} {call.refusal.code}: {call.refusal.message}" if call.refusal else ""
    return Verdict(steps, call.principal.arn, refusal)


def _what(need) -> str:
    if need.resource == "*":
        return "using a key"
    if ":project/" in need.resource:
        return "the mantle project"
    if ":inference-profile/" in need.resource:
        return "the inference profile"
    if need.context:  # the model behind a profile, in the Region the call was routed to
        return f"the model in {need.resource.split(':')[3] or 'any Region'}, where the profile sent the call"
    return "the model, called directly"
