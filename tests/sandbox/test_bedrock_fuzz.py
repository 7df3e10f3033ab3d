"""Random paths and bodies never escape as anything but an AwsError below 500."""
import json

from hypothesis import HealthCheck, given, settings, strategies as st

from helpers.sandbox.bedrock import handle
from helpers.sandbox.errors import AwsError
from helpers.sandbox.routing import Router

from .test_bedrock_runtime import RecordingAuthorizer, call

IDS = st.sampled_from([
    "us.anthropic.claude-3-haiku-20240307-v1%3A0", "anthropic.claude-3-haiku-20240307-v1:0",
    "amazon.titan-embed-text-v2%3A0", "cohere.embed-english-v3", "us.meta.llama3-3-70b-instruct-v1:0",
    "mistral.mistral-7b-instruct-v0:2", "openai.gpt-oss-20b-1:0", "us.amazon.nova-pro-v1:0",
    "anthropic.claude-haiku-4-5-20251001-v1:0", "global.anthropic.claude-sonnet-4-6",
    "arn%3Aaws%3Abedrock%3Aus-west-2%3A111122223333%3Ainference-profile%2Fus.amazon.nova-lite-v1%3A0", "x", "%ZZ",
])
OPS = st.sampled_from(["converse", "converse-stream", "invoke", "invoke-with-response-stream", "count-tokens", "zzz"])
JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
                    max_leaves=15)
KEYS = st.sampled_from(["messages", "role", "content", "text", "prompt", "max_tokens", "anthropic_version",
                        "inferenceConfig", "maxTokens", "input", "converse", "invokeModel", "body", "inputText",
                        "texts", "input_type", "model", "stream", "system", "schemaVersion", "max_gen_len"])
SHAPED = st.recursive(st.none() | st.integers(-5, 10_000) | st.text(max_size=20) | st.just("bedrock-2023-05-31")
                      | st.sampled_from(["user", "assistant", "search_query"]),
                      lambda inner: st.lists(inner, max_size=3) | st.dictionaries(KEYS, inner, max_size=5),
                      max_leaves=20)
BODIES = st.one_of(st.binary(max_size=60), JSON.map(lambda v: json.dumps(v).encode()),
                   SHAPED.map(lambda v: json.dumps(v).encode()))


def _exercise(c):
    try:
        status, headers, body = handle(c, RecordingAuthorizer(), Router())
        b"".join(body)
    except AwsError as err:
        assert 400 <= err.status < 500, err
        err.response()
    else:
        assert status < 500


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(IDS, OPS, BODIES, st.sampled_from(["us-west-2", "us-east-1", "eu-west-1"]))
def test_runtime_never_fails_unshaped(model, op, body, region):
    _exercise(call(f"/model/{model}/{op}", body, region=region))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40), st.text(max_size=40), BODIES, st.sampled_from(["GET", "POST"]),
       st.sampled_from(["bedrock", "bedrock-runtime"]))
def test_any_path_and_query(path, query, body, method, service):
    _exercise(call("/" + path, body, method=method, service=service, query=query))


@settings(max_examples=200, deadline=None)
@given(BODIES)
def test_chat_completions_bodies(body):
    _exercise(call("/openai/v1/chat/completions", body))
