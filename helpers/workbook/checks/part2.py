"""Exercises of part 2: notebooks 06-09 (policies, refusals, the key lifecycle, guardrails)."""
from __future__ import annotations

from . import exercise


# --- 06 The Haiku-only policy ----------------------------------------------------------------
_H55_PROFILE = "arn:aws:bedrock:us-west-2:111122223333:inference-profile/us.anthropic.claude-haiku-5-5"
_H55_DESTINATIONS = ("us-east-1", "us-east-2", "us-west-2")   # from us-west-2 (reference §5, catalog)
_INVOKE = ("bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream")


def _foundation_model(region: str, model_id: str = "anthropic.claude-haiku-5-5") -> str:
    return f"arn:aws:bedrock:{region}::foundation-model/{model_id}"


@exercise("06-haiku-5-5-policy", hint="Call profile_policy('111122223333', 'us-west-2', "
          "'us.anthropic.claude-haiku-5-5', 'anthropic.claude-haiku-5-5', regions) with the Regions of the "
          "modelArn entries that get_inference_profile returns for that profile from us-west-2.")
def _(answer):
    from helpers.policy import Policy, evaluate

    if not isinstance(answer, (dict, str)):
        return "give the policy document, a dict with 'Version' and 'Statement'."
    policy = Policy(answer)

    def allowed(action, resource, context=None):
        return evaluate(action, resource, context, identity_policies=[policy]).allowed

    through = {"bedrock:InferenceProfileArn": _H55_PROFILE}
    if not allowed("bedrock:CallWithBearerToken", "*", {"bedrock:bearerTokenType": "LONG_TERM"}):
        return "the key cannot be used at all: allow bedrock:CallWithBearerToken on *."
    for action in _INVOKE:
        if not allowed(action, _H55_PROFILE):
            return f"{action} on the profile {_H55_PROFILE} is refused, so every call fails before routing."
        for region in _H55_DESTINATIONS:
            if not allowed(action, _foundation_model(region), through):
                return (f"a call routed to {region} would be refused: {action} on {_foundation_model(region)} "
                        "is not allowed through the profile.")
    if allowed("bedrock:InvokeModel", _foundation_model("us-west-2")):
        return ("the model can be called directly, without the profile: put its statement under a condition "
                "on bedrock:InferenceProfileArn.")
    others = [("bedrock:InvokeModel", "arn:aws:bedrock:us-west-2:111122223333:inference-profile/"
               "us.anthropic.claude-haiku-4-5-20251001-v1:0"),
              ("bedrock:InvokeModel", _foundation_model("us-west-2", "anthropic.claude-haiku-4-5-20251001-v1:0")),
              ("bedrock:CreateInferenceProfile", "*"), ("iam:CreateUser", "*")]
    for action, resource in others:
        if allowed(action, resource, through):
            return f"it also allows {action} on {resource}: allow key use and InvokeModel* on this profile and model only."
    if allowed("bedrock:InvokeModel", _foundation_model("us-west-1"), through):
        return "it allows the model in us-west-1, where this profile never routes from us-west-2: name the destinations only."


# --- 07 Denied calls -------------------------------------------------------------------------
def _profile_in(policy) -> tuple[str, str, str] | None:
    """(account, source Region, profile id) of the first inference-profile ARN the policy names."""
    import re

    found = re.search(r"arn:aws:bedrock:([a-z0-9-]+):(\d{12}):inference-profile/([A-Za-z0-9.:-]+)", str(policy))
    return (found[2], found[1], found[3]) if found else None


@exercise("07-allow-streaming", hint="ConverseStream is authorized as bedrock:InvokeModelWithResponseStream, on "
          "the profile ARN and on the model ARN: add that action to both statements (or write bedrock:InvokeModel*), "
          "and keep their Resource and Condition as they are.")
def _(answer):
    from helpers.sandbox.bedrock.catalog import CATALOG
    from ..decide import decide

    if not isinstance(answer, dict) or "Statement" not in answer:
        return "give the fixed policy as a dict with a 'Statement' list, e.g. a copy of no_stream."
    found = _profile_in(answer)
    if found is None or CATALOG.profile(found[2]) is None:
        return "the policy names no inference-profile ARN of a known profile: keep the profile statement."
    account, region, profile_id = found
    profile = CATALOG.profile(profile_id)
    for key_type in ("SHORT_TERM", "LONG_TERM"):
        for destination in profile.destinations(region):
            for operation in ("Converse", "ConverseStream"):
                verdict = decide(answer, operation, profile_id, region, key_type, account, destination)
                if not verdict.allowed:
                    return (f"{operation} with a {key_type} key, routed to {destination}, is refused: "
                            f"{verdict.explain()}")
    other = "us-east-1" if region != "us-east-1" else "us-west-2"
    too_much = [("another model", "us.anthropic.claude-haiku-5-5", region),
                ("the bare model id", profile.model_id, region),
                (f"the profile called from {other}", profile_id, other)]
    for what, model, where in too_much:
        for operation in ("Converse", "ConverseStream"):
            if decide(answer, operation, model, where, "SHORT_TERM", account).allowed:
                return f"it also allows {operation} on {what} ({model}): the base policy refuses that."
    return None


# --- 08 The key lifecycle ----------------------------------------------------------------------
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


# --- 09 Guardrails for an organisation -------------------------------------------------------
_USER_ARN = "arn:aws:iam::111122223333:user/app-user"
_BEDROCK_SERVICE = "bedrock.amazonaws.com"
# (what the request is, in words; action; resource; context; should the SCP refuse it?)
_GUARDRAIL_REQUESTS = [
    ("a long-term key on bedrock-runtime", "bedrock:CallWithBearerToken", "*",
     {"bedrock:BearerTokenType": "LONG_TERM"}, True),
    ("a long-term key on bedrock-mantle", "bedrock-mantle:CallWithBearerToken", "*",
     {"bedrock-mantle:BearerTokenType": "LONG_TERM"}, True),
    ("a short-term key on bedrock-runtime", "bedrock:CallWithBearerToken", "*",
     {"bedrock:BearerTokenType": "SHORT_TERM"}, False),
    ("a short-term key on bedrock-mantle", "bedrock-mantle:CallWithBearerToken", "*",
     {"bedrock-mantle:BearerTokenType": "SHORT_TERM"}, False),
    ("a SigV4 call to Converse (bedrock:InvokeModel)", "bedrock:InvokeModel",
     "arn:aws:bedrock:us-west-2::foundation-model/anthropic.claude-haiku-4-5-20251001-v1:0", {}, False),
    ("creating a Bedrock key that never expires (no CredentialAgeDays)", "iam:CreateServiceSpecificCredential",
     _USER_ARN, {"iam:ServiceSpecificCredentialServiceName": _BEDROCK_SERVICE}, True),
    ("creating a Bedrock key for 91 days", "iam:CreateServiceSpecificCredential", _USER_ARN,
     {"iam:ServiceSpecificCredentialServiceName": _BEDROCK_SERVICE, "iam:ServiceSpecificCredentialAgeDays": 91}, True),
    ("creating a Bedrock key for 90 days", "iam:CreateServiceSpecificCredential", _USER_ARN,
     {"iam:ServiceSpecificCredentialServiceName": _BEDROCK_SERVICE, "iam:ServiceSpecificCredentialAgeDays": 90}, False),
    ("creating a Bedrock key for 7 days", "iam:CreateServiceSpecificCredential", _USER_ARN,
     {"iam:ServiceSpecificCredentialServiceName": _BEDROCK_SERVICE, "iam:ServiceSpecificCredentialAgeDays": 7}, False),
    ("creating a CodeCommit credential (another service)", "iam:CreateServiceSpecificCredential", _USER_ARN,
     {"iam:ServiceSpecificCredentialServiceName": "codecommit.amazonaws.com"}, False),
]


def guardrail_verdicts(policy) -> list[tuple[str, bool, bool]]:
    """(request, refused by `policy`?, should it be?) for the sample requests of exercise 09."""
    from ..guardrails import decide
    return [(what, not decide(action, resource, context, policy).allowed, refuse)
            for what, action, resource, context, refuse in _GUARDRAIL_REQUESTS]


@exercise("09-long-term-guardrail", hint="Key use is CallWithBearerToken under two prefixes, each with its own "
          "BearerTokenType condition key. For creation: which numeric operator refuses 91 but not 90, and what "
          "does the request context hold for iam:ServiceSpecificCredentialAgeDays when no age is sent?")
def _(answer):
    if not isinstance(answer, dict) or "Statement" not in answer:
        return "give the SCP as a policy document: a dict with \"Version\" and \"Statement\"."
    for what, refused, refuse in guardrail_verdicts(answer):
        if refused != refuse:
            return f"it {'refuses' if refused else 'lets through'} {what}."
