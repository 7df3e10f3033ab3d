"""wire.raise_for_error (a refusal says Bedrock's words, not a KeyError) and paths (ids derived from the catalog)."""
import pytest
import requests

from helpers.workbook import paths
from helpers.workbook.wire import raise_for_error

URL = "https://bedrock-runtime.us-west-2.amazonaws.com/model/us.anthropic.claude-haiku-4-5-20251001-v1%3A0/converse"
HELLO = {"messages": [{"role": "user", "content": [{"text": "Hello"}]}]}


def test_a_refusal_raises_with_bedrocks_own_message(course):
    answer = requests.post(URL, json=HELLO, headers={"Authorization": "Bearer not-a-key"})
    with pytest.raises(requests.HTTPError, match="403 .*Invalid API Key format"):
        raise_for_error(answer)


def test_a_modelled_error_names_its_type(course):
    from aws_bedrock_token_generator import provide_token

    key = provide_token(region="us-west-2")
    answer = requests.post(URL.replace("us.anthropic", "zz.anthropic"), json=HELLO, headers={"Authorization": f"Bearer {key}"})
    with pytest.raises(requests.HTTPError, match=r"^400 ValidationException: .*model identifier is invalid"):
        raise_for_error(answer)


def test_an_answer_that_worked_passes(course):
    from aws_bedrock_token_generator import provide_token

    answer = requests.post(URL, json=HELLO, headers={"Authorization": f"Bearer {provide_token(region='us-west-2')}"})
    raise_for_error(answer)
    assert answer.json()["output"]


@pytest.mark.parametrize("model, foundation, mantle", [
    ("us.anthropic.claude-haiku-4-5-20251001-v1:0", "anthropic.claude-haiku-4-5-20251001-v1:0", "anthropic.claude-haiku-4-5"),
    ("global.anthropic.claude-haiku-4-5-20251001-v1:0", "anthropic.claude-haiku-4-5-20251001-v1:0", "anthropic.claude-haiku-4-5"),
    ("arn:aws:bedrock:eu-central-1::foundation-model/anthropic.claude-haiku-4-5-20251001-v1:0",
     "anthropic.claude-haiku-4-5-20251001-v1:0", "anthropic.claude-haiku-4-5"),
])
def test_ids_are_derived_from_the_catalog(model, foundation, mantle):
    assert paths.foundation_of(model) == foundation
    assert paths.mantle_id(model) == mantle == paths.mantle_id(model, "count-tokens")
    with pytest.raises(ValueError, match="not a model or system inference profile"):
        paths.foundation_of("xx.nothing-v1:0")


def test_where_served_falls_back_to_a_key_region_that_lists_the_model():
    from helpers.sandbox.bedrock import CATALOG

    model, where = paths.where_served("bedrock-runtime", "chat-completions", "eu-central-1", set(), provider="openai.")
    assert where in CATALOG.key_regions and where in CATALOG.models[model].on_demand_regions


def test_where_served_on_mantle_reads_mantle_ids_and_skips_a_model_no_key_region_offers():
    """GPT-5.4 and GPT-5.5 answer Responses on mantle only; GPT-5.5's one Region (us-east-2) is not on
    AWS's list for keys, so a Region that lists neither falls back to GPT-5.4 in one that is."""
    assert paths.where_served("bedrock-mantle", "responses", "us-east-1", set(), provider="openai.gpt-5") == (
        "openai.gpt-5.4", "us-west-2")
    assert paths.where_served("bedrock-mantle", "responses", "us-west-2", {"openai.gpt-oss-120b-1:0", "openai.gpt-5.4"},
                              provider="openai.") == ("openai.gpt-5.4", "us-west-2")
    assert paths.where_served("bedrock-mantle", "responses", "us-west-2", {"openai.gpt-oss-120b-1:0"},
                              provider="openai.") == ("openai.gpt-oss-120b", "us-west-2")  # mantle's id
    with pytest.raises(ValueError, match="no openai. serving responses on bedrock-runtime"):
        paths.where_served("bedrock-runtime", "responses", "us-west-2", set(), provider="openai.")
    assert paths.where_served("bedrock-runtime", "chat-completions", "us-west-2", {"openai.gpt-oss-20b-1:0"},
                              provider="openai.") == ("openai.gpt-oss-20b-1:0", "us-west-2")
