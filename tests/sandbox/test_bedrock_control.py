"""The Bedrock control plane through boto3's `bedrock` client: what it lists and finds, how it pages,
and which action on which resource each operation needs (read from IAM's denials)."""
import base64
from datetime import date

import pytest

from .conftest import HAIKU, HAIKU_PROFILE
from .test_bedrock_runtime import (ACCOUNT, HAIKU_45, PROFILE_ARN, Grantee, admin, allow, fm, profile_arn,
                                   refusal)


def control(region="us-west-2"):
    return admin("bedrock", region)


def test_list_foundation_models_in_us_west_2(fresh):
    models = {m["modelId"]: m for m in control().list_foundation_models()["modelSummaries"]}
    haiku = models[HAIKU]
    assert haiku["modelArn"] == fm("us-west-2")
    assert haiku["modelLifecycle"]["status"] == "LEGACY"
    assert haiku["modelLifecycle"]["endOfLifeTime"].year == 2026
    assert haiku["inferenceTypesSupported"] == ["ON_DEMAND"]
    assert models[HAIKU_45]["inferenceTypesSupported"] == ["INFERENCE_PROFILE"]
    assert models["amazon.nova-micro-v1:0"]["inferenceTypesSupported"] == ["INFERENCE_PROFILE"]
    assert "openai.gpt-oss-20b-1:0" in models


@pytest.mark.parametrize("filters, expect_in, expect_out", [
    ({"byProvider": "anthropic"}, HAIKU, "amazon.nova-micro-v1:0"),
    ({"byOutputModality": "EMBEDDING"}, "amazon.titan-embed-text-v2:0", HAIKU),
    ({"byInferenceType": "ON_DEMAND"}, HAIKU, HAIKU_45),
    ({"byCustomizationType": "FINE_TUNING"}, "amazon.nova-micro-v1:0", HAIKU),
])
def test_list_filters(fresh, filters, expect_in, expect_out):
    ids = [m["modelId"] for m in control().list_foundation_models(**filters)["modelSummaries"]]
    assert expect_in in ids and expect_out not in ids


def test_list_filter_enum_is_validated(fresh):
    status, code, message = refusal(lambda: control().list_foundation_models(byInferenceType="SOMETIMES"))
    assert (status, code) == (400, "ValidationException")
    assert "Member must satisfy enum value set: [ON_DEMAND, PROVISIONED]" in message


def test_get_foundation_model_by_id_and_arn(fresh):
    bedrock = control()
    details = bedrock.get_foundation_model(modelIdentifier=HAIKU)["modelDetails"]
    assert details["modelId"] == HAIKU and details["providerName"] == "Anthropic"
    assert bedrock.get_foundation_model(modelIdentifier=fm("us-west-2"))["modelDetails"] == details
    for other in (fm("us-east-1"), PROFILE_ARN):
        assert refusal(lambda: bedrock.get_foundation_model(modelIdentifier=other)) == (
            400, "ValidationException", "The provided model identifier is invalid."), other


def test_get_unknown_foundation_model(fresh):
    assert refusal(lambda: control().get_foundation_model(modelIdentifier="anthropic.claude-0")) == (
        400, "ValidationException", "The provided model identifier is invalid.")


def test_list_inference_profiles_and_pagination(fresh):
    bedrock = control()
    first = bedrock.list_inference_profiles(maxResults=2, typeEquals="SYSTEM_DEFINED")
    assert len(first["inferenceProfileSummaries"]) == 2 and first["nextToken"]
    seen = [p["inferenceProfileId"] for p in first["inferenceProfileSummaries"]]
    token = first["nextToken"]
    while token:
        page = bedrock.list_inference_profiles(maxResults=2, nextToken=token)
        seen += [p["inferenceProfileId"] for p in page["inferenceProfileSummaries"]]
        token = page.get("nextToken")
    everything = [p["inferenceProfileId"] for p in bedrock.list_inference_profiles()["inferenceProfileSummaries"]]
    assert seen == everything and len(set(seen)) == len(seen)
    pages = bedrock.get_paginator("list_inference_profiles").paginate(PaginationConfig={"PageSize": 3})
    assert [p["inferenceProfileId"] for page in pages for p in page["inferenceProfileSummaries"]] == everything
    assert HAIKU_PROFILE in seen and not any(p.startswith("eu.") for p in seen)
    assert bedrock.list_inference_profiles(typeEquals="APPLICATION")["inferenceProfileSummaries"] == []


@pytest.mark.parametrize("arguments, message", [
    ({"maxResults": 0}, "Member must have value greater than or equal to 1"),
    ({"maxResults": 1001}, "Member must have value less than or equal to 1000"),
    ({"nextToken": "not-a-token"}, "The provided pagination token is invalid."),
    ({"nextToken": base64.urlsafe_b64encode(b"sandbox:-1").decode()}, "The provided pagination token is invalid."),
    ({"nextToken": base64.urlsafe_b64encode(b"other:2").decode()}, "The provided pagination token is invalid."),
    ({"typeEquals": "MINE"}, "Member must satisfy enum value set: [SYSTEM_DEFINED, APPLICATION]"),
])
def test_list_inference_profiles_validation(fresh, arguments, message):
    status, code, text = refusal(lambda: control().list_inference_profiles(**arguments))
    assert (status, code) == (400, "ValidationException") and message in text


def test_get_inference_profile_lists_destination_models_per_source_region(fresh):
    bedrock = control()
    profile = bedrock.get_inference_profile(inferenceProfileIdentifier=HAIKU_PROFILE)
    assert profile["inferenceProfileArn"] == PROFILE_ARN and profile["type"] == "SYSTEM_DEFINED"
    assert profile["status"] == "ACTIVE"
    assert [m["modelArn"] for m in profile["models"]] == [fm("us-east-1"), fm("us-west-2")]
    by_arn = bedrock.get_inference_profile(inferenceProfileIdentifier=PROFILE_ARN)
    del profile["ResponseMetadata"], by_arn["ResponseMetadata"]
    assert by_arn == profile
    from_ohio = control("us-east-2").get_inference_profile(inferenceProfileIdentifier=HAIKU_PROFILE)
    assert from_ohio["inferenceProfileArn"] == profile_arn("us-east-2")
    assert [m["modelArn"].split(":")[3] for m in from_ohio["models"]] == ["us-east-1", "us-east-2", "us-west-2"]


def test_get_inference_profile_not_offered_here(fresh):
    bedrock = control()
    for identifier in ("eu.anthropic.claude-3-haiku-20240307-v1:0", profile_arn("us-east-1"), "us.nothing", fm("us-west-2")):
        status, code, _ = refusal(lambda: bedrock.get_inference_profile(inferenceProfileIdentifier=identifier))
        assert (status, code) == (404, "ResourceNotFoundException"), identifier


def test_each_control_operation_needs_its_action_on_its_resource(fresh):
    user = Grantee()
    bedrock = user.client("bedrock")
    user.denied(bedrock.list_foundation_models, "bedrock:ListFoundationModels", "*")
    user.denied(bedrock.list_inference_profiles, "bedrock:ListInferenceProfiles", "*")
    user.denied(lambda: bedrock.get_foundation_model(modelIdentifier=HAIKU), "bedrock:GetFoundationModel", fm("us-west-2"))
    user.denied(lambda: bedrock.get_inference_profile(inferenceProfileIdentifier=HAIKU_PROFILE),
                "bedrock:GetInferenceProfile", PROFILE_ARN)
    user.allow(allow(["bedrock:ListFoundationModels", "bedrock:ListInferenceProfiles"], "*"),
               allow("bedrock:GetFoundationModel", fm("us-west-2")),
               allow("bedrock:GetInferenceProfile", PROFILE_ARN))
    assert bedrock.list_foundation_models()["modelSummaries"]
    assert bedrock.list_inference_profiles()["inferenceProfileSummaries"]
    assert bedrock.get_foundation_model(modelIdentifier=HAIKU)["modelDetails"]["modelId"] == HAIKU
    assert bedrock.get_inference_profile(inferenceProfileIdentifier=HAIKU_PROFILE)["inferenceProfileId"] == HAIKU_PROFILE
    user.denied(lambda: bedrock.get_foundation_model(modelIdentifier=HAIKU_45), "bedrock:GetFoundationModel",
                fm("us-west-2", HAIKU_45))
    # The resource is checked before the identifier is: an unknown one is denied, not "invalid".
    user.denied(lambda: bedrock.get_foundation_model(modelIdentifier="anthropic.claude-0"),
                "bedrock:GetFoundationModel", fm("us-west-2", "anthropic.claude-0"))
    user.denied(lambda: bedrock.get_inference_profile(inferenceProfileIdentifier="us.nothing"),
                "bedrock:GetInferenceProfile", f"arn:aws:bedrock:us-west-2:{ACCOUNT}:inference-profile/us.nothing")


def test_claude_3_haiku_is_gone_from_the_catalog_today_and_back_in_a_replay(today):
    bedrock, canada = control(), control("ca-central-1")
    with today.replay_date(date(2026, 9, 9)):  # the day before its end of life
        assert HAIKU in [m["modelId"] for m in bedrock.list_foundation_models()["modelSummaries"]]
    assert HAIKU not in [m["modelId"] for m in bedrock.list_foundation_models()["modelSummaries"]]
    assert refusal(lambda: bedrock.get_foundation_model(modelIdentifier=HAIKU))[:2] == (404, "ResourceNotFoundException")
    assert HAIKU in [m["modelId"] for m in canada.list_foundation_models()["modelSummaries"]]
    assert canada.get_foundation_model(modelIdentifier=HAIKU)["modelDetails"]["modelLifecycle"]["status"] == "LEGACY"


def test_unknown_control_plane_route(fresh):
    bedrock = control()
    for call in (bedrock.list_custom_models, lambda: bedrock.get_custom_model(modelIdentifier="x"),
                 lambda: bedrock.delete_inference_profile(inferenceProfileIdentifier=HAIKU_PROFILE)):
        assert refusal(call)[:2] == (404, "UnknownOperationException")
