"""Exercises of notebook 01: API keys in context."""
from __future__ import annotations

import re

from . import exercise, unanswered

_HEADER = re.compile(r"^\s*(?P<name>[^:\s]+)\s*:\s*(?P<scheme>\S+)(?:\s+(?P<key>\S+))?\s*(?P<rest>.*)$")


@exercise("01-header", hint="AWS's page api-keys-use shows the header: its name, a colon, the scheme "
          "word, a space, the key. x-api-key is the Anthropic API's own header, accepted by Bedrock only "
          "on its Anthropic Messages routes.")
def _(answer):
    if not isinstance(answer, str):
        return "give the header as one string, 'Name: value'."
    parts = _HEADER.match(answer)
    if parts is None:
        return "write it as 'Name: value', with a colon after the header's name."
    if parts["name"].lower() == "x-api-key":
        return "x-api-key is not the header for Bedrock's native APIs (Converse, InvokeModel)."
    if parts["name"].lower() != "authorization":
        return f"{parts['name']!r} is not the header that carries credentials to AWS."
    if parts["scheme"].lower() != "bearer":
        return f"right header, but {parts['scheme']!r} is not the scheme that comes before a key."
    if parts["key"] is None:
        return "the scheme is right; now put <key> after it."
    if parts["rest"]:
        return f"nothing follows the key in this header, not {parts['rest']!r}."
    return None


REACH_CHOICES = {"bedrock", "bedrock-runtime", "bedrock-mantle", "bedrock-agent-runtime", "iam", "sts", "s3"}
REACHED = {"bedrock", "bedrock-runtime", "bedrock-mantle"}


@exercise("01-reach", hint="A key authenticates to Bedrock's control plane, its runtime, and the "
          "bedrock-mantle endpoint (which has its own IAM prefix). Not to Agents, and not to IAM, STS, "
          "S3 or any other service: those need IAM credentials signed with SigV4.")
def _(answer):
    if isinstance(answer, (str, bytes)):
        return "give a set of endpoint names, e.g. {'name', 'other-name'}, not one string."
    chosen = {str(s).strip().lower() for s in answer}
    if chosen - REACH_CHOICES:
        return f"choose among {sorted(REACH_CHOICES)}; {sorted(chosen - REACH_CHOICES)} is not one of them."
    wrong = chosen - REACHED
    if wrong:
        return f"{sorted(wrong)} refuse a Bedrock API key."
    missing = REACHED - chosen
    if missing:
        return f"{len(missing)} of the endpoints that take a key {'is' if len(missing) == 1 else 'are'} missing."
    return None


CREDENTIAL_CHOICES = ("sigv4", "short-term key", "long-term key")
CREDENTIAL_FOR = {
    "lambda-boto3": "sigv4",
    "service-openai-sdk": "short-term key",
    "afternoon-prototype": "long-term key",
    "ci-lists-iam-users": "sigv4",
}


@exercise("01-which-credential", hint="Code that has IAM credentials and uses boto3 signs with SigV4 and "
          "needs no key. A client that only takes an API key gets one: short-term in production (AWS's "
          "advice), long-term for exploration only. IAM refuses every key.")
def _(answer):
    missing = unanswered(answer, CREDENTIAL_FOR, "{'lambda-boto3': 'sigv4', ...}")
    if missing:
        return missing
    unknown = {k: v for k, v in answer.items() if str(v).strip().lower() not in CREDENTIAL_CHOICES}
    if unknown:
        return f"answer each with one of {list(CREDENTIAL_CHOICES)}, not {unknown}."
    extra = set(answer) - set(CREDENTIAL_FOR)
    if extra:
        return f"{sorted(extra)} is not one of the cases."
    wrong = [case for case, right in CREDENTIAL_FOR.items() if str(answer[case]).strip().lower() != right]
    if wrong:
        return f"look again at {wrong}."
    return None
