"""bedrock-runtime in-process: statuses, bodies, the authz.require calls in order, and botocore's own
parsers reading what the sandbox sends."""
import base64
import json
from urllib.parse import quote

import pytest
from botocore import parsers
from botocore.eventstream import EventStream
from botocore.session import get_session

from helpers.sandbox.bedrock import handle, lifecycle
from helpers.sandbox.call import Call
from helpers.sandbox.errors import AwsError, access_denied
from helpers.sandbox.routing import Router

ACCOUNT = "111122223333"
HAIKU = "anthropic.claude-3-haiku-20240307-v1:0"
HAIKU_PROFILE = "us.anthropic.claude-3-haiku-20240307-v1:0"
PROFILE_ARN = f"arn:aws:bedrock:us-west-2:{ACCOUNT}:inference-profile/{HAIKU_PROFILE}"
MESSAGES = [{"role": "user", "content": [{"text": "Say hello to the sandbox, please"}]}]
RUNTIME = get_session().get_service_model("bedrock-runtime")


class RecordingAuthorizer:
    """Test double of the lead's Authorizer: records require() calls, denies chosen resources."""

    def __init__(self, deny=(), account=ACCOUNT):
        self.account = account
        self.deny = set(deny)
        self.calls = []

    def require(self, action, resource, context=None):
        self.calls.append((action, resource, dict(context) if context else None))
        if resource in self.deny or (action, resource) in self.deny:
            raise access_denied(f"User: arn:aws:iam::{self.account}:user/test is not authorized to perform: "
                                f"{action} on resource: {resource} because no identity-based policy allows the "
                                f"{action} action")


def call(path, body=b"", *, region="us-west-2", service="bedrock-runtime", method="POST", query=""):
    if not isinstance(body, bytes):
        body = json.dumps(body).encode()
    return Call(method=method, host=f"{service}.{region}.amazonaws.com", service=service, region=region,
                path=path, query=query, headers={}, body=body)


def model_path(model_id, op):
    return f"/model/{quote(model_id, safe='')}/{op}"


def run(c, authz=None, router=None):
    authz = authz or RecordingAuthorizer()
    status, headers, body = handle(c, authz, router or Router())
    return status, dict(headers), b"".join(body), authz


def error(c, authz=None, router=None) -> AwsError:
    with pytest.raises(AwsError) as caught:
        run(c, authz, router)
    return caught.value


def parse(operation, status, headers, body):
    op = RUNTIME.operation_model(operation)
    return parsers.create_parser("rest-json").parse(
        {"status_code": status, "headers": headers, "body": body}, op.output_shape)


class _Raw:
    def __init__(self, data):
        self.data = data

    def stream(self):
        yield self.data

    def close(self):
        pass


def decode_stream(operation, member, body):
    shape = RUNTIME.operation_model(operation).output_shape.members[member]
    return list(EventStream(_Raw(body), shape, parsers.EventStreamJSONParser(), operation))


# --- Converse ------------------------------------------------------------------------------
def test_converse_through_the_us_profile_authorizes_profile_then_destination_model():
    status, headers, body, authz = run(call(model_path(HAIKU_PROFILE, "converse"), {"messages": MESSAGES}))
    assert status == 200
    assert authz.calls == [
        ("bedrock:InvokeModel", PROFILE_ARN, None),
        ("bedrock:InvokeModel", f"arn:aws:bedrock:us-west-2::foundation-model/{HAIKU}",
         {"bedrock:InferenceProfileArn": PROFILE_ARN}),
    ]
    parsed = parse("Converse", status, headers, body)
    text = parsed["output"]["message"]["content"][0]["text"]
    assert text.startswith("[sandbox] Claude 3 Haiku would answer here. You asked: Say hello")
    assert parsed["stopReason"] == "end_turn"
    assert parsed["usage"]["totalTokens"] == parsed["usage"]["inputTokens"] + parsed["usage"]["outputTokens"] > 0
    assert parsed["metrics"]["latencyMs"] == 250


def test_converse_is_deterministic():
    c = call(model_path(HAIKU_PROFILE, "converse"), {"messages": MESSAGES})
    first, second = run(c), run(c)
    assert first[2] == second[2] and first[1]["x-amzn-RequestId"] == second[1]["x-amzn-RequestId"]


def test_routing_pins_the_destination_region_checked():
    router = Router()
    router.route_to("us-east-1")
    _, _, _, authz = run(call(model_path(HAIKU_PROFILE, "converse"), {"messages": MESSAGES}), router=router)
    assert authz.calls[1][1] == f"arn:aws:bedrock:us-east-1::foundation-model/{HAIKU}"


def test_a_denied_destination_fails_the_call_and_does_no_work():
    authz = RecordingAuthorizer(deny={f"arn:aws:bedrock:us-west-2::foundation-model/{HAIKU}"})
    err = error(call(model_path(HAIKU_PROFILE, "converse"), {"messages": MESSAGES}), authz)
    assert (err.status, err.code) == (403, "AccessDeniedException")
    assert "foundation-model/anthropic.claude-3-haiku" in err.message


def test_profile_and_model_arns_are_accepted_as_model_ids():
    _, _, _, authz = run(call(model_path(PROFILE_ARN, "converse"), {"messages": MESSAGES}))
    assert authz.calls[0][1] == PROFILE_ARN
    fm = f"arn:aws:bedrock:us-west-2::foundation-model/{HAIKU}"
    status, _, _, authz = run(call(model_path(fm, "converse"), {"messages": MESSAGES}))
    assert status == 200 and authz.calls == [("bedrock:InvokeModel", fm, None)]


def test_unencoded_ids_from_plain_http_clients_work_too():
    status, *_ = run(call(f"/model/{HAIKU_PROFILE}/converse", {"messages": MESSAGES}))
    assert status == 200


def test_unknown_model_id():
    err = error(call(model_path("anthropic.claude-9", "converse"), {"messages": MESSAGES}))
    assert (err.status, err.code, err.message) == (400, "ValidationException", "The provided model identifier is invalid.")


def test_profile_not_offered_in_the_region_is_an_invalid_identifier():
    err = error(call(model_path("eu.anthropic.claude-3-haiku-20240307-v1:0", "converse"), {"messages": MESSAGES}))
    assert err.message == "The provided model identifier is invalid."


def test_profile_only_model_called_by_bare_id():
    model = "anthropic.claude-haiku-4-5-20251001-v1:0"
    authz = RecordingAuthorizer()
    err = error(call(model_path(model, "converse"), {"messages": MESSAGES}), authz)
    assert err.status == 400 and err.code == "ValidationException"
    assert err.message == (f"Invocation of model ID {model} with on-demand throughput isn\u2019t supported. Retry your "
                           "request with the ID or ARN of an inference profile that contains this model.")
    assert authz.calls == [("bedrock:InvokeModel", f"arn:aws:bedrock:us-west-2::foundation-model/{model}", None)]


def test_global_profile_authorizes_the_region_less_model_arn():
    pid = "global.anthropic.claude-haiku-4-5-20251001-v1:0"
    parn = f"arn:aws:bedrock:us-west-2:{ACCOUNT}:inference-profile/{pid}"
    _, _, _, authz = run(call(model_path(pid, "converse"), {"messages": MESSAGES}))
    ctx = {"bedrock:InferenceProfileArn": parn}
    assert [c[1] for c in authz.calls] == [
        parn, "arn:aws:bedrock:us-west-2::foundation-model/anthropic.claude-haiku-4-5-20251001-v1:0",
        "arn:aws:bedrock:::foundation-model/anthropic.claude-haiku-4-5-20251001-v1:0"]
    assert authz.calls[1][2] == authz.calls[2][2] == ctx


@pytest.mark.parametrize("body, message", [
    ({}, "Value null at 'messages'"),
    ({"messages": []}, "A conversation must start with a user message"),
    ({"messages": [{"role": "assistant", "content": [{"text": "hi"}]}]}, "must start with a user message"),
    ({"messages": MESSAGES + MESSAGES}, "must alternate between user and assistant"),
    ({"messages": [{"role": "user", "content": []}]}, "The content field in the Message object at messages.0 is empty"),
    ({"messages": [{"role": "robot", "content": [{"text": "x"}]}]}, "Member must satisfy enum value set"),
    ({"messages": MESSAGES, "inferenceConfig": {"maxTokens": 0}}, "greater than or equal to 1"),
    ({"messages": MESSAGES, "inferenceConfig": {"maxTokens": 5000}}, "exceeds the model limit of 4096"),
    ({"messages": MESSAGES, "inferenceConfig": {"temperature": 1.5}}, "less than or equal to 1"),
])
def test_converse_validation(body, message):
    err = error(call(model_path(HAIKU_PROFILE, "converse"), body))
    assert (err.status, err.code) == (400, "ValidationException") and message in err.message


def test_bad_json_is_a_serialization_error():
    err = error(call(model_path(HAIKU_PROFILE, "converse"), b"{not json"))
    assert (err.status, err.code) == (400, "SerializationException")


def test_max_tokens_truncates_and_says_so():
    status, headers, body, _ = run(call(model_path(HAIKU_PROFILE, "converse"),
                                        {"messages": MESSAGES, "inferenceConfig": {"maxTokens": 2}}))
    parsed = parse("Converse", status, headers, body)
    assert parsed["stopReason"] == "max_tokens" and parsed["usage"]["outputTokens"] <= 2


def test_converse_with_an_embedding_model_is_refused():
    err = error(call(model_path("amazon.titan-embed-text-v2:0", "converse"), {"messages": MESSAGES}))
    assert "doesn't support the model that you provided" in err.message


# --- ConverseStream ------------------------------------------------------------------------
def test_converse_stream_decodes_with_botocore_and_needs_the_streaming_action():
    status, headers, body, authz = run(call(model_path(HAIKU_PROFILE, "converse-stream"), {"messages": MESSAGES}))
    assert status == 200 and headers["Content-Type"] == "application/vnd.amazon.eventstream"
    assert {c[0] for c in authz.calls} == {"bedrock:InvokeModelWithResponseStream"}
    events = decode_stream("ConverseStream", "stream", body)
    kinds = [next(iter(e)) for e in events]
    assert kinds[0] == "messageStart" and kinds[-2:] == ["messageStop", "metadata"]
    assert kinds.count("contentBlockDelta") >= 2 and "contentBlockStop" in kinds
    text = "".join(e["contentBlockDelta"]["delta"]["text"] for e in events if "contentBlockDelta" in e)
    whole = parse("Converse", *run(call(model_path(HAIKU_PROFILE, "converse"), {"messages": MESSAGES}))[:3])
    assert text == whole["output"]["message"]["content"][0]["text"]
    assert events[-1]["metadata"]["usage"]["totalTokens"] > 0 and events[-1]["metadata"]["metrics"]["latencyMs"] == 250


def test_converse_stream_validates_before_streaming():
    err = error(call(model_path(HAIKU_PROFILE, "converse-stream"), {"messages": []}))
    assert err.status == 400


# --- InvokeModel ---------------------------------------------------------------------------
ANTHROPIC_BODY = {"anthropic_version": "bedrock-2023-05-31", "max_tokens": 100, "messages": MESSAGES}


def invoke(model_id, body, op="invoke", **kw):
    return run(call(model_path(model_id, op), body, **kw))


def test_invoke_anthropic_messages():
    body = dict(ANTHROPIC_BODY, messages=[{"role": "user", "content": "Say hello"}])
    status, headers, raw, authz = invoke(HAIKU_PROFILE, body)
    parsed = parse("InvokeModel", status, headers, raw)
    answer = json.loads(parsed["body"])
    assert answer["type"] == "message" and answer["id"].startswith("msg_bdrk_")
    assert answer["content"][0]["text"].endswith("You asked: Say hello")
    assert answer["usage"]["input_tokens"] > 0 and answer["stop_reason"] == "end_turn"
    assert authz.calls[0][0] == "bedrock:InvokeModel"
    assert headers["X-Amzn-Bedrock-Output-Token-Count"] == str(answer["usage"]["output_tokens"])


@pytest.mark.parametrize("body, message", [
    ({"max_tokens": 10, "messages": MESSAGES}, "#: required key [anthropic_version] not found"),
    ({"anthropic_version": "bedrock-2023-05-31", "messages": MESSAGES}, "#: required key [max_tokens] not found"),
    (dict(ANTHROPIC_BODY, prompt="x"), "#: extraneous key [prompt] is not permitted"),
    (dict(ANTHROPIC_BODY, max_tokens=9999), "max_tokens: 9999 > 4096"),
    (dict(ANTHROPIC_BODY, messages=MESSAGES + MESSAGES), 'roles must alternate between "user" and "assistant"'),
    ({"inputText": "hello"}, "Malformed input request"),
])
def test_invoke_anthropic_refuses_other_shapes(body, message):
    err = error(call(model_path(HAIKU_PROFILE, "invoke"), body))
    assert err.code == "ValidationException" and message in err.message


def test_invoke_body_that_is_not_json():
    err = error(call(model_path(HAIKU_PROFILE, "invoke"), b"hello"))
    assert err.code == "ValidationException" and err.message.startswith("Malformed input request")


def test_invoke_nova_llama_mistral_native_bodies():
    nova = invoke("us.amazon.nova-micro-v1:0", {"schemaVersion": "messages-v1", "messages": MESSAGES,
                                                "inferenceConfig": {"maxTokens": 50}})
    assert json.loads(nova[2])["output"]["message"]["content"][0]["text"].startswith("[sandbox] Nova Micro")
    llama = invoke("us.meta.llama3-3-70b-instruct-v1:0", {"prompt": "Hello llama", "max_gen_len": 64})
    assert json.loads(llama[2])["generation"].endswith("Hello llama")
    mistral = invoke("mistral.mistral-7b-instruct-v0:2", {"prompt": "<s>[INST] Hi [/INST]", "max_tokens": 50})
    assert json.loads(mistral[2])["outputs"][0]["stop_reason"] == "stop"
    err = error(call(model_path("us.meta.llama3-3-70b-instruct-v1:0", "invoke"), ANTHROPIC_BODY))
    assert "#: required key [prompt] not found" in err.message


def test_invoke_embeddings():
    _, headers, raw, _ = invoke("amazon.titan-embed-text-v2:0", {"inputText": "hello", "dimensions": 256})
    answer = json.loads(raw)
    assert len(answer["embedding"]) == 256 and answer["inputTextTokenCount"] == 2
    assert abs(sum(v * v for v in answer["embedding"]) - 1) < 1e-3
    _, _, raw, _ = invoke("cohere.embed-english-v3", {"texts": ["a", "b"], "input_type": "search_query"})
    assert len(json.loads(raw)["embeddings"]) == 2


def test_invoke_with_response_stream_chunks_decode():
    status, headers, raw, authz = invoke(HAIKU_PROFILE, ANTHROPIC_BODY, op="invoke-with-response-stream")
    assert authz.calls[0][0] == "bedrock:InvokeModelWithResponseStream"
    events = decode_stream("InvokeModelWithResponseStream", "body", raw)
    payloads = [json.loads(e["chunk"]["bytes"]) for e in events]
    types = [p["type"] for p in payloads]
    assert types[0] == "message_start" and types[-1] == "message_stop" and "content_block_delta" in types
    assert payloads[-1]["amazon-bedrock-invocationMetrics"]["outputTokenCount"] > 0
    nova = decode_stream("InvokeModelWithResponseStream", "body",
                         invoke("us.amazon.nova-lite-v1:0", {"messages": MESSAGES}, op="invoke-with-response-stream")[2])
    assert "messageStart" in json.loads(nova[0]["chunk"]["bytes"])


def test_streaming_an_embedding_model_is_refused():
    err = error(call(model_path("amazon.titan-embed-text-v2:0", "invoke-with-response-stream"), {"inputText": "x"}))
    assert err.message == "The model is unsupported for streaming."


# --- CountTokens ---------------------------------------------------------------------------
def test_count_tokens_converse_and_invoke_inputs():
    model = "anthropic.claude-haiku-4-5-20251001-v1:0"
    status, headers, raw, authz = run(call(model_path(model, "count-tokens"), {"input": {"converse": {"messages": MESSAGES}}}))
    assert parse("CountTokens", status, headers, raw)["inputTokens"] > 0
    assert authz.calls == [("bedrock:CountTokens", f"arn:aws:bedrock:us-west-2::foundation-model/{model}", None)]
    native = base64.b64encode(json.dumps(ANTHROPIC_BODY).encode()).decode()
    _, _, raw2, _ = run(call(model_path(model, "count-tokens"), {"input": {"invokeModel": {"body": native}}}))
    assert json.loads(raw2) == json.loads(raw)


def test_count_tokens_refuses_profiles_and_unsupported_models():
    for model in ("us.anthropic.claude-haiku-4-5-20251001-v1:0", "amazon.nova-micro-v1:0"):
        err = error(call(model_path(model, "count-tokens"), {"input": {"converse": {"messages": MESSAGES}}},
                         region="us-east-1"))
        assert err.message == "The provided model doesn't support counting tokens."


# --- lifecycle and unknown routes ----------------------------------------------------------
def test_claude_3_haiku_past_end_of_life_when_enforced():
    from datetime import datetime, timezone
    c = call(model_path(HAIKU_PROFILE, "converse"), {"messages": MESSAGES})
    try:
        lifecycle.configure(enforce_end_of_life=True, now=lambda: datetime(2026, 11, 27, tzinfo=timezone.utc))
        err = error(c)
        assert (err.status, err.code) == (404, "ResourceNotFoundException")
        assert err.message.startswith("This model version has reached the end of its life.")
        lifecycle.configure(now=lambda: datetime(2026, 9, 9, tzinfo=timezone.utc))
        assert run(c)[0] == 200
    finally:
        lifecycle.reset()
    assert run(c)[0] == 200


@pytest.mark.parametrize("method, path", [("POST", "/model/x/talk"), ("GET", f"/model/{HAIKU}/converse"), ("POST", "/")])
def test_unknown_routes(method, path):
    err = error(call(path, {"messages": MESSAGES}, method=method))
    assert (err.status, err.code) == (404, "UnknownOperationException")
