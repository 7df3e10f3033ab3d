"""The catalog as clients see it: ListFoundationModels, GetFoundationModel, ListInferenceProfiles and
GetInferenceProfile in every Region, consistent with each other and with what can be invoked."""
import json
from datetime import datetime, timezone
from pathlib import Path

from helpers.sandbox.bedrock.catalog import CATALOG, api_table

from .conftest import HAIKU, HAIKU_PROFILE, MESSAGES, long_term_key
from .test_bedrock_runtime import HAIKU_45, admin, assert_aws_error, fm, profile_arn, refusal, wire

# The commercial Regions the sandbox's catalog answers in (boto3 lists no Regions for Bedrock).
REGIONS = ["us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1", "sa-east-1", "eu-central-1",
           "eu-central-2", "eu-north-1", "eu-south-1", "eu-south-2", "eu-west-1", "eu-west-2", "eu-west-3",
           "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1", "ap-southeast-1", "ap-southeast-2"]
EMBEDDING_BODIES = {"amazon.titan-embed": {"inputText": "hello"},
                    "cohere.embed": {"texts": ["hello"], "input_type": "search_query"}}
# Models bedrock-runtime serves in no shape but Responses (or in none: mantle-only, e.g. GPT-5.5).
RESPONSES_ONLY = {m.id for m in CATALOG.models.values() if not set(m.raw["apis"]["bedrock-runtime"]) - {"responses"}}


def catalog_in(region):
    bedrock = admin("bedrock", region)
    models = {m["modelId"]: m for m in bedrock.list_foundation_models()["modelSummaries"]}
    pages = bedrock.get_paginator("list_inference_profiles").paginate(PaginationConfig={"PageSize": 5})
    profiles = [p for page in pages for p in page["inferenceProfileSummaries"]]
    return bedrock, models, profiles


def test_every_catalog_entry_names_its_source():
    """A data check of catalog.json (not behaviour): each model and profile cites where it comes from."""
    from helpers.sandbox import bedrock

    document = json.loads((Path(bedrock.__file__).parent / "catalog.json").read_text(encoding="utf-8"))
    for entry in document["models"] + document["profiles"]:
        assert entry["source"], entry


def test_profiles_and_models_agree_in_every_region(fresh):
    seen_profiles = set()
    for region in REGIONS:
        bedrock, models, profiles = catalog_in(region)
        for model in models.values():
            assert model["modelArn"] == fm(region, model["modelId"])
            assert model["inferenceTypesSupported"] in (["ON_DEMAND"], ["INFERENCE_PROFILE"]), model
        for profile in profiles:
            pid = profile["inferenceProfileId"]
            seen_profiles.add(pid)
            scope, model_id = pid.split(".", 1)
            assert scope in ("us", "eu", "apac", "jp", "au", "in", "global")
            assert profile["inferenceProfileArn"] == profile_arn(region, pid)
            assert profile["models"], (region, pid)
            arns = [m["modelArn"] for m in profile["models"]]
            assert all(arn.endswith(f"::foundation-model/{model_id}") for arn in arns)
            if scope == "global":
                assert arns == [fm("", model_id), fm(region, model_id)]
            assert model_id in models, (region, pid)  # its model is listed where the profile is offered
            got = bedrock.get_inference_profile(inferenceProfileIdentifier=pid)
            del got["ResponseMetadata"]
            assert got == profile
    assert len(seen_profiles) == 19


def test_every_destination_model_exists_in_its_region(fresh):
    clients = {}
    for region in ("us-west-2", "eu-west-1", "ap-northeast-1", "sa-east-1"):
        for profile in catalog_in(region)[2]:
            for arn in (m["modelArn"] for m in profile["models"]):
                where = arn.split(":")[3] or region
                bedrock = clients.setdefault(where, admin("bedrock", where))
                assert bedrock.get_foundation_model(modelIdentifier=arn.split("/", 1)[1])["modelDetails"]


def test_every_listed_model_can_be_invoked_as_its_inference_types_say(fresh):
    for region in REGIONS:
        _, models, profiles = catalog_in(region)
        runtime = admin(region=region)
        for model_id, model in models.items():
            if model_id in RESPONSES_ONLY:  # its one API shape is Responses: test_bedrock_responses.py
                continue
            embedding = next((b for prefix, b in EMBEDDING_BODIES.items() if model_id.startswith(prefix)), None)
            if embedding is not None:
                call = lambda m: runtime.invoke_model(modelId=m, body=json.dumps(embedding))  # noqa: E731
            else:
                call = lambda m: runtime.converse(modelId=m, messages=MESSAGES)  # noqa: E731
            containing = [p["inferenceProfileId"] for p in profiles if p["inferenceProfileId"].endswith("." + model_id)]
            if model["inferenceTypesSupported"] == ["ON_DEMAND"]:
                assert call(model_id)["ResponseMetadata"]["HTTPStatusCode"] == 200, (region, model_id)
            else:
                try:
                    call(model_id)
                except runtime.exceptions.ValidationException as refused:
                    assert "with on-demand throughput isn\u2019t supported" in str(refused)
                else:
                    raise AssertionError(f"{model_id} answered on demand in {region}")
                assert containing, f"{model_id} is listed for profiles only in {region}, but none is offered there"
            for profile in containing:
                assert call(profile)["ResponseMetadata"]["HTTPStatusCode"] == 200, (region, profile)
            way = containing[0] if containing else model_id
            if model["responseStreamingSupported"]:
                assert list(runtime.converse_stream(modelId=way, messages=MESSAGES)["stream"]), (region, way)
            else:
                assert refusal(lambda: runtime.invoke_model_with_response_stream(
                    modelId=way, body=json.dumps(embedding)))[2] == "The model is unsupported for streaming."


def test_claude_3_haiku_is_legacy_with_the_documented_routes(fresh):
    details = admin("bedrock").get_foundation_model(modelIdentifier=HAIKU)["modelDetails"]
    assert details["modelLifecycle"]["status"] == "LEGACY"
    assert details["modelLifecycle"]["endOfLifeTime"] == datetime(2026, 9, 10, tzinfo=timezone.utc)
    assert details["responseStreamingSupported"] is True
    routes = {}
    for region in ("us-west-2", "us-east-1", "us-east-2"):
        profile = admin("bedrock", region).get_inference_profile(inferenceProfileIdentifier=HAIKU_PROFILE)
        routes[region] = {m["modelArn"].split(":")[3] for m in profile["models"]}
    assert routes == {"us-west-2": {"us-east-1", "us-west-2"}, "us-east-1": {"us-east-1", "us-west-2"},
                      "us-east-2": {"us-east-1", "us-east-2", "us-west-2"}}
    for region in ("us-west-1", "eu-west-1"):
        assert HAIKU_PROFILE not in [p["inferenceProfileId"] for p in catalog_in(region)[2]]


def test_models_that_need_a_profile_are_listed_as_inference_profile_only(fresh):
    west = {m["modelId"]: m for m in admin("bedrock").list_foundation_models()["modelSummaries"]}
    east = {m["modelId"]: m for m in admin("bedrock", "us-east-1").list_foundation_models()["modelSummaries"]}
    assert west[HAIKU_45]["inferenceTypesSupported"] == ["INFERENCE_PROFILE"]
    assert west["amazon.nova-micro-v1:0"]["inferenceTypesSupported"] == ["INFERENCE_PROFILE"]
    assert east["amazon.nova-micro-v1:0"]["inferenceTypesSupported"] == ["ON_DEMAND"]


def test_lookups_by_arn_encoded_or_not(fresh):
    arn = fm("us-east-1", "amazon.nova-pro-v1:0")
    east = admin("bedrock", "us-east-1")
    assert east.get_foundation_model(modelIdentifier=arn)["modelDetails"]["modelArn"] == arn
    parn = profile_arn("us-west-2")
    assert admin("bedrock").get_inference_profile(inferenceProfileIdentifier=parn)["inferenceProfileId"] == HAIKU_PROFILE
    session = wire(long_term_key("workbook-admin")["ServiceCredentialSecret"])
    for identifier in ("amazon.nova-pro-v1:0", "amazon.nova-pro-v1%3A0", arn.replace(":", "%3A").replace("/", "%2F")):
        answer = session.get(f"https://bedrock.us-east-1.amazonaws.com/foundation-models/{identifier}")
        assert answer.status_code == 200 and answer.json()["modelDetails"]["modelArn"] == arn, identifier
    encoded = parn.replace(":", "%3A").replace("/", "%2F")
    answer = session.get(f"https://bedrock.us-west-2.amazonaws.com/inference-profiles/{encoded}")
    assert answer.status_code == 200 and answer.json()["inferenceProfileArn"] == parn
    missing = session.get("https://bedrock.us-west-2.amazonaws.com/foundation-models/anthropic.claude-0")
    assert assert_aws_error(missing, 400, "ValidationException") == "The provided model identifier is invalid."
    missing = session.get("https://bedrock.us-west-2.amazonaws.com/inference-profiles/us.nothing")
    assert assert_aws_error(missing, 404, "ResourceNotFoundException")


def test_the_api_table_says_which_shape_answers_where_with_sources(fresh):
    """The table notebook 05 shows: Claude Haiku 4.5 answers Invoke, Converse and Messages on
    bedrock-runtime (its model card), not Responses or Chat Completions; mantle has its own ids."""
    rows = api_table()
    assert all(row["sources"] and row["endpoint"] in ("bedrock-runtime", "bedrock-mantle") for row in rows)
    haiku = {(r["endpoint"], r["shape"]) for r in rows if r["name"] == "Claude Haiku 4.5"}
    assert haiku == {("bedrock-runtime", "invoke"), ("bedrock-runtime", "converse"), ("bedrock-runtime", "messages"),
                     ("bedrock-mantle", "messages"), ("bedrock-mantle", "count-tokens")}
    mantle = {r["model"]: r["path"] for r in rows if r["endpoint"] == "bedrock-mantle" and r["shape"] == "responses"}
    assert mantle == {"openai.gpt-oss-20b": "/v1/responses", "openai.gpt-oss-120b": "/v1/responses",
                      "openai.gpt-5.4": "/openai/v1/responses", "openai.gpt-5.5": "/openai/v1/responses"}
    listed = {m["modelId"] for m in admin("bedrock").list_foundation_models()["modelSummaries"]}
    assert {r["model"] for r in rows if r["endpoint"] == "bedrock-runtime" and r["model"] in listed} >= {
        HAIKU_45}  # what the table names, the control plane lists
    gpt = {(r["endpoint"], r["shape"]) for r in rows if r["name"] == "GPT-5.4"}
    assert gpt == {("bedrock-mantle", "responses")} and "openai.gpt-5.4" in listed  # its card: mantle only


def test_claude_haiku_5_5_profile_routes_to_three_us_regions(fresh):
    """Reference §5: profile-only, and from us-west-2 to us-east-1, us-east-2 and us-west-2."""
    profile = admin("bedrock").get_inference_profile(inferenceProfileIdentifier="us.anthropic.claude-haiku-5-5")
    assert sorted(m["modelArn"] for m in profile["models"]) == [
        fm(region, "anthropic.claude-haiku-5-5") for region in ("us-east-1", "us-east-2", "us-west-2")]
    assert admin("bedrock").get_foundation_model(modelIdentifier="anthropic.claude-haiku-5-5")["modelDetails"][
        "inferenceTypesSupported"] == ["INFERENCE_PROFILE"]
