"""Exercises of notebook 02: Long-term keys."""
from __future__ import annotations

from datetime import timedelta
from . import exercise


@exercise("02-seven-days", hint="create_service_specific_credential(UserName=..., "
          "ServiceName='bedrock.amazonaws.com', CredentialAgeDays=7); pass response['ServiceSpecificCredential'].")
def _(answer):
    if not isinstance(answer, dict) or "ServiceSpecificCredentialId" not in answer:
        return "pass the ServiceSpecificCredential part of the response (a dict)."
    if answer.get("ServiceName") != "bedrock.amazonaws.com":
        return f"ServiceName is {answer.get('ServiceName')!r}; a Bedrock key is for bedrock.amazonaws.com."
    if "ExpirationDate" not in answer:
        return "this key never expires: give CredentialAgeDays."
    if answer["ExpirationDate"] - answer["CreateDate"] != timedelta(days=7):
        return f"it lasts {answer['ExpirationDate'] - answer['CreateDate']}, not 7 days."
    if not str(answer.get("ServiceCredentialSecret", "")).startswith("ABSK"):
        return "the response has no key text: was it the listing (which never carries secrets)?"
    return None
