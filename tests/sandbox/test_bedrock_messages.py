"""Claude through the anthropic SDK with a Bedrock API key, unchanged: the Messages API base URL on
bedrock-runtime (`x-api-key` as Anthropic's client sends it, or `Authorization: Bearer`), and
`AnthropicBedrock(api_key=...)` on the native InvokeModel path with the SDK's own anthropic_version.
Refused as AWS refuses: a policy for one model asking for another, a model Messages does not serve,
Claude 3 Haiku past its end of life."""
import anthropic
import pytest
import requests
from aws_bedrock_token_generator import provide_token

from helpers.policy.examples import HAIKU_ONLY_POLICY

from .conftest import HAIKU_PROFILE
from .test_bedrock_runtime import RUNTIME_URL, Grantee, allow, fm, profile_arn

HAIKU_45 = "us.anthropic.claude-haiku-4-5-20251001-v1:0"
SONNET = "us.anthropic.claude-sonnet-4-6"
HI = [{"role": "user", "content": "Hello from the notebook"}]
US = ("us-east-1", "us-east-2", "us-west-1", "us-west-2")


def messages_api(key=None, header="x-api-key"):
    """The plain Anthropic client at the base URL AWS documents; the key as `x-api-key` or as Bearer."""
    key = key or provide_token()
    credential = {"api_key": key} if header == "x-api-key" else {"auth_token": key}
    return anthropic.Anthropic(base_url=f"{RUNTIME_URL}/anthropic", max_retries=0, **credential)


def haiku_45_only() -> Grantee:
    """The seed's Haiku-only pattern applied to a current model (reference §5): its US profile, and
    the model in every destination Region only through that profile."""
    through = {"StringLike": {"bedrock:InferenceProfileArn": profile_arn("us-west-2", HAIKU_45)}}
    return Grantee(allow("bedrock:CallWithBearerToken", "*"),
                   allow("bedrock:InvokeModel*", profile_arn("us-west-2", HAIKU_45)),
                   allow("bedrock:InvokeModel*", [fm(r, HAIKU_45[3:]) for r in US], through))


@pytest.mark.parametrize("header", ["x-api-key", "authorization"])
def test_the_messages_api_with_either_key_header(today, header):
    message = messages_api(header=header).messages.create(model=HAIKU_45, max_tokens=200, messages=HI)
    assert message.type == "message" and message.role == "assistant" and message.stop_reason == "end_turn"
    assert message.content[0].text == "[sandbox] Claude Haiku 4.5 would answer here. You asked: Hello from the notebook"
    assert message.usage.input_tokens > 0 and message.usage.output_tokens > 0


def test_streaming_messages(today):
    client = messages_api()
    with client.messages.stream(model=HAIKU_45, max_tokens=200, messages=HI) as stream:
        kinds = [event.type for event in stream]
        final = stream.get_final_message()
    assert kinds[0] == "message_start" and kinds[-1] == "message_stop" and "content_block_delta" in kinds
    whole = client.messages.create(model=HAIKU_45, max_tokens=200, messages=HI)
    assert final.content[0].text == whole.content[0].text and final.stop_reason == "end_turn"


def test_anthropic_bedrock_client_with_an_api_key_on_the_native_path(today):
    """AnthropicBedrock posts to /model/{id}/invoke with its own dated anthropic_version: served."""
    client = anthropic.AnthropicBedrock(api_key=provide_token(), aws_region="us-west-2", max_retries=0)
    message = client.messages.create(model=HAIKU_45, max_tokens=200, messages=HI)
    assert message.content[0].text.endswith("Hello from the notebook")
    with client.messages.stream(model=HAIKU_45, max_tokens=200, messages=HI) as stream:
        assert stream.get_final_text() == message.content[0].text


def test_x_api_key_is_taken_on_the_anthropic_routes_only(today):
    key = provide_token()
    body = {"model": HAIKU_45, "max_tokens": 50, "messages": HI}
    assert requests.post(f"{RUNTIME_URL}/anthropic/v1/messages", json=body, headers={"x-api-key": key}).status_code == 200
    native = requests.post(f"{RUNTIME_URL}/model/{HAIKU_45}/converse", headers={"x-api-key": key},
                           json={"messages": [{"role": "user", "content": [{"text": "hi"}]}]})
    assert (native.status_code, native.json()) == (403, {"Message": "Authorization header is missing"})


def test_the_one_model_policy_refuses_another_model(today):
    user = haiku_45_only()
    client = messages_api(user.key())
    assert client.messages.create(model=HAIKU_45, max_tokens=50, messages=HI).content
    with pytest.raises(anthropic.PermissionDeniedError) as denied:
        client.messages.create(model=SONNET, max_tokens=50, messages=HI)
    assert denied.value.body["message"] == (
        f"User: {user.arn} is not authorized to perform: bedrock:InvokeModel on resource: "
        f"{profile_arn('us-west-2', SONNET)} because no identity-based policy allows the bedrock:InvokeModel action")
    bedrock_client = anthropic.AnthropicBedrock(api_key=user.key(), aws_region="us-west-2", max_retries=0)
    with pytest.raises(anthropic.PermissionDeniedError, match="bedrock:InvokeModel on resource"):
        bedrock_client.messages.create(model=SONNET, max_tokens=50, messages=HI)


@pytest.mark.parametrize("model, status, message", [
    ("us.amazon.nova-pro-v1:0", 400, "The model amazon.nova-pro-v1:0 is not supported by the messages API"),
    (HAIKU_PROFILE, 404, "This model version has reached the end of its life."),
    ("anthropic.claude-haiku-4-5", 400, "The provided model identifier is invalid."),  # a mantle id
])
def test_refusals_on_the_messages_route(today, model, status, message):
    with pytest.raises(anthropic.APIStatusError) as refused:
        messages_api().messages.create(model=model, max_tokens=50, messages=HI)
    assert refused.value.status_code == status and message in refused.value.body["message"]


def test_the_native_path_accepts_the_documented_and_the_sdk_versions_only(today):
    key = provide_token()
    url = f"{RUNTIME_URL}/model/{HAIKU_45}/invoke"
    for version, status in [("bedrock-2023-05-31", 200), ("2026-10-21", 200),  # what anthropic 2.15 sends
                            ("2023-06-01", 200), ("2023-05-31", 400), ("latest", 400)]:
        answer = requests.post(url, headers={"Authorization": f"Bearer {key}"},
                               json={"anthropic_version": version, "max_tokens": 50, "messages": HI})
        assert answer.status_code == status, (version, answer.text)


def test_the_seeds_haiku_only_policy_on_its_day_through_anthropic_bedrock(fresh):
    """The seed's worked example, replayed before Claude 3 Haiku's end of life (fixture `fresh`), with the
    official SDK: its profile answers, any other model is refused by IAM."""
    user = Grantee(*HAIKU_ONLY_POLICY["Statement"])
    client = anthropic.AnthropicBedrock(api_key=user.key(), aws_region="us-west-2", max_retries=0)
    assert client.messages.create(model=HAIKU_PROFILE, max_tokens=50, messages=HI).content[0].text.startswith(
        "[sandbox] Claude 3 Haiku")
    with pytest.raises(anthropic.PermissionDeniedError, match=f"on resource: {profile_arn('us-west-2', HAIKU_45)}"):
        client.messages.create(model=HAIKU_45, max_tokens=50, messages=HI)
