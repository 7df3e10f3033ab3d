"""Exercises of notebook 00: Start here."""
from __future__ import annotations

from . import exercise


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


WHERE = {
    "costs-money": "aws",
    "canned-model-replies": "sandbox",
    "asks-to-confirm-the-account": "aws",
    "same-boto3-code": "both",
}


@exercise("00-sandbox-or-aws", hint="The sandbox is offline: nothing is billed and the model's replies "
          "are fixed text. On AWS, setup stops until you confirm the account. The cells are the same code "
          "on both: only the environment setup writes differs.")
def _(answer):
    if not isinstance(answer, dict):
        return "give a dict, e.g. {'costs-money': 'sandbox', ...}."
    missing = [case for case in WHERE if answer.get(case, ...) is ...]
    if missing:
        return f"no answer yet for {missing}."
    extra = sorted(set(answer) - set(WHERE))
    if extra:
        return f"{extra} is not one of the statements."
    odd = {case: value for case, value in answer.items() if value not in ("sandbox", "aws", "both")}
    if odd:
        return f"answer each with 'sandbox', 'aws' or 'both', not {odd}."
    wrong = [case for case, right in WHERE.items() if answer[case] != right]
    return f"look again at {wrong}." if wrong else None
