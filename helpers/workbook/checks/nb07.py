"""Exercises of notebook 07: Denied calls."""
from __future__ import annotations

from . import exercise


def _profile_in(policy) -> tuple[str, str, str] | None:
    """(account, source Region, profile id) of the first inference-profile ARN the policy names."""
    import re

    found = re.search(r"arn:aws:bedrock:([a-z0-9-]+):(\d{12}):inference-profile/([A-Za-z0-9.:-]+)", str(policy))
    return (found[2], found[1], found[3]) if found else None


@exercise("07-allow-streaming", hint="ConverseStream is authorized as bedrock:InvokeModelWithResponseStream, on "
          "the profile ARN and on the model ARN: add that action to both statements (or write bedrock:InvokeModel*), "
          "and keep their Resource and Condition as they are.")
def _(answer):
    from helpers.sandbox.bedrock.catalog import CATALOG
    from ..decide import decide

    if not isinstance(answer, dict) or "Statement" not in answer:
        return "give the fixed policy as a dict with a 'Statement' list, e.g. a copy of no_stream."
    found = _profile_in(answer)
    if found is None or CATALOG.profile(found[2]) is None:
        return "the policy names no inference-profile ARN of a known profile: keep the profile statement."
    account, region, profile_id = found
    profile = CATALOG.profile(profile_id)
    for key_type in ("SHORT_TERM", "LONG_TERM"):
        for destination in profile.destinations(region):
            for operation in ("Converse", "ConverseStream"):
                verdict = decide(answer, operation, profile_id, region, key_type, account, destination)
                if not verdict.allowed:
                    return (f"{operation} with a {key_type} key, routed to {destination}, is refused: "
                            f"{verdict.explain()}")
    other = "us-east-1" if region != "us-east-1" else "us-west-2"
    too_much = [("another model", "us.anthropic.claude-haiku-5-5", region),
                ("the bare model id", profile.model_id, region),
                (f"the profile called from {other}", profile_id, other)]
    for what, model, where in too_much:
        for operation in ("Converse", "ConverseStream"):
            if decide(answer, operation, model, where, "SHORT_TERM", account).allowed:
                return f"it also allows {operation} on {what} ({model}): the base policy refuses that."
    return None
