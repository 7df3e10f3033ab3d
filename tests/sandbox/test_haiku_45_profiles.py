"""Claude Haiku 4.5's profiles beyond us./eu. (the model card's jp., au., in. and global.), as boto3
reads them from GetInferenceProfile and calls them with Converse, and the Region-less ARN a global
profile lists."""
from urllib.parse import quote

import pytest
import requests
from aws_bedrock_token_generator import provide_token

from .conftest import MESSAGES
from .test_bedrock_runtime import ACCOUNT, HAIKU_45, admin, fm, refusal

GEO = {  # prefix: (a source Region, its destinations)
    "jp": ("ap-northeast-1", ["ap-northeast-1", "ap-northeast-3"]),
    "au": ("ap-southeast-2", ["ap-southeast-2", "ap-southeast-4"]),
    "in": ("ap-south-1", ["ap-south-1", "ap-south-2"]),
}


@pytest.mark.parametrize("prefix", sorted(GEO))
def test_geo_profile_lists_its_destinations_and_answers(today, prefix):
    source, destinations = GEO[prefix]
    profile_id = f"{prefix}.{HAIKU_45}"
    profile = admin("bedrock", source).get_inference_profile(inferenceProfileIdentifier=profile_id)
    assert profile["inferenceProfileArn"] == f"arn:aws:bedrock:{source}:{ACCOUNT}:inference-profile/{profile_id}"
    assert [m["modelArn"] for m in profile["models"]] == [fm(region, HAIKU_45) for region in destinations]
    reply = admin("bedrock-runtime", source).converse(modelId=profile_id, messages=MESSAGES)
    assert reply["output"]["message"]["content"][0]["text"]
    listed = admin("bedrock", source).list_inference_profiles()["inferenceProfileSummaries"]
    assert profile_id in {p["inferenceProfileId"] for p in listed}


def test_geo_profile_is_not_offered_outside_its_source_regions(today):
    status, code, message = refusal(lambda: admin("bedrock-runtime", "us-west-2").converse(
        modelId=f"jp.{HAIKU_45}", messages=MESSAGES))
    assert (status, code, message) == (400, "ValidationException", "The provided model identifier is invalid.")


def test_no_apac_profile_for_haiku_45(today):
    """Its card lists no apac. profile; a report from ap-south-1 saw `apac.` refused as invalid."""
    status, code, _ = refusal(lambda: admin("bedrock-runtime", "ap-south-1").converse(
        modelId=f"apac.{HAIKU_45}", messages=MESSAGES))
    assert (status, code) == (400, "ValidationException")


@pytest.mark.parametrize("source", ["us-west-2", "eu-central-1", "ap-northeast-1"])
def test_global_profile_lists_the_region_less_model_then_the_source(today, source):
    """As AWS answers (a captured ListInferenceProfiles reply): the Region-less foundation-model ARN,
    meaning any commercial Region, then the model in the source Region; no blank-Region surprise."""
    profile = admin("bedrock", source).get_inference_profile(inferenceProfileIdentifier=f"global.{HAIKU_45}")
    assert [m["modelArn"] for m in profile["models"]] == [
        f"arn:aws:bedrock:::foundation-model/{HAIKU_45}", fm(source, HAIKU_45)]


@pytest.mark.parametrize("region, model", [("ap-southeast-4", f"au.{HAIKU_45}"), ("us-east-2", f"us.{HAIKU_45}")])
def test_a_key_in_a_region_off_the_key_list_works_as_public_reports_show(today, region, model):
    """api-keys-supported lists neither Region; reports show keys answered there (FIDELITY)."""
    from helpers.sandbox.bedrock.catalog import CATALOG

    assert region not in CATALOG.key_regions
    key = provide_token(region=region)
    answer = requests.post(f"https://bedrock-runtime.{region}.amazonaws.com/model/{quote(model, safe='')}/converse",
                           json={"messages": MESSAGES}, headers={"Authorization": f"Bearer {key}"}, timeout=30)
    assert answer.status_code == 200, answer.text
