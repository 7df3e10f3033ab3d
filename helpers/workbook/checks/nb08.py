"""Exercises of notebook 08: The key lifecycle."""
from __future__ import annotations

import copy
import json

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
    allow_all = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
    def denied_in_some_session(action, resource, policy=policy):
        return any(evaluate(action, resource, {"aws:TokenIssueTime": t}, identity_policies=[policy, allow_all])
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
        decision = evaluate(action, "*", context, identity_policies=[policy, allow_all])
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
