"""Exercises of part 1: notebooks 00-05 (what keys are, both kinds, calling models with one)."""
from __future__ import annotations

from datetime import timedelta

from ..keys import inspect_key
from . import exercise


# --- 00 Start here ---------------------------------------------------------------------------
@exercise("00-parameters", hint="Three of the four parameters change: target, region and prefix; "
          "model keeps its default. Nothing else belongs there.")
def _(answer):
    if not isinstance(answer, dict):
        return "give a dict, e.g. {'target': ..., ...}."
    secret = [k for k in answer if any(w in str(k).lower() for w in ("key", "secret", "token", "password"))]
    if secret:
        return f"{secret} looks like a credential: papermill writes parameters into the output notebook."
    unknown = set(answer) - {"target", "region", "model", "prefix"}
    if unknown:
        return f"{sorted(unknown)} is not a parameter of the course's notebooks."
    expected = {"target": "sandbox", "region": "us-east-1", "prefix": "alice"}
    for name, value in expected.items():
        if answer.get(name) != value:
            return f"{name} should be {value!r}, not {answer.get(name)!r}."
    return None


# --- 01 API keys in context ------------------------------------------------------------------
@exercise("01-header", hint="AWS's page api-keys-use shows the header; x-api-key is the Anthropic "
          "API's own header, accepted by Bedrock only on its Anthropic Messages routes.")
def _(answer):
    text = str(answer).strip().lower()
    if "x-api-key" in text:
        return "x-api-key is not the header for Bedrock's native APIs (Converse, InvokeModel)."
    if not text.startswith("authorization"):
        return "name the header itself, e.g. 'Some-Header: <scheme> <key>'."
    if "bearer" not in text:
        return "right header; now say which scheme comes before the key."
    return None


_SERVICES = {"bedrock", "bedrock-runtime", "iam", "sts", "s3"}


@exercise("01-reach", hint="A key authenticates to Bedrock only: its control plane and its runtime. "
          "Everything else, IAM and STS included, needs IAM credentials signed with SigV4.")
def _(answer):
    chosen = {str(s).lower() for s in answer}
    if chosen - _SERVICES:
        return f"choose among {sorted(_SERVICES)}; {sorted(chosen - _SERVICES)} is not one of them."
    if chosen & {"iam", "sts", "s3"}:
        return f"{sorted(chosen & {'iam', 'sts', 's3'})} refuse a Bedrock API key."
    if chosen != {"bedrock", "bedrock-runtime"}:
        return "one of Bedrock's two endpoints is missing."
    return None


# --- 02 Long-term keys -----------------------------------------------------------------------
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


# --- 03 Short-term keys ----------------------------------------------------------------------
@exercise("03-one-hour-east", hint="provide_token(region='us-east-1', expiry=timedelta(hours=1)) "
          "(from aws_bedrock_token_generator import provide_token; from datetime import timedelta).")
def _(answer):
    info = inspect_key(str(answer))
    if info.kind != "short-term":
        return f"that is {'a long-term key' if info.kind == 'long-term' else 'not a key'}; make a short-term one."
    if info.problems:
        return info.problems[0]
    if info.region != "us-east-1":
        return f"the key is bound to {info.region}, not us-east-1."
    if info.valid_for != timedelta(hours=1):
        return f"it is valid for {info.valid_for}, not 1 hour."
    return None


# --- 04 Calling models with the key ----------------------------------------------------------
_BOTOCORE_CASES = {
    "a": ("Bearer A", "the documented way: the variable is set before the client is made"),
    "b": ("error", "trap 1: the client found no key when it was made, so the call raises NoAuthTokenError"),
    "c": ("Bearer A", "a client keeps the key it was made with; a later value of the variable does not reach it"),
    "d": ("SigV4", "trap 2: with the variable gone at call time botocore signs with SigV4, silently"),
    "e": ("SigV4", "a signature version set in code (Config) wins over the variable"),
    "f": ("SigV4", "botocore uses the variable only for clients whose signing name is bedrock"),
}
_AUTH_ANSWERS = {"bearer a": "Bearer A", "bearer b": "Bearer B", "sigv4": "SigV4", "error": "error"}


def _unanswered(answer, parts, example: str) -> str | None:
    """What is missing from a dict answer with one entry per part (entries left as `...`), or None."""
    if not isinstance(answer, dict):
        return f"give a dict: {example}."
    missing = [part for part in parts if answer.get(part, ...) is ...]
    return f"no answer yet for {', '.join(missing)}." if missing else None


@exercise("04-predict-botocore", hint="botocore takes the key when the client is made, prefers it only while "
          "AWS_BEARER_TOKEN_BEDROCK is still set at call time, yields to a signature version set in code, "
          "and reads the variable only for Bedrock clients.")
def _(answer):
    unanswered = _unanswered(answer, _BOTOCORE_CASES, '{"a": "Bearer A", "b": ..., ...}')
    if unanswered:
        return unanswered
    for case, (right, why) in _BOTOCORE_CASES.items():
        given = _AUTH_ANSWERS.get(str(answer[case]).strip().lower())
        if given is None:
            return f'case {case}: answer with "Bearer A", "Bearer B", "SigV4" or "error", not {answer[case]!r}.'
        if given != right:
            return f"case {case} is not {given!r}: {why}."
    return None


# --- 05 One key, many APIs -------------------------------------------------------------------
# job -> (API shape it needs, endpoint it must use or None, model name as api_table() names it)
_JOBS = {
    "gpt-5.4": ("responses", None, "GPT-5.4"),
    "gpt-oss-chat": ("chat-completions", "bedrock-runtime", "gpt-oss-120b"),
    "haiku-count": ("count-tokens", None, "Claude Haiku 4.5"),
}


@exercise("05-pick-a-path", hint="Look the model up in api_table(): each row gives an endpoint, an API shape, "
          "the path and the model id that endpoint expects (mantle's ids have no version suffix).")
def _(answer):
    from helpers.sandbox.bedrock import api_table  # the catalog only: nothing starts, nothing is sent

    unanswered = _unanswered(answer, _JOBS, '{"gpt-5.4": (endpoint, path, model id), ...}')
    if unanswered:
        return unanswered
    rows = api_table()
    for job, (shape, endpoint, name) in _JOBS.items():
        try:
            given_endpoint, path, model = (str(part).strip() for part in answer[job])
        except (TypeError, ValueError):
            return f"{job}: give a tuple (endpoint, path, model id)."
        given_endpoint = "bedrock-mantle" if "mantle" in given_endpoint else (
            "bedrock-runtime" if "runtime" in given_endpoint else given_endpoint)
        if endpoint and given_endpoint != endpoint:
            return f"{job}: the job says {endpoint}, not {given_endpoint}."
        fits = [r for r in rows if r["name"] == name and r["shape"] == shape]
        on_endpoint = [r for r in fits if r["endpoint"] == given_endpoint]
        if not on_endpoint:
            return f"{job}: {given_endpoint} does not serve {name} in the {shape} shape."
        if model not in {r["model"] for r in on_endpoint}:
            return f"{job}: {given_endpoint} does not know {name} as {model!r}."
        if path not in {r["path"] for r in on_endpoint}:
            other = {r["shape"] for r in rows if r["endpoint"] == given_endpoint and r["path"] == path}
            if other:
                return f"{job}: {path} is the {', '.join(sorted(other))} path; the job needs {shape}."
            return f"{job}: {name}'s {shape} path on {given_endpoint} is not {path!r}."
    return None
