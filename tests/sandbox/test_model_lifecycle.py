"""AWS's two lifecycle policies (split on 2026-09-07), each model's end of life where announced, and
what the control plane lists around an end of life, read through boto3."""
from datetime import datetime, timezone

import pytest

from helpers.sandbox.bedrock.catalog import CATALOG, LIFECYCLE_PAGES, LIFECYCLE_SPLIT

from .test_bedrock_runtime import HAIKU_45, admin

CLAUDE_3_HAIKU = "anthropic.claude-3-haiku-20240307-v1:0"


@pytest.mark.parametrize("model, policy", [
    (CLAUDE_3_HAIKU, "model-lifecycle-legacy"), (HAIKU_45, "model-lifecycle-legacy"),
    ("openai.gpt-5.5", "model-lifecycle-legacy"), ("anthropic.claude-haiku-5-5", "model-lifecycle"),
])
def test_each_model_follows_the_policy_of_its_launch_date(model, policy):
    assert CATALOG.models[model].lifecycle_policy == policy
    assert policy in LIFECYCLE_PAGES


def test_every_model_has_a_policy_by_the_split_date():
    for model in CATALOG.models.values():
        after = model.start_of_life >= LIFECYCLE_SPLIT
        assert model.lifecycle_policy == ("model-lifecycle" if after else "model-lifecycle-legacy"), model.id


def test_announced_end_of_life_and_the_cards_no_sooner_than_date(today):
    """Claude 3 Haiku's EOL is announced (2026-09-10) and GetFoundationModel shows it where it is still
    served; Haiku 4.5's card says only "no sooner than 2026-10-01": no endOfLifeTime, still ACTIVE."""
    old = admin("bedrock", "ca-central-1").get_foundation_model(modelIdentifier=CLAUDE_3_HAIKU)["modelDetails"]
    assert old["modelLifecycle"]["status"] == "LEGACY"
    assert old["modelLifecycle"]["endOfLifeTime"] == datetime(2026, 9, 10, tzinfo=timezone.utc)
    assert CATALOG.models[HAIKU_45].end_of_life is None
    assert CATALOG.models[HAIKU_45].end_of_life_no_sooner_than == datetime(2026, 10, 1, tzinfo=timezone.utc)
    current = admin("bedrock").get_foundation_model(modelIdentifier=HAIKU_45)["modelDetails"]["modelLifecycle"]
    assert current["status"] == "ACTIVE" and "endOfLifeTime" not in current


def test_a_model_past_its_end_of_life_is_left_out_of_the_listing(today):
    """The sandbox's answer to an [open] question (FIDELITY): gone from ListFoundationModels where it
    is refused, still listed where its card says it is served."""
    def listed(region):
        return {m["modelId"] for m in admin("bedrock", region).list_foundation_models()["modelSummaries"]}

    assert CLAUDE_3_HAIKU not in listed("us-west-2")
    assert CLAUDE_3_HAIKU in listed("ca-central-1")
