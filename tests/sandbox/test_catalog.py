"""The catalog: every entry sourced, consistent, and answering lookups by id and ARN."""
from helpers.sandbox.bedrock.catalog import CATALOG, fm_arn
from helpers.sandbox.routing import Router

HAIKU_PROFILE = "us.anthropic.claude-3-haiku-20240307-v1:0"


def test_every_entry_has_a_source_and_known_model():
    for entry in CATALOG.document["models"] + CATALOG.document["profiles"]:
        assert entry["source"], entry
    for profile in CATALOG.profiles.values():
        assert profile.model_id in CATALOG.models
        assert profile.id.split(".", 1)[0] in ("us", "eu", "apac", "global")
        assert profile.id.split(".", 1)[1] == profile.model_id
        for source, destinations in profile.raw["routes"].items():
            assert destinations, (profile.id, source)


def test_claude_3_haiku_is_legacy_with_the_documented_routes():
    haiku = CATALOG.model("anthropic.claude-3-haiku-20240307-v1:0")
    assert haiku.lifecycle_status == "LEGACY" and haiku.end_of_life.date().isoformat() == "2026-09-10"
    profile = CATALOG.profile(HAIKU_PROFILE)
    assert set(profile.destinations("us-west-2")) == {"us-east-1", "us-west-2"}
    assert set(profile.destinations("us-east-1")) == {"us-east-1", "us-west-2"}
    assert set(profile.destinations("us-east-2")) == {"us-east-1", "us-east-2", "us-west-2"}


def test_lookups_by_arn():
    assert CATALOG.model(fm_arn("eu-west-1", "amazon.nova-pro-v1:0")).id == "amazon.nova-pro-v1:0"
    arn = "arn:aws:bedrock:us-west-2:111122223333:inference-profile/" + HAIKU_PROFILE
    assert CATALOG.profile(arn).id == HAIKU_PROFILE
    assert CATALOG.profile(arn.replace(":", "%3A").replace("/", "%2F")).id == HAIKU_PROFILE
    assert CATALOG.model("anthropic.claude-0") is None and CATALOG.profile("us.nothing") is None


def test_models_that_need_a_profile_are_listed_as_inference_profile_only():
    current = CATALOG.model("anthropic.claude-haiku-4-5-20251001-v1:0")
    assert CATALOG.inference_types(current, "us-west-2") == ["INFERENCE_PROFILE"]
    assert CATALOG.inference_types(CATALOG.model("amazon.nova-micro-v1:0"), "us-east-1") == ["ON_DEMAND"]


def test_router_defaults_pins_and_ignores_impossible_pins():
    router = Router()
    assert router.destination("p", "us-west-2", ["us-east-1", "us-west-2"]) == "us-west-2"
    assert router.destination("p", "us-east-2", ["us-east-1", "us-west-2"]) == "us-east-1"
    router.route_to("us-east-1")
    assert router.destination("p", "us-west-2", ["us-east-1", "us-west-2"]) == "us-east-1"
    router.route_to("eu-west-1")
    assert router.destination("p", "us-west-2", ["us-east-1", "us-west-2"]) == "us-west-2"
    router.reset()
    assert router.pinned is None
