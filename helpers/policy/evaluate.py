"""The decision across layers: explicit deny anywhere wins, else every layer given must allow."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from .context import normalize_context
from .document import Policy

PolicyLike = Policy | dict | str

# How each layer is named in AWS's AccessDenied messages.
_LAYER_NOUNS = {
    "scp": "service control policy",
    "identity": "identity-based policy",
    "boundary": "permissions boundary",
    "session": "session policy",
}
_ARTICLES = {"scp": "a", "identity": "an", "boundary": "a", "session": "a"}


@dataclass(frozen=True)
class MatchedStatement:
    """A statement that took part in a decision, named so a learner can find it."""

    layer: str  # "identity" | "scp" | "boundary" | "session"
    policy: str  # the policy's name, or f"{layer} policy #{i+1}"
    index: int  # 0-based statement index in that policy
    sid: str | None
    effect: str  # "Allow" | "Deny"
    level: int | None  # SCP level (0 = root), else None

    def describe(self) -> str:
        statement = f'statement "{self.sid}"' if self.sid else f"statement #{self.index + 1}"
        where = f" at SCP level {self.level}" if self.level is not None else ""
        return f"{statement} ({self.effect}) in {self.policy}{where}"


@dataclass(frozen=True)
class Decision:
    """The outcome, in the IAM policy simulator's words, with the statements that decided it."""

    decision: str  # "allowed" | "explicitDeny" | "implicitDeny"
    statements: tuple[MatchedStatement, ...]
    missing: str | None  # implicitDeny: the first layer without an Allow
    reason: str  # the AccessDenied message's "because ..." / "with ..." phrase; "" if allowed
    action: str
    resource: str
    missing_level: int | None = field(default=None, repr=False)  # the SCP level without an Allow

    @property
    def allowed(self) -> bool:
        return self.decision == "allowed"

    def explain(self) -> str:
        request = f"{self.action} on {self.resource}"
        named = _join(s.describe() for s in self.statements)
        if self.decision == "allowed":
            return f"Allowed: {request} is allowed by {named}, and no statement denies it."
        if self.decision == "explicitDeny":
            return f"Denied explicitly: {request} matches {named}. An explicit Deny overrides every Allow."
        layer = _LAYER_NOUNS[self.missing]
        if self.missing_level is not None:
            layer += f" at SCP level {self.missing_level}"
        text = f"Denied implicitly: no {layer} has a statement that allows {request}."
        if self.statements:
            text += f" {named[0].upper()}{named[1:]} allowed it, but every layer must allow a request."
        return text


def evaluate(
    action: str,
    resource: str,
    context: Mapping[str, object] | None = None,
    identity_policies: Sequence[PolicyLike] = (),
    scps: Sequence[Sequence[PolicyLike]] | None = None,
    permissions_boundary: PolicyLike | None = None,
    session_policies: Sequence[PolicyLike] | None = None,
) -> Decision:
    """Decide whether `action` on `resource` is allowed, as AWS's policy evaluation logic does.

    action: e.g. "bedrock:InvokeModel" (matched case-insensitively, with `*` and `?`).
    resource: the resource ARN (matched case-sensitively; `*` may span `:` and `/`).
    context: condition keys for the request, case-insensitive; values are str, int, float, bool,
        datetime (naive = UTC) or bytes (BinaryEquals), or a list/tuple/set of them for a
        multivalued key. An empty collection or None counts as absent.
    identity_policies: the principal's policies (Policy objects, or raw dicts / JSON strings,
        which are parsed on every call: pass Policy objects where speed matters).
    scps: None when there are no SCPs; else one list of policies per level of the organization
        (root, OUs..., account). Every level must allow; an empty level allows nothing.
    permissions_boundary: None, or one policy that must also allow.
    session_policies: None, or a list of policies of which one must also allow.

    Order, as on the IAM User Guide's evaluation-logic page: first every matching Deny in every
    layer (any one gives "explicitDeny"); then the layers that must allow, checked in this order:
    SCP levels (root first), identity-based policies, permissions boundary, session policies. The
    first without a matching Allow is `missing` and the decision is "implicitDeny"; if all allow,
    "allowed". When Denies in several layers match, `reason` names the first in that same order.

    `statements` holds the statements that decided: every matching Deny (explicitDeny); the
    matching Allows of every layer (allowed); the matching Allows of the layers that did allow
    (implicitDeny, possibly empty). Raises PolicyError for a malformed raw policy.
    """
    request = normalize_context(context)
    layers = _layers(identity_policies, scps, permissions_boundary, session_policies)
    denies: list[MatchedStatement] = []
    allows_by_layer: list[tuple[str, int | None, list[MatchedStatement]]] = []
    for layer, level, policies in layers:
        allows: list[MatchedStatement] = []
        for number, policy in enumerate(policies):
            label = policy.name or f"{layer} policy #{number + 1}"
            for statement in policy.statements:
                if statement.applies(action, resource, request):
                    matched = MatchedStatement(layer, label, statement.index, statement.sid, statement.effect, level)
                    (denies if statement.effect == "Deny" else allows).append(matched)
        allows_by_layer.append((layer, level, allows))

    if denies:
        first = denies[0].layer
        reason = f"with an explicit deny in {_ARTICLES[first]} {_LAYER_NOUNS[first]}"
        return Decision("explicitDeny", tuple(denies), None, reason, action, resource)
    allowing = tuple(m for _, _, allows in allows_by_layer for m in allows)
    for layer, level, allows in allows_by_layer:
        if not allows:
            reason = f"because no {_LAYER_NOUNS[layer]} allows the {action} action"
            return Decision("implicitDeny", allowing, layer, reason, action, resource, level)
    return Decision("allowed", allowing, None, "", action, resource)


def _layers(identity, scps, boundary, session) -> list[tuple[str, int | None, list[Policy]]]:
    """The layers in evaluation order, every policy as a compiled Policy."""
    layers: list[tuple[str, int | None, list[Policy]]] = []
    if scps is not None:
        for level, policies in enumerate(_sequence(scps, "scps")):
            layers.append(("scp", level, _policies(policies, f"scps[{level}]")))
    layers.append(("identity", None, _policies(identity, "identity_policies")))
    if boundary is not None:
        layers.append(("boundary", None, [_policy(boundary)]))
    if session is not None:
        layers.append(("session", None, _policies(session, "session_policies")))
    return layers


def _sequence(value: object, argument: str) -> Sequence:
    if isinstance(value, (str, dict, Policy)) or not isinstance(value, Sequence):
        raise TypeError(f"{argument} must be a list, not {type(value).__name__}")
    return value


def _policies(values: object, argument: str) -> list[Policy]:
    return [_policy(value) for value in _sequence(values, argument)]


def _policy(value: PolicyLike) -> Policy:
    return value if isinstance(value, Policy) else Policy(value)


def _join(parts) -> str:
    parts = list(parts)
    return " and ".join(parts) if len(parts) < 3 else ", ".join(parts[:-1]) + " and " + parts[-1]
