"""The OpenAI-compatible Chat Completions endpoint through the openai SDK, with a Bedrock API key as
its api_key (plain and `stream=True`), and its wire format through requests."""
import json

import openai
import pytest
from aws_bedrock_token_generator import provide_token

from helpers.sandbox.bedrock.catalog import api_table

from .conftest import HAIKU, long_term_key
from .test_bedrock_runtime import RUNTIME_URL, Grantee, NOT_THROUGH_A_PROFILE, admin, allow, fm, wire

MODEL = "openai.gpt-oss-20b-1:0"
MESSAGES = [{"role": "developer", "content": "Be brief."}, {"role": "user", "content": "Hello from the notebook"}]


def chat(key=None, region="us-west-2"):
    return openai.OpenAI(api_key=key or provide_token(region=region), max_retries=0,
                         base_url=f"https://bedrock-runtime.{region}.amazonaws.com/openai/v1")


def test_non_streaming_completion(fresh):
    sdk = chat()
    completion = sdk.chat.completions.create(model=MODEL, messages=MESSAGES)
    assert completion.id.startswith("chatcmpl-") and completion.model == MODEL
    assert completion.object == "chat.completion"
    assert completion.choices[0].message.role == "assistant"
    assert completion.choices[0].message.content.endswith("Hello from the notebook")
    assert completion.choices[0].finish_reason == "stop" and completion.usage.total_tokens > 0
    assert completion.usage.total_tokens == completion.usage.prompt_tokens + completion.usage.completion_tokens
    assert sdk.chat.completions.create(model=MODEL, messages=MESSAGES) == completion  # deterministic


def test_max_completion_tokens_cuts_the_answer(fresh):
    completion = chat().chat.completions.create(model=MODEL, messages=MESSAGES, max_completion_tokens=2)
    assert completion.choices[0].finish_reason == "length" and completion.usage.completion_tokens <= 2


def test_streaming_completion(fresh):
    chunks = list(chat().chat.completions.create(model=MODEL, messages=MESSAGES, stream=True,
                                                 stream_options={"include_usage": True}))
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert text.startswith("[sandbox] gpt-oss-20b") and text.endswith("Hello from the notebook")
    assert chunks[0].choices[0].delta.role == "assistant"
    assert [c.choices[0].finish_reason for c in chunks if c.choices][-1] == "stop"
    assert chunks[-1].choices == [] and chunks[-1].usage.total_tokens > 0
    whole = chat().chat.completions.create(model=MODEL, messages=MESSAGES)
    assert text == whole.choices[0].message.content


def test_streaming_is_server_sent_events_ending_with_done(fresh):
    answer = wire().post(f"{RUNTIME_URL}/openai/v1/chat/completions", stream=True,
                         json={"model": MODEL, "messages": MESSAGES, "stream": True})
    assert answer.status_code == 200 and answer.headers["Content-Type"] == "text/event-stream"
    events = [e for e in answer.content.decode().split("\n\n") if e]
    assert all(e.startswith("data: ") for e in events) and events[-1] == "data: [DONE]"
    assert all(json.loads(e[6:])["object"] == "chat.completion.chunk" for e in events[:-1])
    assert "usage" not in json.loads(events[-2][6:])  # only with stream_options.include_usage


def test_authorized_as_invoke_model_on_the_model_and_streaming_as_its_stream_action(fresh):
    user = Grantee(allow("bedrock:CallWithBearerToken", "*"),
                   allow("bedrock:InvokeModel", fm("us-west-2", MODEL), NOT_THROUGH_A_PROFILE))
    sdk = chat(user.key())
    assert sdk.chat.completions.create(model=MODEL, messages=MESSAGES).choices[0].message.content
    with pytest.raises(openai.PermissionDeniedError) as denied:
        list(sdk.chat.completions.create(model=MODEL, messages=MESSAGES, stream=True))
    action = "bedrock:InvokeModelWithResponseStream"
    assert denied.value.body["message"] == (
        f"User: {user.arn} is not authorized to perform: {action} on resource: {fm('us-west-2', MODEL)} "
        f"because no identity-based policy allows the {action} action")
    user.allow(allow("bedrock:CallWithBearerToken", "*"), allow(action, fm("us-west-2", MODEL), NOT_THROUGH_A_PROFILE))
    assert list(sdk.chat.completions.create(model=MODEL, messages=MESSAGES, stream=True))
    with pytest.raises(openai.PermissionDeniedError):
        sdk.chat.completions.create(model=MODEL, messages=MESSAGES)


@pytest.mark.parametrize("body, status, message", [
    ({"model": HAIKU, "messages": MESSAGES}, 400, "not supported by the Chat Completions API"),
    ({"model": "nope", "messages": MESSAGES}, 400, "The provided model identifier is invalid."),
    ({"messages": MESSAGES}, 400, "Value null at 'model'"),
    ({"model": MODEL}, 400, "required key [messages]"),
    ({"model": MODEL, "messages": MESSAGES, "stream": "yes"}, 400, "Invalid type for 'stream'"),
    ({"model": MODEL, "messages": [{"role": "wizard", "content": "x"}]}, 400, "Invalid value for 'messages[0].role'"),
    ({"model": MODEL, "messages": [{"role": "system", "content": "x"}]}, 400, "at least one user message"),
    ({"model": MODEL, "messages": MESSAGES, "max_completion_tokens": 0}, 400, "max_completion_tokens must be at least 1"),
])
def test_refusals(fresh, body, status, message):
    with pytest.raises(openai.APIStatusError) as caught:
        chat().post("/chat/completions", body=body, cast_to=object)
    assert caught.value.status_code == status and message in caught.value.body["message"]
    assert caught.value.response.headers["x-amzn-ErrorType"].startswith("ValidationException:")


def test_openai_models_are_served_where_they_are_listed(fresh):
    key = long_term_key("workbook-admin")["ServiceCredentialSecret"]  # one key for every Region
    listed = [m["modelId"] for m in admin("bedrock").list_foundation_models(byProvider="OpenAI")["modelSummaries"]]
    chat_models = {row["model"] for row in api_table() if row["shape"] == "chat-completions"}
    assert MODEL in listed and "openai.gpt-5.4" in listed and "openai.gpt-5.4" not in chat_models
    for model in set(listed) & chat_models:
        assert chat(key).chat.completions.create(model=model, messages=MESSAGES).model == model
    assert admin("bedrock", "eu-west-1").list_foundation_models(byProvider="OpenAI")["modelSummaries"] == []
    with pytest.raises(openai.BadRequestError) as caught:
        chat(key, "eu-west-1").chat.completions.create(model=MODEL, messages=MESSAGES)
    assert caught.value.body["message"] == "The provided model identifier is invalid."
