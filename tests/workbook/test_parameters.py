"""setup's checks of a notebook's parameters (helpers/workbook/parameters.py): the exact sentences."""
from datetime import datetime, timezone

import pytest

from helpers import workbook
from helpers.workbook import parameters
from helpers.workbook.parameters import ParameterError, check

TODAY = datetime(2026, 12, 1, tzinfo=timezone.utc)
US = "us.anthropic.claude-haiku-4-5-20251001-v1:0"
EU = "eu.anthropic.claude-haiku-4-5-20251001-v1:0"
GLOBAL = "global.anthropic.claude-haiku-4-5-20251001-v1:0"
KEY_REGIONS = ("ap-northeast-1, ap-northeast-2, ap-northeast-3, ap-south-1, ap-south-2, ap-southeast-1, "
               "ap-southeast-2, ca-central-1, eu-central-1, eu-central-2, eu-north-1, eu-south-1, eu-south-2, "
               "eu-west-1, eu-west-2, eu-west-3, sa-east-1, us-east-1, us-west-2")
CHOOSE = f"Choose one where AWS offers Bedrock API keys: {KEY_REGIONS}."
NEEDS = ("Notebook 00 needs an inference profile; notebooks 04 and 09 need an inference profile of an Anthropic "
         "model that bedrock-mantle serves in the Region; notebook 05 needs an Anthropic model or inference profile "
         "that bedrock-mantle serves in the Region; notebooks 06 and 07 need an inference profile of an Anthropic "
         "model; the others take a text model or inference profile offered in the Region.")


def refusal(*args, **kwargs) -> str:
    with pytest.raises(ParameterError) as caught:
        check(*args, today=TODAY, **kwargs)
    return str(caught.value)


@pytest.mark.parametrize("region, sentence", [
    ("us-east-2", "Region 'us-east-2' offers Bedrock, but AWS does not list it for Bedrock API keys "
                  f"({parameters.KEYS_PAGE}). {CHOOSE}"),
    ("us-gov-west-1", "Region 'us-gov-west-1' is in AWS GovCloud (US), another partition (arn:aws-us-gov), which "
                      f"this course does not model. {CHOOSE}"),
    ("cn-north-1", "Region 'cn-north-1' is in the AWS China Regions, another partition (arn:aws-cn), which this "
                   f"course does not model. {CHOOSE}"),
    ("us-west-3", f"Region 'us-west-3' is not an AWS Region. {CHOOSE}"),
    ("ap-east-1", f"Region 'ap-east-1' does not offer Amazon Bedrock. {CHOOSE}"),
])
def test_a_region_off_the_key_list_is_refused_with_the_list(region, sentence):
    assert refusal(region, US, "wb") == sentence


def test_every_region_on_the_key_list_is_accepted():
    for region in KEY_REGIONS.split(", "):
        parameters.check_region(region)


@pytest.mark.parametrize("prefix, sentence", [
    ("wbé", "Prefix 'wbé' cannot start IAM names: IAM takes ASCII letters, digits and + = , . @ _ - only (found: 'é')."),
    ("a b", "Prefix 'a b' cannot start IAM names: IAM takes ASCII letters, digits and + = , . @ _ - only (found: ' ')."),
    ("", "Prefix '' cannot start IAM names: IAM takes ASCII letters, digits and + = , . @ _ - only (found: 'none at all')."),
])
def test_a_prefix_iam_would_refuse_is_refused_first(prefix, sentence):
    assert refusal("us-west-2", US, prefix) == sentence


def test_a_prefix_too_long_for_the_longest_name_is_refused_with_the_room_left():
    longest = parameters.longest_name()           # "explorer-user" today: the plans say
    room = 64 - 1 - len(longest)
    prefix = "p" * (room + 1)
    assert refusal("us-west-2", US, prefix) == (
        f"Prefix '{prefix}' is {room + 1} characters: the longest name the course makes, '{prefix}-{longest}', "
        f"would have 65, over IAM's limit of 64. Use a prefix of at most {room} characters.")
    check("us-west-2", US, "p" * room, today=TODAY)
    check("us-west-2", US, "team+7=a,b.c@d_e-f", today=TODAY)


@pytest.mark.parametrize("model, region, notebook, sentence", [
    (US, "eu-central-1", "02", f"Inference profile '{US}' is not offered in eu-central-1: it is offered from us-east-1, "
                               f"us-east-2, us-west-1, us-west-2. In eu-central-1 use, for example, {EU}."),
    ("amazon.nova-lite-v1:0", "us-west-2", "06", "Notebook 06 needs an inference profile of an Anthropic model; "
     f"'amazon.nova-lite-v1:0' is a model id (Amazon). In us-west-2 use, for example, {US}. {NEEDS}"),
    ("us.meta.llama3-3-70b-instruct-v1:0", "us-west-2", "05", "Notebook 05 needs an Anthropic model or inference "
     f"profile that bedrock-mantle serves in the Region; 'us.meta.llama3-3-70b-instruct-v1:0' is an inference profile (Meta). In us-west-2 use, for example, {US}. {NEEDS}"),
    ("openai.gpt-oss-120b-1:0", "us-west-2", "00", "Notebook 00 needs an inference profile; 'openai.gpt-oss-120b-1:0' "
     f"is a model id (OpenAI). In us-west-2 use, for example, {US}. {NEEDS}"),
    ("openai.gpt-oss-120b-1:0", "us-east-1", "02", "Model 'openai.gpt-oss-120b-1:0' is not offered in us-east-1: it can "
     f"be called by its own id (on demand) in us-west-2. In us-east-1 use, for example, {US}."),
    ("cohere.embed-english-v3", "us-west-2", "02", "Model 'cohere.embed-english-v3' does not write text (the notebooks "
     f"send it messages). In us-west-2 use, for example, {US}."),
    ("us.anthropic.claude-3-haiku-20240307-v1:0", "us-west-2", "02", "Model 'us.anthropic.claude-3-haiku-20240307-v1:0' "
     f"reached its end of life on 2026-09-10 in us-west-2. In us-west-2 use, for example, {US}."),
    ("no-such-model", "eu-west-1", "02", "Model 'no-such-model' is neither a model id nor an inference profile id in "
     f"the course's catalog. In eu-west-1 use, for example, {EU}."),
    ("us.no-such-model", "us-west-2", "02", "Model 'us.no-such-model' is neither a model id nor an inference profile "
     f"id in the course's catalog. In us-west-2 use, for example, {US}."),
])
def test_a_model_this_notebook_cannot_use_is_refused_naming_one_it_can(model, region, notebook, sentence):
    assert refusal(region, model, "wb", notebook) == sentence


@pytest.mark.parametrize("model, region, notebook", [
    (US, "us-west-2", "07"), (EU, "eu-central-1", "06"), (GLOBAL, "eu-central-1", "09"), (GLOBAL, "us-east-1", "00"),
    ("amazon.nova-lite-v1:0", "us-east-1", "02"), ("us.amazon.nova-lite-v1:0", "us-west-2", "00"),
    ("us.meta.llama3-3-70b-instruct-v1:0", "us-east-1", "08"), ("openai.gpt-oss-120b-1:0", "us-west-2", "01"),
])
def test_nova_llama_and_gpt_oss_work_where_a_notebook_takes_any_text_model(model, region, notebook):
    assert check(region, model, "wb", notebook, today=TODAY).model == model


def test_what_cells_derive_values_from():
    eu = check("eu-central-1", EU, "wb", "06", today=TODAY)
    assert (eu.foundation_model, eu.is_profile, eu.is_global) == ("anthropic.claude-haiku-4-5-20251001-v1:0", True, False)
    assert "eu-west-3" in eu.destinations and "us-east-1" not in eu.destinations
    worldwide = check("eu-central-1", GLOBAL, "wb", "06", today=TODAY)
    assert worldwide.is_global and "" not in worldwide.destinations and "us-west-2" in worldwide.destinations
    direct = check("us-east-1", "amazon.nova-lite-v1:0", "wb", "02", today=TODAY)
    assert direct.destinations == ("us-east-1",) and not direct.is_profile


def test_setup_refuses_before_anything_starts(course):
    # This kernel started the sandbox, so target "aws" would be refused (LiveRefused): the parameter comes first.
    with pytest.raises(ParameterError, match="us-east-2"):
        workbook.setup("aws", "us-east-2", "wb", notebook="02", model=US)
    with pytest.raises(ParameterError, match="target must be one of"):
        workbook.setup("prod")


def test_a_refusal_shows_in_a_notebook_as_one_line_not_a_traceback():
    assert ParameterError("Region 'x' ...")._render_traceback_() == ["ParameterError: Region 'x' ..."]


def test_the_course_object_derives_values_for_cells(course):
    assert course.model is None and course.destinations == ("us-west-2",)
    eu = workbook.setup("sandbox", "eu-central-1", "t", notebook="06", model=EU)
    assert (eu.model, eu.foundation_model) == (EU, "anthropic.claude-haiku-4-5-20251001-v1:0")
    assert eu.other_region == "eu-north-1" and eu.other_region in eu.key_regions
    assert eu.destinations == check("eu-central-1", EU, "t", today=TODAY).destinations
    import os
    assert os.environ["AWS_REGION"] == os.environ["AWS_DEFAULT_REGION"] == "eu-central-1"
    us = workbook.setup("sandbox", "us-west-2", "t", notebook="07", model=US)
    assert us.other_region == "us-east-1"


def test_every_name_a_notebook_makes_fits_the_prefix_check():
    import re
    from pathlib import Path

    names = set()
    for path in Path(__file__).resolve().parents[2].glob("notebooks/[0-9][0-9]-*.ipynb"):
        names |= set(re.findall(r'course\.name\(\\?"([^"\\]+)', path.read_text()))
    assert names and max(map(len, names)) <= len(parameters.longest_name()), names
