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


def mystery_key() -> str:
    """A synthetic short-term key (no secret in it) for the decoding exercise."""
    from ..inspector import _short_term

    return _short_term("ap-southeast-2", "ASIA" + "IOSFODNN7EXAMPLE", 7200, session_token="EXAMPLE-SESSION-TOKEN")


@exercise("03-read-the-key", hint="anatomy(mystery) lists the key's parts: the Region is the third part of "
          "X-Amz-Credential, the lifetime is X-Amz-Expires in seconds, and X-Amz-Security-Token is there only "
          "when the key was made from temporary credentials.")
def _(answer):
    from ..keys import inspect_key

    if not isinstance(answer, dict) or any(answer.get(part, ...) is ... for part in ("region", "hours", "temporary")):
        return 'give a dict {"region": ..., "hours": ..., "temporary": True or False}.'
    info = inspect_key(mystery_key())
    if str(answer["region"]).strip() != info.region:
        return f"{answer['region']!r} is not the Region in its credential scope."
    if answer["hours"] != info.valid_for.total_seconds() / 3600:
        return f"{answer['hours']!r} hours is not what X-Amz-Expires says."
    if answer["temporary"] is not ("X-Amz-Security-Token" in dict(_parts())):
        return "look for X-Amz-Security-Token: is there a session token in the key?"
    return None


def _parts():
    from ..keys import anatomy

    return anatomy(mystery_key())
