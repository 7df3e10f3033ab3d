"""Bedrock control plane in-process, parsed by botocore's rest-json parser with the `bedrock` model."""
from urllib.parse import quote

import pytest
from botocore import parsers
from botocore.session import get_session

from helpers.sandbox.errors import AwsError

from .test_bedrock_runtime import ACCOUNT, HAIKU, HAIKU_PROFILE, PROFILE_ARN, RecordingAuthorizer, call, run

CONTROL = get_session().get_service_model("bedrock")


def get(path, query="", region="us-west-2", authz=None):
    status, headers, body, authz = run(call(path, method="GET", service="bedrock", region=region, query=query), authz)
    return status, headers, body, authz


def parse(operation, status, headers, body):
    return parsers.create_parser("rest-json").parse(
        {"status_code": status, "headers": headers, "body": body}, CONTROL.operation_model(operation).output_shape)


def fail(path, query="", region="us-west-2", authz=None) -> AwsError:
    with pytest.raises(AwsError) as caught:
        get(path, query, region, authz)
    return caught.value


def test_list_foundation_models_in_us_west_2():
    status, headers, body, authz = get("/foundation-models")
    assert authz.calls == [("bedrock:ListFoundationModels", "*", None)]
    models = {m["modelId"]: m for m in parse("ListFoundationModels", status, headers, body)["modelSummaries"]}
    haiku = models[HAIKU]
    assert haiku["modelArn"] == f"arn:aws:bedrock:us-west-2::foundation-model/{HAIKU}"
    assert haiku["modelLifecycle"]["status"] == "LEGACY"
    assert haiku["modelLifecycle"]["endOfLifeTime"].year == 2026
    assert haiku["inferenceTypesSupported"] == ["ON_DEMAND"]
    assert models["anthropic.claude-haiku-4-5-20251001-v1:0"]["inferenceTypesSupported"] == ["INFERENCE_PROFILE"]
    assert models["amazon.nova-micro-v1:0"]["inferenceTypesSupported"] == ["INFERENCE_PROFILE"]
    assert "openai.gpt-oss-20b-1:0" in models


@pytest.mark.parametrize("query, expect_in, expect_out", [
    ("byProvider=anthropic", HAIKU, "amazon.nova-micro-v1:0"),
    ("byOutputModality=EMBEDDING", "amazon.titan-embed-text-v2:0", HAIKU),
    ("byInferenceType=ON_DEMAND", HAIKU, "anthropic.claude-haiku-4-5-20251001-v1:0"),
    ("byCustomizationType=FINE_TUNING", "amazon.nova-micro-v1:0", HAIKU),
])
def test_list_filters(query, expect_in, expect_out):
    ids = [m["modelId"] for m in parse("ListFoundationModels", *get("/foundation-models", query)[:3])["modelSummaries"]]
    assert expect_in in ids and expect_out not in ids


def test_list_filter_enum_is_validated():
    err = fail("/foundation-models", "byInferenceType=SOMETIMES")
    assert err.code == "ValidationException" and "Member must satisfy enum value set: [ON_DEMAND, PROVISIONED]" in err.message


def test_get_foundation_model_by_id_and_arn():
    status, headers, body, authz = get(f"/foundation-models/{quote(HAIKU, safe='')}")
    details = parse("GetFoundationModel", status, headers, body)["modelDetails"]
    assert details["modelId"] == HAIKU and details["providerName"] == "Anthropic"
    assert authz.calls == [("bedrock:GetFoundationModel", f"arn:aws:bedrock:us-west-2::foundation-model/{HAIKU}", None)]
    arn = quote(f"arn:aws:bedrock:us-west-2::foundation-model/{HAIKU}", safe="")
    assert get(f"/foundation-models/{arn}")[0] == 200


def test_get_unknown_foundation_model():
    err = fail("/foundation-models/anthropic.claude-0")
    assert (err.status, err.message) == (400, "The provided model identifier is invalid.")


def test_list_inference_profiles_and_pagination():
    status, headers, body, authz = get("/inference-profiles", "maxResults=2&type=SYSTEM_DEFINED")
    first = parse("ListInferenceProfiles", status, headers, body)
    assert len(first["inferenceProfileSummaries"]) == 2 and first["nextToken"]
    seen = [p["inferenceProfileId"] for p in first["inferenceProfileSummaries"]]
    token = first["nextToken"]
    while token:
        page = parse("ListInferenceProfiles", *get("/inference-profiles", f"maxResults=2&nextToken={quote(token)}")[:3])
        seen += [p["inferenceProfileId"] for p in page["inferenceProfileSummaries"]]
        token = page.get("nextToken")
    everything = parse("ListInferenceProfiles", *get("/inference-profiles")[:3])["inferenceProfileSummaries"]
    assert seen == [p["inferenceProfileId"] for p in everything]
    assert HAIKU_PROFILE in seen and not any(p.startswith("eu.") for p in seen)
    assert parse("ListInferenceProfiles", *get("/inference-profiles", "type=APPLICATION")[:3])[
        "inferenceProfileSummaries"] == []


def test_get_inference_profile_lists_destination_models_per_source_region():
    status, headers, body, authz = get(f"/inference-profiles/{quote(HAIKU_PROFILE, safe='')}")
    profile = parse("GetInferenceProfile", status, headers, body)
    assert profile["inferenceProfileArn"] == PROFILE_ARN and profile["type"] == "SYSTEM_DEFINED"
    assert [m["modelArn"] for m in profile["models"]] == [
        f"arn:aws:bedrock:us-east-1::foundation-model/{HAIKU}", f"arn:aws:bedrock:us-west-2::foundation-model/{HAIKU}"]
    assert authz.calls == [("bedrock:GetInferenceProfile", PROFILE_ARN, None)]
    from_ohio = parse("GetInferenceProfile", *get(f"/inference-profiles/{HAIKU_PROFILE}", region="us-east-2")[:3])
    assert [m["modelArn"].split(":")[3] for m in from_ohio["models"]] == ["us-east-1", "us-east-2", "us-west-2"]
    assert get(f"/inference-profiles/{quote(PROFILE_ARN, safe='')}")[0] == 200


def test_get_inference_profile_not_offered_here():
    err = fail("/inference-profiles/eu.anthropic.claude-3-haiku-20240307-v1:0")
    assert (err.status, err.code) == (404, "ResourceNotFoundException")


def test_control_plane_denial_is_raised_before_work():
    err = fail("/foundation-models", authz=RecordingAuthorizer(deny={"*"}))
    assert (err.status, err.code) == (403, "AccessDeniedException")


def test_unknown_control_plane_route():
    assert fail("/custom-models/x/y").code == "UnknownOperationException"
