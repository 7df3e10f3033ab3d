"""Random model ids, operations, paths, queries, bodies and headers, sent with a valid key through
requests, to bedrock-runtime and bedrock-mantle: every answer is below 500, and every refusal is
AWS-shaped (x-amzn-ErrorType, JSON with a message)."""
import json
from urllib.parse import quote

import requests
from hypothesis import given, settings, strategies as st

from .conftest import long_term_key
from .test_bedrock_runtime import wire

IDS = st.sampled_from([
    "us.anthropic.claude-3-haiku-20240307-v1%3A0", "anthropic.claude-3-haiku-20240307-v1:0",
    "amazon.titan-embed-text-v2%3A0", "cohere.embed-english-v3", "us.meta.llama3-3-70b-instruct-v1:0",
    "mistral.mistral-7b-instruct-v0:2", "openai.gpt-oss-20b-1:0", "us.amazon.nova-pro-v1:0",
    "anthropic.claude-haiku-4-5-20251001-v1:0", "global.anthropic.claude-sonnet-4-6",
    "arn%3Aaws%3Abedrock%3Aus-west-2%3A111122223333%3Ainference-profile%2Fus.amazon.nova-lite-v1%3A0", "x", "%ZZ",
]) | st.text(max_size=30).map(lambda s: quote(s, safe=""))
OPS = st.sampled_from(["converse", "converse-stream", "invoke", "invoke-with-response-stream", "count-tokens", "zzz"])
JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
                    max_leaves=15)
KEYS = st.sampled_from(["messages", "role", "content", "text", "prompt", "max_tokens", "anthropic_version",
                        "inferenceConfig", "maxTokens", "input", "converse", "invokeModel", "body", "inputText",
                        "texts", "input_type", "model", "stream", "system", "schemaVersion", "max_gen_len",
                        "stream_options", "include_usage", "max_completion_tokens", "dimensions", "temperature",
                        "instructions", "max_output_tokens", "background", "tools", "type", "previous_response_id"])
SHAPED = st.recursive(st.none() | st.integers(-5, 10_000) | st.text(max_size=20) | st.just("bedrock-2023-05-31")
                      | st.sampled_from(["user", "assistant", "developer", "search_query", "openai.gpt-oss-20b-1:0",
                                       "openai.gpt-5.4", "openai.gpt-oss-120b", "anthropic.claude-haiku-4-5",
                                       "us.anthropic.claude-haiku-4-5-20251001-v1:0", "web_search", "input_text"]),
                      lambda inner: st.lists(inner, max_size=3) | st.dictionaries(KEYS, inner, max_size=5),
                      max_leaves=20)
BODIES = st.one_of(st.binary(max_size=60), JSON.map(lambda v: json.dumps(v).encode()),
                   SHAPED.map(lambda v: json.dumps(v).encode()))
REGIONS = st.sampled_from(["us-west-2", "us-east-1", "eu-west-1"])
FUZZ = settings(max_examples=150, deadline=None)


def shaped(answer):
    """Below 500; a refusal carries x-amzn-ErrorType and a JSON message; a 200 is read to its end."""
    assert answer.status_code < 500, (answer.status_code, answer.text[:300])
    assert answer.headers.get("x-amzn-RequestId")
    if answer.status_code >= 400:
        assert answer.headers["x-amzn-ErrorType"].split(":")[0], answer.headers
        body = answer.json()
        assert isinstance(body.get("message", body.get("Message")), str), body


def session_for_every_region():
    """The admin's long-term key: valid in every Region, so only the request decides the answer."""
    return wire(long_term_key("workbook-admin")["ServiceCredentialSecret"])


def test_runtime_never_fails_unshaped(fresh):
    session = session_for_every_region()

    @FUZZ
    @given(IDS, OPS, BODIES, REGIONS)
    def check(model, op, body, region):
        shaped(session.post(f"https://bedrock-runtime.{region}.amazonaws.com/model/{model}/{op}", data=body))

    check()


def test_any_path_and_query(fresh):
    session = session_for_every_region()
    path = st.text(max_size=40).map(lambda s: quote(s, safe="/:%"))

    @FUZZ
    @given(path, st.text(max_size=40).map(lambda s: quote(s, safe="=&")), BODIES, st.sampled_from(["GET", "POST"]),
           st.sampled_from(["bedrock", "bedrock-runtime"]), REGIONS)
    def check(path, query, body, method, service, region):
        url = f"https://{service}.{region}.amazonaws.com/{path}" + (f"?{query}" if query else "")
        shaped(session.request(method, url, data=body))

    check()


def test_chat_completions_bodies(fresh):
    session = session_for_every_region()

    @FUZZ
    @given(BODIES, REGIONS)
    def check(body, region):
        shaped(session.post(f"https://bedrock-runtime.{region}.amazonaws.com/openai/v1/chat/completions", data=body))

    check()


def test_control_plane_queries(fresh):
    session = session_for_every_region()
    names = st.sampled_from(["byProvider", "byOutputModality", "byInferenceType", "byCustomizationType", "type",
                             "typeEquals", "maxResults", "nextToken"])
    values = st.one_of(st.text(max_size=20), st.integers(-3, 2000).map(str),
                       st.sampled_from(["ON_DEMAND", "EMBEDDING", "SYSTEM_DEFINED", "APPLICATION", "c2FuZGJveDox"]))

    @FUZZ
    @given(st.sampled_from(["foundation-models", "inference-profiles"]), st.dictionaries(names, values, max_size=4),
           REGIONS)
    def check(resource, query, region):
        shaped(session.get(f"https://bedrock.{region}.amazonaws.com/{resource}", params=query))

    check()


NEW_PATHS = st.sampled_from([
    ("bedrock-runtime.{region}.amazonaws.com", "/openai/v1/responses"),
    ("bedrock-runtime.{region}.amazonaws.com", "/anthropic/v1/messages"),
    ("bedrock-mantle.{region}.api.aws", "/v1/responses"), ("bedrock-mantle.{region}.api.aws", "/v1/chat/completions"),
    ("bedrock-mantle.{region}.api.aws", "/openai/v1/responses"),
    ("bedrock-mantle.{region}.api.aws", "/anthropic/v1/messages"),
    ("bedrock-mantle.{region}.api.aws", "/anthropic/v1/messages/count_tokens"),
    ("bedrock-mantle.{region}.api.aws", "/v1/models"),
])
# What requests will send: no CR/LF, no leading whitespace.
HEADER_VALUES = st.text(st.characters(codec="latin-1", exclude_characters="\r\n\x00"), max_size=40).filter(
    lambda value: not value[:1].isspace())


def test_responses_messages_and_mantle_bodies_and_key_headers(fresh):
    """Both key headers (Authorization and x-api-key, valid or drawn), any body, every new path and host."""
    key = long_term_key("workbook-admin")["ServiceCredentialSecret"]
    session = requests.Session()
    keys = st.sampled_from([key, key[:-3], "bedrock-api-key-QUFB", ""]) | HEADER_VALUES
    headers = st.fixed_dictionaries({}, optional={
        "Authorization": keys.map(lambda k: f"Bearer {k}"), "x-api-key": keys, "anthropic-version": HEADER_VALUES,
        "OpenAI-Project": HEADER_VALUES, "Content-Type": st.sampled_from(["application/json", "text/plain"])})

    @FUZZ
    @given(NEW_PATHS, BODIES, headers, st.sampled_from(["us-west-2", "us-east-2", "us-west-1"]))
    def check(where, body, headers, region):
        host, path = where
        shaped(session.post(f"https://{host.format(region=region)}{path}", data=body, headers=headers))

    check()
