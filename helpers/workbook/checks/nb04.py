"""Exercises of notebook 04: Calling models with the key."""
from __future__ import annotations

from . import exercise, unanswered


_BOTOCORE_CASES = {
    "a": ("Bearer A", "the documented way: the variable is set before the client is made"),
    "b": ("error", "trap 1: the client found no key when it was made, so the call raises NoAuthTokenError"),
    "c": ("Bearer A", "a client keeps the key it was made with; a later value of the variable does not reach it"),
    "d": ("SigV4", "trap 2: with the variable gone at call time botocore signs with SigV4, silently"),
    "e": ("SigV4", "a signature version set in code (Config) wins over the variable"),
    "f": ("SigV4", "IAM's service model offers no bearer auth, and its signing name is iam, not bedrock"),
    "g": ("SigV4", "bedrock-agent signs as bedrock, but its service model lists only SigV4 (no "
                   "smithy.api#httpBearerAuth), so botocore never sends it the key; AWS: keys do not work with Agents"),
}
_AUTH_ANSWERS = {"bearer a": "Bearer A", "bearer b": "Bearer B", "sigv4": "SigV4", "error": "error"}



@exercise("04-predict-botocore", hint="botocore takes the key when the client is made, prefers it only while "
          "AWS_BEARER_TOKEN_BEDROCK is still set at call time, yields to a signature version set in code, "
          "and sends the key only to clients signing as bedrock whose service model allows bearer auth.")
def _(answer):
    missing = unanswered(answer, _BOTOCORE_CASES, '{"a": "Bearer A", "b": ..., ...}')
    if missing:
        return missing
    for case, (right, why) in _BOTOCORE_CASES.items():
        given = _AUTH_ANSWERS.get(str(answer[case]).strip().lower())
        if given is None:
            return f'case {case}: answer with "Bearer A", "Bearer B", "SigV4" or "error", not {answer[case]!r}.'
        if given != right:
            return f"case {case} is not {given!r}: {why}."
    return None


_COUNTED_MODELS = ("Claude 3 Haiku", "Claude Sonnet 4.5", "Nova Pro")
_ENDPOINTS = {"bedrock-runtime", "bedrock-mantle", "neither"}


@exercise("04-count-where", hint="AWS's count-tokens page: some Claude models (those launched with cross-Region "
          "inference only among them) are counted with count_tokens on bedrock-mantle, not with CountTokens on "
          "bedrock-runtime; the count-tokens rows of api_table() say which endpoint counts which model.")
def _(answer):
    from helpers.sandbox.bedrock import api_table  # the catalog only: nothing starts, nothing is sent

    missing = unanswered(answer, _COUNTED_MODELS, '{"Claude 3 Haiku": "bedrock-runtime", ...}')
    if missing:
        return missing
    counted = {}
    for row in api_table():
        if row["shape"] == "count-tokens":
            counted.setdefault(row["name"], row["endpoint"])  # runtime rows come first
    for name in _COUNTED_MODELS:
        given = str(answer[name]).strip().lower()
        if given not in _ENDPOINTS:
            return f'{name}: answer "bedrock-runtime", "bedrock-mantle" or "neither", not {answer[name]!r}.'
        right = counted.get(name, "neither")
        if given != right:
            return f"{name} is not counted on {given}." if given != "neither" else f"{name} is counted somewhere."
    return None
