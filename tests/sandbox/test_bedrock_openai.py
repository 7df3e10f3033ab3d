"""The OpenAI-compatible Chat Completions endpoint, read back with the openai SDK's own types."""
import json

import pytest
from openai.types.chat import ChatCompletion, ChatCompletionChunk

from helpers.sandbox.bedrock.catalog import CATALOG
from helpers.sandbox.errors import AwsError

from .test_bedrock_runtime import call, run

PATH = "/openai/v1/chat/completions"
MODEL = "openai.gpt-oss-20b-1:0"
MESSAGES = [{"role": "developer", "content": "Be brief."}, {"role": "user", "content": "Hello from the notebook"}]


def test_non_streaming_completion_parses():
    status, headers, body, authz = run(call(PATH, {"model": MODEL, "messages": MESSAGES}))
    completion = ChatCompletion.model_validate(json.loads(body))
    assert completion.id.startswith("chatcmpl-") and completion.model == MODEL
    assert completion.choices[0].message.content.endswith("Hello from the notebook")
    assert completion.choices[0].finish_reason == "stop" and completion.usage.total_tokens > 0
    assert authz.calls == [("bedrock:InvokeModel", f"arn:aws:bedrock:us-west-2::foundation-model/{MODEL}", None)]
    assert run(call(PATH, {"model": MODEL, "messages": MESSAGES}))[2] == body


def test_streaming_completion_is_sse_ending_with_done():
    status, headers, body, authz = run(call(PATH, {"model": MODEL, "messages": MESSAGES, "stream": True,
                                                   "stream_options": {"include_usage": True}}))
    assert headers["Content-Type"] == "text/event-stream"
    assert authz.calls[0][0] == "bedrock:InvokeModelWithResponseStream"
    lines = [line for line in body.decode().split("\n\n") if line]
    assert all(line.startswith("data: ") for line in lines) and lines[-1] == "data: [DONE]"
    chunks = [ChatCompletionChunk.model_validate(json.loads(line[6:])) for line in lines[:-1]]
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert text.startswith("[sandbox] gpt-oss-20b")
    assert chunks[-1].usage.total_tokens > 0


@pytest.mark.parametrize("body, status, message", [
    ({"model": "anthropic.claude-3-haiku-20240307-v1:0", "messages": MESSAGES}, 400, "not supported by the Chat"),
    ({"model": "nope", "messages": MESSAGES}, 400, "The provided model identifier is invalid."),
    ({"messages": MESSAGES}, 400, "'model'"),
    ({"model": MODEL}, 400, "required key [messages]"),
])
def test_refusals(body, status, message):
    with pytest.raises(AwsError) as caught:
        run(call(PATH, body))
    assert caught.value.status == status and message in caught.value.message


def test_catalog_names_openai_models_for_the_region():
    assert MODEL in list(CATALOG.openai_compatible_models("us-west-2"))
    assert list(CATALOG.openai_compatible_models("eu-west-1")) == []
