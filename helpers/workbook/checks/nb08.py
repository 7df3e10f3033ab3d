"""Exercises of notebook 08: The key lifecycle."""
from __future__ import annotations

import copy
import json

from helpers.policy.examples import ALLOW_ALL

from . import exercise


# The click happened at 10:00 UTC; (who, issued at, action) -> whether the answer must deny it.
_REVOKED_AT = "2026-12-01T10:00:00Z"
_SESSIONS = (
    ("a session issued at 09:59:59 using a key", "2026-12-01T09:59:59Z", "bedrock:CallWithBearerToken", True),
    ("a session issued at 09:00 calling S3 with SigV4", "2026-12-01T09:00:00Z", "s3:GetObject", True),
    ("a session issued at 10:00:01 using a key", "2026-12-01T10:00:01Z", "bedrock:CallWithBearerToken", False),
    ("an IAM user's call (no session, so no aws:TokenIssueTime)", None, "bedrock:CallWithBearerToken", False),
)
# What an earlier session might still try: services and resources a list of favourites would miss.
_ANYTHING = (
    ("s3:GetObject", "arn:aws:s3:::reports/q4.csv"),
    ("ec2:RunInstances", "arn:aws:ec2:us-east-1:111122223333:instance/*"),
    ("kms:Decrypt", "arn:aws:kms:eu-central-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"),
    ("dynamodb:GetItem", "arn:aws:dynamodb:ap-northeast-1:111122223333:table/orders"),
    ("codeguru:GetCodeGuruFreeTrialSummary", "*"),
)
_ANY_TIME = ("2026-11-30T00:00:00Z", "2026-12-01T09:59:59Z", "2026-12-01T10:00:01Z", "2026-12-02T00:00:00Z")


@exercise("08-revoke-at-ten", hint="A Deny on every action and resource, with the condition "
          '{"DateLessThan": {"aws:TokenIssueTime": "2026-12-01T10:00:00Z"}}: it matches only requests '
          "from sessions issued before that instant.")
def _(answer):
    from helpers.policy import Policy, PolicyError, evaluate

    try:
        policy = Policy(answer, name="your policy")
    except PolicyError as error:
        return f"IAM would refuse this document: {error}"
    if all(s.effect == "Allow" for s in policy.statements):
        return "it only allows: an Allow can never take permissions away, only a Deny can."
    def denied_in_some_session(action, resource, policy=policy):
        return any(evaluate(action, resource, {"aws:TokenIssueTime": t}, identity_policies=[policy, ALLOW_ALL])
                   .decision == "explicitDeny" for t in _ANY_TIME)

    for action, resource in _ANYTHING:
        if denied_in_some_session(action, resource):
            continue
        if denied_in_some_session(action, resource, _on_every_resource(answer)):
            return (f"a session's {action} on {resource} is never denied: the click refuses every resource "
                    "(\"*\"), not only some.")
        return (f"a session's {action} is never denied: the click refuses every action (\"*\"), not a list "
                "of services; whoever holds the leaked session can call any of them.")
    for who, issued, action, denied in _SESSIONS:
        context = {"aws:TokenIssueTime": issued} if issued else {}
        decision = evaluate(action, "*", context, identity_policies=[policy, ALLOW_ALL])
        if denied and decision.decision != "explicitDeny":
            return (f"{who} is not denied ({action}): the console's policy refuses every action of "
                    "every session issued before the click.")
        if not denied and decision.decision == "explicitDeny":
            return (f"{who} is denied too: only sessions issued before {_REVOKED_AT} may be refused; "
                    "new sessions must work, and an IAM user has no session to revoke.")


def _on_every_resource(answer) -> "Policy":
    """`answer` with every statement's Resource widened to "*": tells a narrow Resource from a narrow Action."""
    from helpers.policy import Policy

    document = json.loads(answer) if isinstance(answer, str) else copy.deepcopy(answer)
    statements = document["Statement"] if isinstance(document["Statement"], list) else [document["Statement"]]
    for statement in statements:
        statement.pop("NotResource", None)
        statement["Resource"] = "*"
    return Policy(document, name="your policy on every resource")


ROTATION_STEPS = ("make B", "switch the application to B", "deactivate A", "delete A")


@exercise("08-rotation-order", hint="The application must hold a working key at every moment, and the last "
          "step must be one you cannot take back only once nothing can still need A.")
def _(answer):
    if not isinstance(answer, (list, tuple)) or sorted(answer) != sorted(ROTATION_STEPS):
        return f"give the four steps, each once, as a list: {sorted(ROTATION_STEPS)}."
    order = {step: i for i, step in enumerate(answer)}
    if order["switch the application to B"] < order["make B"]:
        return "the application is switched to a key that does not exist yet."
    if order["deactivate A"] < order["switch the application to B"]:
        return "A is switched off while the application still uses it: its calls fail."
    if order["delete A"] < order["deactivate A"]:
        return "A is deleted before anyone could notice something still needs it: deactivate first, then delete."


MOVES = ("rotate", "deactivate", "reset", "revoke sessions", "deny CallWithBearerToken")
SITUATIONS = {  # letter: (situation, the move)
    "a": ("an 11-month-old long-term key that must be replaced without one failed call", "rotate"),
    "b": ("a contractor's long-term key that must stop tonight and may be needed again next month", "deactivate"),
    "c": ("a long-term key whose text leaked; its application can take new text within minutes", "reset"),
    "d": ("a short-term key, made from a session of a role, that leaked", "revoke sessions"),
    "e": ("a role whose application must never use keys, only SigV4", "deny CallWithBearerToken"),
}
_WHY = {
    "rotate": "rotation keeps the application working throughout (second key, switch, then retire the first)",
    "deactivate": "only deactivation can be undone: the same key text works again when set back to Active",
    "reset": "a reset stops the leaked text at once and keeps the key's id; the application takes the new text",
    "revoke sessions": "a short-term key cannot be deactivated or reset: IAM stores nothing; revoke the sessions it came from",
    "deny CallWithBearerToken": "a Deny on both CallWithBearerToken actions stops every key of the role and leaves SigV4 alone",
}


@exercise("08-which-move", hint="Ask of each: can it be undone? Must the application keep working? Does IAM "
          "store the key at all (short-term keys: no)? Should SigV4 keep working?")
def _(answer):
    from . import unanswered

    missing = unanswered(answer, SITUATIONS, '{"a": "rotate" | "deactivate" | ..., "b": ..., ...}')
    if missing:
        return missing
    for letter, (situation, move) in SITUATIONS.items():
        if answer[letter] not in MOVES:
            return f"{answer[letter]!r} ({letter}) is none of the moves {list(MOVES)}."
        if answer[letter] != move:
            return f"{letter} ({situation}): {answer[letter]!r} is not the move; {_WHY[move]}."
