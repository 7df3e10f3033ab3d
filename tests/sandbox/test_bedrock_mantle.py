"""bedrock-mantle (`bedrock-mantle.<region>.api.aws`) through unchanged SDKs: the anthropic SDK's mantle
client and the openai SDK, with a Bedrock API key. Its own IAM prefix: a policy with only `bedrock:`
actions is refused; `AmazonBedrockMantleInferenceAccess` is enough; `bedrock-mantle:Model` narrows it."""
import json
import os
import subprocess

import anthropic
import openai
import pytest
import requests
from aws_bedrock_token_generator import provide_token

from helpers.policy.examples import HAIKU_ONLY_POLICY

from .conftest import long_term_key
from .test_bedrock_runtime import ACCOUNT, Grantee, admin, allow

REGION = "us-east-2"  # a mantle Region (us-west-1 is not one)
HAIKU = "anthropic.claude-haiku-4-5"
SONNET = "anthropic.claude-sonnet-4-6"
GPT_OSS = "openai.gpt-oss-120b"
HI = [{"role": "user", "content": "Hello from the notebook"}]
PROJECT = f"arn:aws:bedrock-mantle:{REGION}:{ACCOUNT}:project/default"
MANTLE = f"https://bedrock-mantle.{REGION}.api.aws"


def claude(key, region=REGION):
    return anthropic.AnthropicBedrockMantle(api_key=key, aws_region=region, max_retries=0)


def gpt(key, prefix="/v1", region=REGION):
    return openai.OpenAI(api_key=key, base_url=f"https://bedrock-mantle.{region}.api.aws{prefix}", max_retries=0)


def denial(user, action, resource):
    return (f"User: {user.arn} is not authorized to perform: {action} on resource: {resource} "
            f"because no identity-based policy allows the {action} action")


def test_claude_through_the_anthropic_mantle_client(today):
    client = claude(provide_token(region=REGION))
    message = client.messages.create(model=HAIKU, max_tokens=100, messages=HI)
    assert message.content[0].text == "[sandbox] Claude Haiku 4.5 would answer here. You asked: Hello from the notebook"
    with client.messages.stream(model=HAIKU, max_tokens=100, messages=HI) as stream:
        assert stream.get_final_text() == message.content[0].text
    assert client.messages.count_tokens(model=HAIKU, messages=HI).input_tokens == message.usage.input_tokens


def test_the_mantle_client_reads_the_key_from_the_environment(today, monkeypatch):
    monkeypatch.setenv("AWS_BEARER_TOKEN_BEDROCK", provide_token(region=REGION))
    client = anthropic.AnthropicBedrockMantle(aws_region=REGION, max_retries=0)
    assert client.messages.create(model=HAIKU, max_tokens=50, messages=HI).content


def test_openai_sdk_on_mantle_responses_and_chat(today):
    client = gpt(provide_token(region="us-west-2"), region="us-west-2")  # gpt-oss's Region in the catalog
    assert client.responses.create(model=GPT_OSS, input="Hi").output_text.startswith("[sandbox] gpt-oss-120b")
    events = list(client.responses.create(model=GPT_OSS, input="Hi", stream=True))
    assert events[-1].type == "response.completed"
    chat = client.chat.completions.create(model=GPT_OSS, messages=[{"role": "user", "content": "Hi"}])
    assert chat.model == GPT_OSS and chat.choices[0].finish_reason == "stop"
    assert gpt(provide_token(region=REGION), "/openai/v1").responses.create(model="openai.gpt-5.4", input="Hi").output_text


@pytest.mark.parametrize("path, model", [
    ("/openai/v1/responses", GPT_OSS), ("/v1/responses", "openai.gpt-5.4"), ("/v1/chat/completions", HAIKU),
    ("/anthropic/v1/messages", GPT_OSS), ("/v1/responses", "anthropic.claude-haiku-4-5-20251001-v1:0"),
])
def test_a_model_on_the_wrong_route(today, path, model):
    body = {"model": model, "input": "Hi", "max_tokens": 10, "messages": HI}
    answer = requests.post(MANTLE + path, json=body, headers={"Authorization": f"Bearer {provide_token(region=REGION)}"})
    assert answer.status_code == 400 and answer.json() == {"message": f"model `{model}` isn't supported on this route"}


@pytest.mark.parametrize("region, model", [("eu-central-1", GPT_OSS), ("us-west-2", "openai.gpt-5.5")])
def test_mantle_serves_a_model_only_where_runtime_does(today, region, model):
    """gpt-oss-120b is invoked on bedrock-runtime in us-west-2 only (in the catalog), GPT-5.5 in
    us-east-2 only: mantle elsewhere refuses them as it refuses an unknown model ([open] wording)."""
    runtime = admin("bedrock-runtime", region)
    with pytest.raises(runtime.exceptions.ValidationException):
        runtime.converse(modelId=f"{model}-1:0" if model == GPT_OSS else model, messages=[
            {"role": "user", "content": [{"text": "Hi"}]}])
    prefix = "/v1" if model == GPT_OSS else "/openai/v1"
    with pytest.raises(openai.BadRequestError, match="isn't supported on this route"):
        gpt(provide_token(region=region), prefix, region).responses.create(model=model, input="Hi")


def test_curl_with_x_api_key_as_aws_examples_send_it(today):
    body = json.dumps({"model": HAIKU, "max_tokens": 50, "messages": HI})
    out = subprocess.run(["curl", "-sS", "-X", "POST", f"{MANTLE}/anthropic/v1/messages", "-H",
                          f"x-api-key: {provide_token(region=REGION)}", "-H", "anthropic-version: 2023-06-01",
                          "-H", "content-type: application/json", "-d", body],
                         capture_output=True, text=True, timeout=30, check=True)
    assert json.loads(out.stdout)["content"][0]["text"].endswith("Hello from the notebook")


def test_a_bedrock_only_policy_is_refused_on_mantle(today):
    """The seed's policy allows bedrock:CallWithBearerToken, not bedrock-mantle's."""
    user = Grantee(*HAIKU_ONLY_POLICY["Statement"])
    with pytest.raises(anthropic.PermissionDeniedError) as denied:
        claude(user.key(REGION)).messages.create(model=HAIKU, max_tokens=50, messages=HI)
    assert denied.value.body["message"] == denial(user, "bedrock-mantle:CallWithBearerToken", "*")
    user.allow(allow("bedrock-mantle:CallWithBearerToken", "*"))
    with pytest.raises(openai.PermissionDeniedError) as denied:
        gpt(user.key(REGION)).responses.create(model=GPT_OSS, input="Hi")
    assert denied.value.body["message"] == denial(user, "bedrock-mantle:CreateInference", PROJECT)


def test_the_managed_policy_and_a_model_condition(today):
    iam = admin("iam")
    user = Grantee()
    iam.attach_user_policy(UserName=user.name,
                           PolicyArn="arn:aws:iam::aws:policy/AmazonBedrockMantleInferenceAccess")
    key = user.key(REGION)
    assert claude(key).messages.create(model=SONNET, max_tokens=50, messages=HI).content
    assert gpt(key, "/openai/v1").responses.create(model="openai.gpt-5.4", input="Hi").output_text
    iam.detach_user_policy(UserName=user.name, PolicyArn="arn:aws:iam::aws:policy/AmazonBedrockMantleInferenceAccess")
    user.allow(allow("bedrock-mantle:CallWithBearerToken", "*"),
               allow("bedrock-mantle:CreateInference", "arn:aws:bedrock-mantle:*:*:project/*",
                     {"StringEquals": {"bedrock-mantle:Model": HAIKU}}))
    assert claude(key).messages.create(model=HAIKU, max_tokens=50, messages=HI).content
    with pytest.raises(anthropic.PermissionDeniedError, match="bedrock-mantle:CreateInference"):
        claude(key).messages.create(model=SONNET, max_tokens=50, messages=HI)


def test_keys_on_mantle_work_in_their_own_region_both_kinds(today):
    west = provide_token(region="us-west-2")
    assert claude(west, "us-west-2").messages.create(model=HAIKU, max_tokens=50, messages=HI).content
    with pytest.raises(anthropic.PermissionDeniedError, match="Please make sure your API Key is valid"):
        claude(west).messages.create(model=HAIKU, max_tokens=50, messages=HI)
    long_term = long_term_key("workbook-admin")["ServiceCredentialSecret"]
    assert claude(long_term).messages.create(model=HAIKU, max_tokens=50, messages=HI).content
    with pytest.raises(anthropic.PermissionDeniedError, match="Invalid API Key format"):
        claude("sk-ant-not-a-bedrock-key").messages.create(model=HAIKU, max_tokens=50, messages=HI)


def test_sigv4_signed_for_bedrock_mantle(today):
    """The mantle client without a key signs with the environment's credentials as service bedrock-mantle."""
    client = anthropic.AnthropicBedrockMantle(aws_access_key=os.environ["AWS_ACCESS_KEY_ID"],
                                              aws_secret_key=os.environ["AWS_SECRET_ACCESS_KEY"],
                                              aws_region=REGION, max_retries=0)
    assert client.messages.create(model=HAIKU, max_tokens=50, messages=HI).content


def test_mantle_answers_only_in_its_regions(today):
    with pytest.raises(anthropic.NotFoundError):
        claude(provide_token(region="us-west-1"), "us-west-1").messages.create(model=HAIKU, max_tokens=50, messages=HI)


def test_the_environment_clears_sdk_overrides_that_would_leave_the_sandbox(today, monkeypatch):
    for name, value in [("ANTHROPIC_BEDROCK_MANTLE_BASE_URL", "https://example.invalid/anthropic"),
                        ("ANTHROPIC_AWS_API_KEY", "not-this-key"), ("OPENAI_BASE_URL", "https://example.invalid/v1")]:
        monkeypatch.setenv(name, value)
    today.apply_environment()
    monkeypatch.setenv("AWS_BEARER_TOKEN_BEDROCK", provide_token(region=REGION))
    assert anthropic.AnthropicBedrockMantle(aws_region=REGION, max_retries=0).messages.create(
        model=HAIKU, max_tokens=50, messages=HI).content


@pytest.mark.parametrize("region, expected", [
    ("us-west-2", {"openai.gpt-oss-20b", "openai.gpt-oss-120b", "openai.gpt-5.4", HAIKU, SONNET}),
    ("us-east-2", {"openai.gpt-5.4", "openai.gpt-5.5", HAIKU, SONNET}),
    ("eu-central-1", {HAIKU, SONNET}),
])
def test_openai_sdk_lists_the_models_mantle_serves_in_the_region(today, region, expected):
    """AWS's "Get list of models": `client.models.list()` on mantle, per Region."""
    listed = gpt(provide_token(region=region), region=region).models.list()
    ids = {m.id for m in listed}
    assert expected <= ids and all(m.object == "model" for m in listed)
    assert not ({"openai.gpt-oss-120b", "openai.gpt-5.5"} - expected) & ids  # served elsewhere only
    assert gpt(provide_token(region=region), "/openai/v1", region).models.list().data


def test_listing_models_needs_bedrock_mantle_list_models(today):
    user = Grantee(allow("bedrock-mantle:CallWithBearerToken", "*"))
    key = user.key(REGION)
    with pytest.raises(openai.PermissionDeniedError, match="bedrock-mantle:ListModels on resource: " + PROJECT):
        gpt(key).models.list()
    user.allow(allow("bedrock-mantle:CallWithBearerToken", "*"), allow("bedrock-mantle:ListModels", PROJECT))
    assert gpt(key).models.list().data
