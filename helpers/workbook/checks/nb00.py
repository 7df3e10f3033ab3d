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
