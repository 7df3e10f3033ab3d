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
    from ..decide import key_call_verdict

    if not isinstance(answer, dict) or "Statement" not in answer:
        return "give the fixed policy as a dict with a 'Statement' list, e.g. a copy of no_stream."
    found = _profile_in(answer)
    if found is None or CATALOG.profile(found[2]) is None:
        if _allows_any_model(answer):
            return ("it allows every model, not only streaming on your profile: keep no_stream's statements and "
                    "change only their actions.")
        return "the policy names no inference-profile ARN of a known profile: keep the profile statement."
    account, region, profile_id = found
    profile = CATALOG.profile(profile_id)
    for key_type in ("SHORT_TERM", "LONG_TERM"):
        for destination in [d for d in profile.destinations(region) if d] or [None]:
            for operation in ("Converse", "ConverseStream"):
                verdict = key_call_verdict(answer, operation, profile_id, region, key_type, account, destination)
                if not verdict.allowed:
                    return (f"{operation} with a {key_type} key, routed to {destination or 'its destination'}, "
                            f"is refused: {verdict.explain()}")
    other_model = next((p.id for p in CATALOG.profiles_in(region)
                        if p.model_id != profile.model_id and p.is_global == profile.is_global), None)
    other_region = next((r for r in profile.source_regions if r != region), None)
    too_much = [("another model", other_model, region), ("the bare model id", profile.model_id, region),
                (f"the profile called from {other_region}", profile_id, other_region)]
    for what, model, where in too_much:
        if model is None or where is None:
            continue
        for operation in ("Converse", "ConverseStream"):
            if key_call_verdict(answer, operation, model, where, "SHORT_TERM", account).allowed:
                return f"it also allows {operation} on {what} ({model}): the base policy refuses that."
    return None


def _allows_any_model(policy) -> bool:
    """Whether `policy` lets a key call a model it names nowhere (a blanket Allow, `*` resources)."""
    from helpers.policy import Policy, evaluate

    probe = "arn:aws:bedrock:us-west-2::foundation-model/example.no-model-named-here-v1:0"
    return evaluate("bedrock:InvokeModel", probe, {}, identity_policies=[Policy(policy)]).allowed


_WHO = {"a": "iam", "b": "key", "c": "model"}
_WHY = {"a": "'is not authorized to perform' is IAM's refusal: a policy was read and allowed nothing (or denied).",
        "b": "an expired key is refused before any policy is read: that is the key (authentication).",
        "c": "end of life is the model's answer: IAM may well allow the call."}


@exercise("07-who-refused", hint="'is not authorized to perform' is IAM; a short Message with no ARN is the key; "
          "ResourceNotFoundException after a model's end of life is the model.")
def _(answer):
    if not isinstance(answer, dict) or set(answer) != set(_WHO):
        return 'give a dict with the keys "a", "b" and "c", each "iam", "key" or "model".'
    for letter, who in _WHO.items():
        given = answer[letter]
        if given not in ("iam", "key", "model"):
            return f'{letter}: answer "iam", "key" or "model", not {given!r}.'
        if given != who:
            return f"{letter}: {_WHY[letter]}"
    return None
