"""Exercises of notebook 08: The key lifecycle."""
from __future__ import annotations

from . import exercise


# The click happened at 10:00 UTC; (who, issued at, action) -> whether the answer must deny it.
_REVOKED_AT = "2026-12-01T10:00:00Z"
_SESSIONS = (
    ("a session issued at 09:59:59 using a key", "2026-12-01T09:59:59Z", "bedrock:CallWithBearerToken", True),
    ("a session issued at 09:00 calling S3 with SigV4", "2026-12-01T09:00:00Z", "s3:GetObject", True),
    ("a session issued at 10:00:01 using a key", "2026-12-01T10:00:01Z", "bedrock:CallWithBearerToken", False),
    ("an IAM user's call (no session, so no aws:TokenIssueTime)", None, "bedrock:CallWithBearerToken", False),
)


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
    for who, issued, action, denied in _SESSIONS:
        context = {"aws:TokenIssueTime": issued} if issued else {}
        decision = evaluate(action, "*", context, identity_policies=[policy, allow_all])
        if denied and decision.decision != "explicitDeny":
            return (f"{who} is not denied ({action}): the console's policy refuses every action of "
                    "every session issued before the click.")
        if not denied and decision.decision == "explicitDeny":
            return (f"{who} is denied too: only sessions issued before {_REVOKED_AT} may be refused; "
                    "new sessions must work, and an IAM user has no session to revoke.")
