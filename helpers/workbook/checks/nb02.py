"""Exercises of notebook 02: Long-term keys."""
from __future__ import annotations

from datetime import timedelta
from . import exercise

SERVICE = "bedrock.amazonaws.com"


@exercise("02-seven-days", hint="create_service_specific_credential(UserName=..., "
          "ServiceName='bedrock.amazonaws.com', CredentialAgeDays=7); pass response['ServiceSpecificCredential'].")
def _(answer):
    if not isinstance(answer, dict) or "ServiceSpecificCredentialId" not in answer:
        return "pass the ServiceSpecificCredential part of the response (a dict)."
    if answer.get("ServiceName") != SERVICE:
        return f"ServiceName is {answer.get('ServiceName')!r}; a Bedrock key is for {SERVICE}."
    if "ExpirationDate" not in answer:
        return "this key never expires: give CredentialAgeDays."
    if not str(answer.get("ServiceCredentialSecret", "")).startswith("ABSK"):
        return "the response has no key text: was it the listing (which never carries secrets)?"
    return _problem_in_iam(answer)


def _problem_in_iam(answer) -> str | None:
    """The credential as IAM lists it (one read call, as the notebook's own IAM client would make):
    a hand-written dict names no credential IAM holds, so only a key really made passes."""
    import boto3

    iam = boto3.client("iam")
    try:
        listed = iam.list_service_specific_credentials(
            UserName=str(answer.get("UserName")), ServiceName=SERVICE)["ServiceSpecificCredentials"]
    except iam.exceptions.NoSuchEntityException:
        return f"IAM has no user {answer.get('UserName')!r}: pass the response of a key you made."
    held = next((c for c in listed if c["ServiceSpecificCredentialId"] == answer["ServiceSpecificCredentialId"]), None)
    if held is None:
        return "IAM holds no such key for that user: pass the response of the key you made, unedited."
    lasts = held["ExpirationDate"] - held["CreateDate"]
    if lasts != timedelta(days=7):
        return f"IAM says this key lasts {lasts}, not 7 days."
    return None


_ROTATION = ["create", "move", "deactivate", "delete"]
_STEPS = {"create": "make the second key", "move": "move every application to the second key",
          "deactivate": "deactivate the first key", "delete": "delete the first key"}


@exercise("02-rotate", hint="Two keys per user make rotation possible: the new key exists before anything "
          "stops using the old one, and deactivating (reversible) comes before deleting (final).")
def _(answer):
    if isinstance(answer, str) or not hasattr(answer, "__iter__"):
        return f"give a list of the four step names in order: {', '.join(repr(s) for s in sorted(_STEPS))}."
    steps = [str(step).strip().lower() for step in answer]
    if sorted(steps) != sorted(_ROTATION):
        return f"use each of the four steps exactly once: {', '.join(repr(s) for s in sorted(_STEPS))}."
    for earlier, later in zip(_ROTATION, _ROTATION[1:]):
        if steps.index(earlier) > steps.index(later):
            return f"'{later}' ({_STEPS[later]}) comes before '{earlier}' ({_STEPS[earlier]}): something breaks."
    return None
