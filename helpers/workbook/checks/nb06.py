"""Exercises of notebook 06: The Haiku-only policy."""
from __future__ import annotations

from . import exercise


_H55_PROFILE = "arn:aws:bedrock:us-west-2:111122223333:inference-profile/us.anthropic.claude-haiku-5-5"
_INVOKE = ("bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream")


def _destinations() -> tuple[str, ...]:
    """Where the profile routes from us-west-2: what get_inference_profile answers (the catalog)."""
    from helpers.sandbox.bedrock.catalog import CATALOG

    return CATALOG.profile("us.anthropic.claude-haiku-5-5").destinations("us-west-2")


def _every_region() -> set[str]:
    """Every Region the catalog knows, as source or destination of any profile."""
    from helpers.sandbox.bedrock.catalog import CATALOG

    return {r for p in CATALOG.profiles.values() for source, ds in p.raw["routes"].items() for r in (source, *ds)}


def _foundation_model(region: str, model_id: str = "anthropic.claude-haiku-5-5") -> str:
    return f"arn:aws:bedrock:{region}::foundation-model/{model_id}"


@exercise("06-haiku-5-5-policy", hint="Call profile_policy('111122223333', 'us-west-2', "
          "'us.anthropic.claude-haiku-5-5', 'anthropic.claude-haiku-5-5', regions) with the Regions of the "
          "modelArn entries that get_inference_profile returns for that profile from us-west-2.")
def _(answer):
    from helpers.policy import Policy, evaluate

    if not isinstance(answer, (dict, str)):
        return "give the policy document, a dict with 'Version' and 'Statement'."
    policy = Policy(answer)

    def allowed(action, resource, context=None):
        return evaluate(action, resource, context, identity_policies=[policy]).allowed

    through = {"bedrock:InferenceProfileArn": _H55_PROFILE}
    if not allowed("bedrock:CallWithBearerToken", "*", {"bedrock:bearerTokenType": "LONG_TERM"}):
        return "the key cannot be used at all: allow bedrock:CallWithBearerToken on *."
    for action in _INVOKE:
        if not allowed(action, _H55_PROFILE):
            return f"{action} on the profile {_H55_PROFILE} is refused, so every call fails before routing."
        for region in _destinations():
            if not allowed(action, _foundation_model(region), through):
                return (f"a call routed to {region} would be refused: {action} on {_foundation_model(region)} "
                        "is not allowed through the profile.")
    if allowed("bedrock:InvokeModel", _foundation_model("us-west-2")):
        return ("the model can be called directly, without the profile: put its statement under a condition "
                "on bedrock:InferenceProfileArn.")
    others = [("bedrock:InvokeModel", "arn:aws:bedrock:us-west-2:111122223333:inference-profile/"
               "us.anthropic.claude-haiku-4-5-20251001-v1:0"),
              ("bedrock:InvokeModel", _foundation_model("us-west-2", "anthropic.claude-haiku-4-5-20251001-v1:0")),
              ("bedrock:CreateInferenceProfile", "*"), ("iam:CreateUser", "*")]
    for action, resource in others:
        if allowed(action, resource, through):
            return f"it also allows {action} on {resource}: allow key use and InvokeModel* on this profile and model only."
    extra = sorted(r for r in _every_region() | {""} if r not in _destinations()
                   and allowed("bedrock:InvokeModel", _foundation_model(r), through))
    if extra:
        shown = ", ".join(r or "the Region-less ARN" for r in extra[:3]) + (", ..." if len(extra) > 3 else "")
        return (f"it also allows the model in {shown}, where this profile never routes from us-west-2: "
                "name exactly the destinations get_inference_profile lists.")
    return None


_SEED_PROFILE = "us.anthropic.claude-3-haiku-20240307-v1:0"
_EAST_2_PROFILE = f"arn:aws:bedrock:us-east-2:111122223333:inference-profile/{_SEED_PROFILE}"
_EAST_2_MODEL = "arn:aws:bedrock:us-east-2::foundation-model/anthropic.claude-3-haiku-20240307-v1:0"


@exercise("06-two-arns", hint="The profile ARN carries the Region you call and your account; the model ARN "
          "carries the Region the call lands in and no account. The profile is checked first.")
def _(answer):
    if not isinstance(answer, (list, tuple)) or len(answer) != 2 or not all(isinstance(a, str) for a in answer):
        return "give a list of two ARN strings: the first checked, then the second."
    first, second = (a.strip() for a in answer)
    if [first, second] == [_EAST_2_MODEL, _EAST_2_PROFILE]:
        return "both ARNs are right, in the wrong order: the profile is checked before the model behind it."
    if first != _EAST_2_PROFILE:
        if ":inference-profile/" not in first:
            return "the first ARN IAM checks is the inference profile's."
        return (f"the profile's ARN is {_EAST_2_PROFILE.replace('111122223333', '<account>')} with your account: "
                "the Region you call from, then the account, then inference-profile/<id>.")
    if second != _EAST_2_MODEL:
        if ":foundation-model/" not in second:
            return "the second ARN is the foundation model's, in the Region the call lands in."
        if second.split(":")[4]:
            return "a foundation-model ARN has no account: the model is AWS's (arn:aws:bedrock:<Region>::foundation-model/...)."
        return "the model ARN names the Region the call lands in (us-east-2 here) and the model id without the us. prefix."
    return None
