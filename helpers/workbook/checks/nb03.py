"""Exercises of notebook 03: Short-term keys."""
from __future__ import annotations

from datetime import timedelta
from ..keys import inspect_key
from . import exercise


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
