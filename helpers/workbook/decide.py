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
The resources and context come from the sandbox's own code (`runtime.resolve`, `request_context`,
the profile routes of its catalog), so the prediction and the sandbox cannot drift apart. Which
destination a profile call lands in is AWS's choice; here it is the sandbox's default unless
`destination` pins it. Refusals that are not IAM's (an unknown model id) come back as
"not a policy question". (Named for what it returns: `guardrails` and the sandbox's `Authorizer`
have their own deciders.)
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from helpers.policy import Decision, Policy, evaluate
from helpers.sandbox.authorize import request_context
from helpers.sandbox.bedrock.mantle import project_arn
from helpers.sandbox.bedrock.runtime import ACTIONS, resolve
from helpers.sandbox.call import Call, Principal
from helpers.sandbox.errors import AwsError
from helpers.sandbox.routing import Router

# Operation name (as boto3 calls it) -> the path segment of bedrock-runtime, which fixes the action.
OPERATIONS = {"Converse": "converse", "ConverseStream": "converse-stream", "InvokeModel": "invoke",
              "InvokeModelWithResponseStream": "invoke-with-response-stream", "CountTokens": "count-tokens"}
MANTLE = "Messages on bedrock-mantle"
KEY_TYPES = ("SHORT_TERM", "LONG_TERM")


@dataclass(frozen=True)
class Step:
    what: str  # which part of the call, in words: "using a key", "the inference profile", ...
    action: str
    resource: str
    decision: Decision


@dataclass(frozen=True)
class Verdict:
    """The decisions of every step of one key call, and which one decided."""

    steps: tuple[Step, ...]
    principal: str
    refusal: str = ""  # a refusal before IAM (e.g. 400 invalid model id); then steps may be partial

    @property
    def deciding(self) -> Step | None:
        """The first refused step; None when every step is allowed (or IAM was never asked)."""
        return next((s for s in self.steps if not s.decision.allowed), None)

    @property
    def decision(self) -> str:
        if self.deciding:
            return self.deciding.decision.decision
        return "not a policy question" if self.refusal else "allowed"

    @property
    def allowed(self) -> bool:
        return self.decision == "allowed"

    def statements(self) -> list[str]:
        """The statements that decided, named as `Decision.explain` names them."""
        steps = [self.deciding] if self.deciding else self.steps
        return list(dict.fromkeys(m.describe() for s in steps for m in s.decision.statements))

    def explain(self) -> str:
        if self.deciding:
            return self._step(self.deciding)
        if self.refusal:
            return f"Not a policy question: Bedrock refuses the request before IAM decides ({self.refusal})."
        return "\n".join(self._step(s) for s in self.steps)

    def _step(self, step: Step) -> str:
        number = self.steps.index(step) + 1
        return f"Step {number} ({step.what}): {step.decision.explain()}"

    def message(self) -> str:
        """The AccessDeniedException message AWS sends for the deciding step ("" if allowed)."""
        s = self.deciding
        return (f"User: {self.principal} is not authorized to perform: {s.action} on resource: {s.resource} "
                f"{s.decision.reason}") if s else ""


def key_call_verdict(policy, operation: str, model: str, region: str, key_type: str, account: str,
           destination: str | None = None, user: str = "key-user", now: datetime | None = None) -> Verdict:
    """The evaluator's verdict on a key call: `policy` (a dict, JSON text, or a list of them) is the
    user's identity policies; `operation` one of OPERATIONS or MANTLE; `key_type` SHORT_TERM or LONG_TERM."""
    if key_type not in KEY_TYPES:
        raise ValueError(f"key_type must be one of {KEY_TYPES}, not {key_type!r}")
    policies = [Policy(p) for p in (policy if isinstance(policy, list) else [policy])]
    mantle = operation == MANTLE
    service = "bedrock-mantle" if mantle else "bedrock-runtime"
    now = now or datetime.now(timezone.utc)
    principal = Principal(arn=f"arn:aws:iam::{account}:user/{user}", kind="user", name=user, account=account,
                          user_id=user, auth="bearer-short" if key_type == "SHORT_TERM" else "bearer-long")
    call = Call(method="POST", host=f"{service}.{region}.amazonaws.com", service=service, region=region,
                path="", query="", headers={}, body=b"", now=now)
    context = request_context(principal, call, now)
    prefix = "bedrock-mantle" if mantle else "bedrock"
    requests = [("using a key", f"{prefix}:CallWithBearerToken", "*", {f"{prefix}:BearerTokenType": key_type})]
    refusal = ""
    if mantle:
        requests.append(("the mantle project", "bedrock-mantle:CreateInference", project_arn(region, account),
                         {"bedrock-mantle:Model": model}))
    else:
        router = Router()
        router.route_to(destination)
        try:
            target = resolve(model, call, principal, router)  # `principal` has the `.account` resolve reads
            action = ACTIONS[OPERATIONS[operation]]
            requests += [(_what(resource, extra), action, resource, extra or {}) for resource, extra in target.resources]
        except AwsError as error:
            refusal = f"{error.status} {error.code}: {error.message}"
    steps = []
    for what, action, resource, extra in requests:
        steps.append(Step(what, action, resource, evaluate(action, resource, {**context, **extra},
                                                     identity_policies=policies)))
        if not steps[-1].decision.allowed:
            break
    return Verdict(tuple(steps), principal.arn, refusal)


def _what(resource: str, extra: dict | None) -> str:
    if ":inference-profile/" in resource:
        return "the inference profile"
    if extra:  # the model behind a profile, in the Region the call was routed to
        return f"the model in {resource.split(':')[3] or 'any Region'}, where the profile sent the call"
    return "the model, called directly"
