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
