"""Exercises of notebook 09: Guardrails for an organisation."""
from __future__ import annotations

from . import exercise, unanswered


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
    from ..guardrails import decision_under_scps
    return [(what, not decision_under_scps(action, resource, context, policy).allowed, refuse)
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


# Exercise 1: which of these does AWS's "no long-term keys" SCP refuse? (letter, what, action, resource, context)
LONG_TERM_SCP = "Deny-Bedrock-long-term-api-keys"
PREDICTIONS = [
    ("a", "a long-term key calling Converse on bedrock-runtime", "bedrock:CallWithBearerToken", "*",
     {"bedrock:BearerTokenType": "LONG_TERM"}),
    ("b", "a long-term key calling Messages on bedrock-mantle", "bedrock-mantle:CallWithBearerToken", "*",
     {"bedrock-mantle:BearerTokenType": "LONG_TERM"}),
    ("c", "a short-term key calling Converse on bedrock-runtime", "bedrock:CallWithBearerToken", "*",
     {"bedrock:BearerTokenType": "SHORT_TERM"}),
    ("d", "the administrator creating a long-term key that never expires", "iam:CreateServiceSpecificCredential",
     _USER_ARN, {"iam:ServiceSpecificCredentialServiceName": _BEDROCK_SERVICE}),
    ("e", "a role calling Converse with SigV4 (no key)", "bedrock:InvokeModel",
     "arn:aws:bedrock:eu-central-1::foundation-model/anthropic.claude-haiku-4-5-20251001-v1:0", {}),
]


def refused_predictions() -> set[str]:
    """The letters of PREDICTIONS that the SCP refuses, as the evaluator decides them."""
    from ..guardrails import decision_under_scps
    return {letter for letter, _, action, resource, context in PREDICTIONS
            if not decision_under_scps(action, resource, context, LONG_TERM_SCP).allowed}


@exercise("09-what-it-refuses", hint="The SCP's two statements each name one CallWithBearerToken action and "
          "match only LONG_TERM. What does it say about creating keys, or about SigV4?")
def _(answer):
    if not isinstance(answer, (set, list, tuple)) or not all(isinstance(a, str) for a in answer):
        return 'give the letters of the refused requests as a set, e.g. {"a", "c"}.'
    given, right = {a.strip().lower() for a in answer}, refused_predictions()
    wrongly = sorted(given - right)
    if wrongly:
        what = dict((letter, what) for letter, what, *_ in PREDICTIONS).get(wrongly[0], "that letter")
        return f"{wrongly[0]} ({what}) is not refused by it."
    missed = sorted(right - given)
    if missed:
        return f"{missed[0]} is refused too."


# Exercise 2: read a refusal. The message is in the form of AWS's Security Blog example (policy ARN appended).
REFUSAL = ("User: arn:aws:sts::222233334444:assumed-role/batch-jobs/nightly is not authorized to perform: "
           "bedrock:CallWithBearerToken on resource: * with an explicit deny in a service control policy: "
           "arn:aws:organizations::777788889999:policy/o-a1b2c3d4e5/service_control_policy/p-examplescp1")
REFUSAL_PARTS = {
    "caller": "arn:aws:sts::222233334444:assumed-role/batch-jobs/nightly",
    "action": "bedrock:CallWithBearerToken",
    "policy type": "service control policy",
    "policy id": "p-examplescp1",
    "management account": "777788889999",
}


@exercise("09-read-the-refusal", hint="Split the message at \"is not authorized to perform:\", \"on resource:\" and "
          "\"with an explicit deny in a\". An SCP's ARN is arn:aws:organizations::<management account>:policy/<org>/"
          "service_control_policy/<policy id>.")
def _(answer):
    missing = unanswered(answer, REFUSAL_PARTS, '{"caller": "...", "action": "...", ...}')
    if missing:
        return missing
    for part, right in REFUSAL_PARTS.items():
        if str(answer[part]).strip() != right:
            if part == "management account" and str(answer[part]).strip() == "222233334444":
                return ("222233334444 is the caller's account; an SCP's ARN names the organisation's management "
                        "account, where SCPs are managed (or delegated from).")
            return f"the {part} is not {answer[part]!r}."
