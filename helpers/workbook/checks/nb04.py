"""Exercises of notebook 04: Calling models with the key."""
from __future__ import annotations

from . import exercise, unanswered


_BOTOCORE_CASES = {
    "a": ("Bearer A", "the documented way: the variable is set before the client is made"),
    "b": ("error", "trap 1: the client found no key when it was made, so the call raises NoAuthTokenError"),
    "c": ("Bearer A", "a client keeps the key it was made with; a later value of the variable does not reach it"),
    "d": ("SigV4", "trap 2: with the variable gone at call time botocore signs with SigV4, silently"),
    "e": ("SigV4", "a signature version set in code (Config) wins over the variable"),
    "f": ("SigV4", "botocore uses the variable only for clients whose signing name is bedrock"),
}
_AUTH_ANSWERS = {"bearer a": "Bearer A", "bearer b": "Bearer B", "sigv4": "SigV4", "error": "error"}



@exercise("04-predict-botocore", hint="botocore takes the key when the client is made, prefers it only while "
          "AWS_BEARER_TOKEN_BEDROCK is still set at call time, yields to a signature version set in code, "
          "and reads the variable only for Bedrock clients.")
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
