"""Response streams (`application/vnd.amazon.eventstream`) decoded by botocore: through boto3's
converse_stream and invoke_model_with_response_stream, and frame by frame from requests with
botocore's EventStreamBuffer (prelude and message CRCs checked)."""
import base64
import json

import pytest
from botocore.eventstream import ChecksumMismatch, EventStreamBuffer
from hypothesis import given, settings, strategies as st

from .conftest import HAIKU_PROFILE, MESSAGES
from .test_bedrock_runtime import ANTHROPIC_BODY, RUNTIME_URL, admin, refusal, wire


def kinds(events):
    return [next(iter(event)) for event in events]


def frames(data: bytes):
    buffer = EventStreamBuffer()
    buffer.add_data(data)
    return list(buffer)


def invoke_stream(runtime, model, body):
    reply = runtime.invoke_model_with_response_stream(modelId=model, body=json.dumps(body))
    return [json.loads(event["chunk"]["bytes"]) for event in reply["body"]], reply


def test_converse_stream_decodes_and_says_what_converse_says(fresh):
    runtime = admin()
    reply = runtime.converse_stream(modelId=HAIKU_PROFILE, messages=MESSAGES)
    assert reply["ResponseMetadata"]["HTTPHeaders"]["content-type"] == "application/vnd.amazon.eventstream"
    events = list(reply["stream"])
    names = kinds(events)
    assert names[0] == "messageStart" and names[-2:] == ["messageStop", "metadata"]
    assert names.count("contentBlockDelta") >= 2 and "contentBlockStop" in names
    assert events[0]["messageStart"]["role"] == "assistant"
    text = "".join(e["contentBlockDelta"]["delta"]["text"] for e in events if "contentBlockDelta" in e)
    whole = runtime.converse(modelId=HAIKU_PROFILE, messages=MESSAGES)
    assert text == whole["output"]["message"]["content"][0]["text"]
    assert events[-2]["messageStop"]["stopReason"] == whole["stopReason"] == "end_turn"
    assert events[-1]["metadata"]["usage"] == whole["usage"] and whole["usage"]["totalTokens"] > 0
    assert events[-1]["metadata"]["metrics"]["latencyMs"] == 250


def test_converse_stream_validates_before_streaming(fresh):
    runtime = admin()
    assert refusal(lambda: runtime.converse_stream(modelId=HAIKU_PROFILE, messages=[]))[:2] == (
        400, "ValidationException")
    assert refusal(lambda: runtime.converse_stream(modelId="amazon.titan-embed-text-v2:0", messages=MESSAGES))[:2] == (
        400, "ValidationException")


def test_invoke_with_response_stream_anthropic_chunks(fresh):
    payloads, reply = invoke_stream(admin(), HAIKU_PROFILE, ANTHROPIC_BODY)
    assert reply["contentType"] == "application/json"
    types = [p["type"] for p in payloads]
    assert types[0] == "message_start" and types[-1] == "message_stop" and "content_block_delta" in types
    text = "".join(p["delta"]["text"] for p in payloads if p["type"] == "content_block_delta")
    assert text.startswith("[sandbox] Claude 3 Haiku") and text.endswith("You asked: Say hello")
    assert payloads[-1]["amazon-bedrock-invocationMetrics"]["outputTokenCount"] > 0


def test_invoke_with_response_stream_other_families(fresh):
    runtime = admin()
    nova, _ = invoke_stream(runtime, "us.amazon.nova-lite-v1:0", {"messages": MESSAGES})
    assert "messageStart" in nova[0] and "metadata" in nova[-1]
    llama, _ = invoke_stream(runtime, "us.meta.llama3-3-70b-instruct-v1:0", {"prompt": "Hello llama"})
    assert "".join(p["generation"] for p in llama).endswith("Hello llama") and llama[-1]["stop_reason"] == "stop"
    mistral, _ = invoke_stream(runtime, "mistral.mistral-7b-instruct-v0:2", {"prompt": "Hi", "max_tokens": 2})
    assert mistral[-1]["outputs"][0]["stop_reason"] == "length"
    gpt, _ = invoke_stream(runtime, "openai.gpt-oss-20b-1:0", {"messages": [{"role": "user", "content": "Hi"}]})
    assert gpt[-1]["choices"][0]["finish_reason"] == "stop"


def test_streaming_an_embedding_model_is_refused(fresh):
    assert refusal(lambda: invoke_stream(admin(), "amazon.titan-embed-text-v2:0", {"inputText": "x"})) == (
        400, "ValidationException", "The model is unsupported for streaming.")


def test_raw_frames_and_their_crc(fresh):
    answer = wire().post(f"{RUNTIME_URL}/model/{HAIKU_PROFILE}/invoke-with-response-stream",
                         json=ANTHROPIC_BODY, stream=True)
    assert answer.status_code == 200
    assert answer.headers["Content-Type"] == "application/vnd.amazon.eventstream"
    assert answer.headers["X-Amzn-Bedrock-Content-Type"] == "application/json"
    data = answer.raw.read()
    messages = frames(data)
    assert len(messages) >= 5
    for message in messages:
        assert message.headers == {":event-type": "chunk", ":content-type": "application/json",
                                   ":message-type": "event"}
        json.loads(base64.b64decode(json.loads(message.payload)["bytes"]))
    corrupt = bytearray(data)
    corrupt[messages[0].prelude.total_length - 6] ^= 0xFF  # a payload byte of the first frame
    with pytest.raises(ChecksumMismatch):
        frames(bytes(corrupt))


def test_any_prompt_streams_back_intact(fresh):
    runtime = admin()

    @settings(max_examples=60, deadline=None)
    @given(st.text(min_size=1, max_size=200).filter(str.strip))
    def check(prompt):
        messages = [{"role": "user", "content": [{"text": prompt}]}]
        events = list(runtime.converse_stream(modelId=HAIKU_PROFILE, messages=messages)["stream"])
        text = "".join(e["contentBlockDelta"]["delta"]["text"] for e in events if "contentBlockDelta" in e)
        whole = runtime.converse(modelId=HAIKU_PROFILE, messages=messages)
        assert text == whole["output"]["message"]["content"][0]["text"]
        assert kinds(events)[-1] == "metadata"

    check()
