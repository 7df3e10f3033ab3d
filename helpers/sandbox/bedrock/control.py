"""Bedrock control plane: ListFoundationModels, GetFoundationModel, ListInferenceProfiles,
GetInferenceProfile, shaped as botocore's `bedrock` service model so boto3 parses them."""
import base64
import json
from urllib.parse import parse_qs, unquote

from ..errors import AwsError, not_found, validation
from . import lifecycle, replies
from .catalog import CATALOG, Model, Profile, fm_arn, profile_arn
from .runtime import INVALID_ID, json_headers, unknown_operation

ENUMS = {
    "byOutputModality": ["TEXT", "IMAGE", "EMBEDDING"],
    "byInferenceType": ["ON_DEMAND", "PROVISIONED"],
    "byCustomizationType": ["FINE_TUNING", "CONTINUED_PRE_TRAINING", "DISTILLATION"],
    "type": ["SYSTEM_DEFINED", "APPLICATION"],
}


def _enum_error(name: str, value: str) -> AwsError:
    allowed = ", ".join(ENUMS[name])
    return validation(f"1 validation error detected: Value '{value}' at '{name}' failed to satisfy constraint: "
                      f"Member must satisfy enum value set: [{allowed}]")


def _query(call) -> dict[str, str]:
    values = parse_qs(call.query or "", keep_blank_values=True)
    query = {k: v[-1] for k, v in values.items()}
    for name, allowed in ENUMS.items():
        if name in query and query[name] not in allowed:
            raise _enum_error(name, query[name])
    return query


def model_summary(model: Model, region: str) -> dict:
    raw = model.raw
    return {
        "modelArn": fm_arn(region, model.id), "modelId": model.id, "modelName": model.name,
        "providerName": model.provider, "inputModalities": list(raw["inputModalities"]),
        "outputModalities": list(raw["outputModalities"]),
        "responseStreamingSupported": model.streaming,
        "customizationsSupported": list(raw["customizationsSupported"]),
        "inferenceTypesSupported": CATALOG.inference_types(model, region),
        "modelLifecycle": dict(raw["modelLifecycle"]),
    }


def list_foundation_models(call, authz):
    query = _query(call)
    authz.require("bedrock:ListFoundationModels", "*")
    summaries = []
    for model in CATALOG.models_in(call.region):
        if lifecycle.past_end_of_life(model, call.region, call.now):
            continue
        if "byProvider" in query and model.provider.lower() != query["byProvider"].lower():
            continue
        if "byOutputModality" in query and query["byOutputModality"] not in model.raw["outputModalities"]:
            continue
        if "byInferenceType" in query and query["byInferenceType"] not in CATALOG.inference_types(model, call.region):
            continue
        if "byCustomizationType" in query and query["byCustomizationType"] not in model.raw["customizationsSupported"]:
            continue
        summaries.append(model_summary(model, call.region))
    return _json(call, {"modelSummaries": summaries})


def get_foundation_model(call, authz, identifier: str):
    model = CATALOG.model(identifier)
    model_id = model.id if model else unquote(identifier)
    authz.require("bedrock:GetFoundationModel", fm_arn(call.region, model_id))
    if model is None or not CATALOG.listed_in(model, call.region):
        raise validation(INVALID_ID)
    if unquote(identifier).startswith("arn:") and unquote(identifier) != fm_arn(call.region, model.id):
        raise validation(INVALID_ID)
    lifecycle.require_alive(model, call.region, call.now)
    return _json(call, {"modelDetails": model_summary(model, call.region)})


def profile_summary(profile: Profile, region: str, account: str) -> dict:
    raw = profile.raw
    if profile.is_global:  # as AWS lists it: the Region-less ARN (any commercial Region), then the source's
        models = [fm_arn("", profile.model_id), fm_arn(region, profile.model_id)]
    else:
        models = [fm_arn(d, profile.model_id) for d in profile.destinations(region)]
    return {
        "inferenceProfileName": raw["inferenceProfileName"], "description": raw["description"],
        "createdAt": raw["createdAt"], "updatedAt": raw["updatedAt"],
        "inferenceProfileArn": profile_arn(region, account, profile.id),
        "models": [{"modelArn": m} for m in models],
        "inferenceProfileId": profile.id, "status": "ACTIVE", "type": "SYSTEM_DEFINED",
    }


def _token(offset: int) -> str:
    return base64.urlsafe_b64encode(f"sandbox:{offset}".encode()).decode()


def _offset(token: str) -> int:
    try:
        text = base64.urlsafe_b64decode(token.encode()).decode()
        prefix, number = text.split(":")
        if prefix != "sandbox" or int(number) < 0:
            raise ValueError
        return int(number)
    except (ValueError, UnicodeDecodeError):
        raise validation("The provided pagination token is invalid.") from None


def list_inference_profiles(call, authz):
    query = _query(call)
    authz.require("bedrock:ListInferenceProfiles", "*")
    limit = 1000
    if "maxResults" in query:
        try:
            limit = int(query["maxResults"])
        except ValueError:
            raise validation(f"1 validation error detected: Value '{query['maxResults']}' at 'maxResults' failed "
                             f"to satisfy constraint: Member must be a number") from None
        if not 1 <= limit <= 1000:
            rule = "greater than or equal to 1" if limit < 1 else "less than or equal to 1000"
            raise validation(f"1 validation error detected: Value '{limit}' at 'maxResults' failed to satisfy "
                             f"constraint: Member must have value {rule}")
    start = _offset(query["nextToken"]) if query.get("nextToken") else 0
    profiles = [] if query.get("type") == "APPLICATION" else list(CATALOG.profiles_in(call.region))
    account = authz.account
    page = profiles[start:start + limit]
    body = {"inferenceProfileSummaries": [profile_summary(p, call.region, account) for p in page]}
    if start + limit < len(profiles):
        body["nextToken"] = _token(start + limit)
    return _json(call, body)


def get_inference_profile(call, authz, identifier: str):
    account = authz.account
    profile = CATALOG.profile(identifier)
    text = unquote(identifier)
    profile_id = profile.id if profile else text.rsplit("/", 1)[-1]
    parn = profile_arn(call.region, account, profile_id)
    authz.require("bedrock:GetInferenceProfile", parn)
    if profile is None or call.region not in profile.source_regions or (text.startswith("arn:") and text != parn):
        raise not_found(f"Inference profile {profile_id} not found.")
    return _json(call, profile_summary(profile, call.region, account))


def _json(call, body: dict):
    key = replies.digest(call.region, call.path, call.query)
    return 200, json_headers(key), [json.dumps(body).encode()]


def handle(call, authz):
    path = call.path.split("?", 1)[0].rstrip("/") or "/"
    if call.method.upper() != "GET":
        raise unknown_operation()
    parts = path.split("/")[1:]
    if parts == ["foundation-models"]:
        return list_foundation_models(call, authz)
    if len(parts) == 2 and parts[0] == "foundation-models" and parts[1]:
        return get_foundation_model(call, authz, parts[1])
    if parts == ["inference-profiles"]:
        return list_inference_profiles(call, authz)
    if len(parts) == 2 and parts[0] == "inference-profiles" and parts[1]:
        return get_inference_profile(call, authz, parts[1])
    raise unknown_operation()
