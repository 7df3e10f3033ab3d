"""Exercises of notebook 09: Guardrails for an organisation."""
from __future__ import annotations

from . import exercise


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
