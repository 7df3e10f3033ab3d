"""bedrock-runtime through real clients: boto3 (SigV4 and the IAM policies of a test user), requests
with a bearer key. What the sandbox checks is read back from IAM's own denials, which name the action
and the resource ARN, and from condition keys a policy can only match when the sandbox supplies them.

The helpers here are shared by the other test_bedrock_* files.
"""
import functools
import json
import os
import socket
from datetime import date, datetime, timezone

import boto3
import pytest
import requests
from aws_bedrock_token_generator import provide_token
from botocore.config import Config
from requests.adapters import HTTPAdapter

from .conftest import HAIKU, HAIKU_PROFILE, MESSAGES, Static, bearer_client, error_of

ACCOUNT = "111122223333"
PROFILE_ARN = f"arn:aws:bedrock:us-west-2:{ACCOUNT}:inference-profile/{HAIKU_PROFILE}"
HAIKU_45 = "anthropic.claude-haiku-4-5-20251001-v1:0"
GLOBAL_HAIKU_45 = f"global.{HAIKU_45}"
RUNTIME_URL = "https://bedrock-runtime.us-west-2.amazonaws.com"
ANTHROPIC_BODY = {"anthropic_version": "bedrock-2023-05-31", "max_tokens": 100, "messages": MESSAGES}
# The server's own answer, not botocore's client-side check of required members and minimums.
UNCHECKED = Config(parameter_validation=False)


def fm(region: str, model: str = HAIKU) -> str:
    return f"arn:aws:bedrock:{region}::foundation-model/{model}"


def profile_arn(region: str, profile: str = HAIKU_PROFILE) -> str:
    return f"arn:aws:bedrock:{region}:{ACCOUNT}:inference-profile/{profile}"


@functools.cache
def _session() -> boto3.Session:
    """One Session for every client made here: service models load once (~80 ms per new Session)."""
    return boto3.Session()


@functools.cache
def admin(service: str = "bedrock-runtime", region: str = "us-west-2"):
    """The sandbox admin (AdministratorAccess, from the environment) over SigV4. Clients are kept:
    a new one opens a new connection, and loading the CA bundle for it costs ~15 ms."""
    return _session().client(service, region_name=region, config=UNCHECKED)


def allow(action, resource, condition=None) -> dict:
    statement = {"Effect": "Allow", "Action": action, "Resource": resource}
    if condition:
        statement["Condition"] = condition
    return statement


def through(profile: str) -> dict:
    """Condition: only when the call comes through `profile` (an ARN)."""
    return {"StringEquals": {"bedrock:InferenceProfileArn": profile}}


NOT_THROUGH_A_PROFILE = {"Null": {"bedrock:InferenceProfileArn": "true"}}


class Grantee:
    """An IAM user with one inline policy that a test rewrites, calling with its own access key."""

    def __init__(self, *statements, name: str = "grantee"):
        self.name = name
        self.arn = f"arn:aws:iam::{ACCOUNT}:user/{name}"
        self._iam = admin("iam")
        self._iam.create_user(UserName=name)
        self.allow(*statements)
        key = self._iam.create_access_key(UserName=name)["AccessKey"]
        self.provider = Static(key["AccessKeyId"], key["SecretAccessKey"])  # for provide_token
        self._credentials = {"aws_access_key_id": key["AccessKeyId"], "aws_secret_access_key": key["SecretAccessKey"]}

    @staticmethod
    def _policy(statements) -> dict:
        return {"Version": "2012-10-17", "Statement": list(statements) or [allow("iam:GetUser", "*")]}

    def allow(self, *statements) -> "Grantee":
        """Replace the user's policy with these statements (none: nothing in Bedrock)."""
        self._iam.put_user_policy(UserName=self.name, PolicyName="HaikuOnly",
                                  PolicyDocument=json.dumps(self._policy(statements)))
        return self

    def client(self, service: str = "bedrock-runtime", region: str = "us-west-2"):
        return _session().client(service, region_name=region, config=UNCHECKED, **self._credentials)

    def key(self, region: str = "us-west-2") -> str:
        """A short-term Bedrock API key of this user."""
        return provide_token(region=region, aws_credentials_provider=self.provider)

    def denied(self, call, action: str, resource: str) -> None:
        """`call` fails with IAM's denial of `action` on `resource`, and nothing else."""
        response = error_of(call)
        assert response["ResponseMetadata"]["HTTPStatusCode"] == 403
        assert response["Error"]["Code"] == "AccessDeniedException"
        assert response["Error"]["Message"] == (
            f"User: {self.arn} is not authorized to perform: {action} on resource: {resource} "
            f"because no identity-based policy allows the {action} action")


def refusal(call) -> tuple[int, str, str]:
    response = error_of(call)
    return response["ResponseMetadata"]["HTTPStatusCode"], response["Error"]["Code"], response["Error"]["Message"]


class _NoDelay(HTTPAdapter):
    """requests opens its proxy connections without TCP_NODELAY: each POST then waits ~40 ms for the
    server's delayed ACK before its body leaves. Same requests, same proxy, minus that wait."""

    def proxy_manager_for(self, proxy, **kwargs):
        kwargs.setdefault("socket_options", [(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)])
        return super().proxy_manager_for(proxy, **kwargs)


def wire(key: str | None = None) -> requests.Session:
    """A requests session that sends `Authorization: Bearer <key>` (the admin's us-west-2 key by default)."""
    session = requests.Session()
    session.mount("https://", _NoDelay())
    session.headers["Authorization"] = f"Bearer {key or provide_token()}"
    return session


def assert_aws_error(answer: requests.Response, status: int, code: str) -> str:
    """An AWS-shaped error: status, `x-amzn-ErrorType`, JSON body with its message; returns the message."""
    assert answer.status_code == status, answer.text
    assert answer.headers["x-amzn-ErrorType"].split(":")[0] == code
    return answer.json()["message"]


def converse(runtime, model=HAIKU_PROFILE, **kwargs):
    return runtime.converse(modelId=model, messages=MESSAGES, **kwargs)


# --- which resources and actions a call needs: observed through IAM ---------------------------
def test_a_profile_call_needs_the_profile_then_the_model_in_the_destination_region(fresh):
    user = Grantee()
    runtime = user.client()
    user.denied(lambda: converse(runtime), "bedrock:InvokeModel", PROFILE_ARN)

    user.allow(allow("bedrock:InvokeModel", PROFILE_ARN))
    user.denied(lambda: converse(runtime), "bedrock:InvokeModel", fm("us-west-2"))
    fresh.router.route_to("us-east-1")
    user.denied(lambda: converse(runtime), "bedrock:InvokeModel", fm("us-east-1"))

    # The model check carries bedrock:InferenceProfileArn = this profile's ARN in the source Region.
    user.allow(allow("bedrock:InvokeModel", PROFILE_ARN),
               allow("bedrock:InvokeModel", fm("*"), through(profile_arn("us-east-1"))))
    user.denied(lambda: converse(runtime), "bedrock:InvokeModel", fm("us-east-1"))
    user.allow(allow("bedrock:InvokeModel", PROFILE_ARN),
               allow("bedrock:InvokeModel", fm("*"), through(PROFILE_ARN)))
    assert converse(runtime)["output"]["message"]["role"] == "assistant"

    # ...and the profile check carries none.
    user.allow(allow("bedrock:InvokeModel", PROFILE_ARN, NOT_THROUGH_A_PROFILE),
               allow("bedrock:InvokeModel", fm("us-east-1"), through(PROFILE_ARN)))
    assert converse(runtime)["ResponseMetadata"]["HTTPStatusCode"] == 200


def test_routing_stays_in_the_source_region_unless_pinned(fresh):
    user = Grantee(allow("bedrock:InvokeModel", profile_arn("*")))
    west, ohio = user.client(), user.client(region="us-east-2")
    user.denied(lambda: converse(west), "bedrock:InvokeModel", fm("us-west-2"))
    user.denied(lambda: converse(ohio), "bedrock:InvokeModel", fm("us-east-2"))
    fresh.router.route_to("us-east-1")
    user.denied(lambda: converse(west), "bedrock:InvokeModel", fm("us-east-1"))
    user.denied(lambda: converse(ohio), "bedrock:InvokeModel", fm("us-east-1"))
    fresh.router.route_to(None)
    user.denied(lambda: converse(ohio), "bedrock:InvokeModel", fm("us-east-2"))


def test_profile_and_model_arns_are_accepted_as_model_ids(fresh):
    user = Grantee()
    runtime = user.client()
    user.denied(lambda: converse(runtime, PROFILE_ARN), "bedrock:InvokeModel", PROFILE_ARN)
    user.denied(lambda: converse(runtime, fm("us-west-2")), "bedrock:InvokeModel", fm("us-west-2"))
    # A foundation-model ARN is one check, on that ARN, outside any profile.
    user.allow(allow("bedrock:InvokeModel", fm("us-west-2"), NOT_THROUGH_A_PROFILE))
    assert converse(runtime, fm("us-west-2"))["output"]["message"]["content"][0]["text"]
    user.allow(allow("bedrock:InvokeModel", PROFILE_ARN), allow("bedrock:InvokeModel", fm("*"), through(PROFILE_ARN)))
    reply = converse(runtime, PROFILE_ARN)
    assert reply["output"]["message"]["content"][0]["text"].startswith("[sandbox] Claude 3 Haiku")


def test_an_arn_of_another_region_or_account_is_an_invalid_identifier(fresh):
    runtime = admin()
    for model in (fm("us-east-1"), profile_arn("us-east-1"), PROFILE_ARN.replace(ACCOUNT, "999988887777"),
                  "arn:aws:s3:::bucket/key"):
        assert refusal(lambda: converse(runtime, model)) == (
            400, "ValidationException", "The provided model identifier is invalid."), model


def test_unencoded_ids_from_plain_http_clients_work_too(fresh):
    session = wire()
    for model in (HAIKU_PROFILE, PROFILE_ARN):
        answer = session.post(f"{RUNTIME_URL}/model/{model}/converse", json={"messages": MESSAGES})
        assert answer.status_code == 200, answer.text
        assert answer.json()["output"]["message"]["content"][0]["text"]


def test_unknown_model_id(fresh):
    assert refusal(lambda: converse(admin(), "anthropic.claude-9")) == (
        400, "ValidationException", "The provided model identifier is invalid.")


def test_profile_not_offered_in_the_region_is_an_invalid_identifier(fresh):
    status, code, message = refusal(lambda: converse(admin(), "eu.anthropic.claude-3-haiku-20240307-v1:0"))
    assert (status, message) == (400, "The provided model identifier is invalid.")


def test_profile_only_model_called_by_bare_id(fresh):
    user = Grantee()
    runtime = user.client()
    # IAM first, on the model ARN in the caller's Region...
    user.denied(lambda: converse(runtime, HAIKU_45), "bedrock:InvokeModel", fm("us-west-2", HAIKU_45))
    # ...and with that one check allowed (no profile in its context), the on-demand refusal.
    user.allow(allow("bedrock:InvokeModel", fm("us-west-2", HAIKU_45), NOT_THROUGH_A_PROFILE))
    assert refusal(lambda: converse(runtime, HAIKU_45)) == (400, "ValidationException", (
        f"Invocation of model ID {HAIKU_45} with on-demand throughput isn\u2019t supported. Retry your request "
        "with the ID or ARN of an inference profile that contains this model."))


def test_global_profile_needs_the_model_in_the_source_region_and_the_region_less_model(fresh):
    parn = profile_arn("us-west-2", GLOBAL_HAIKU_45)
    regional, region_less = fm("us-west-2", HAIKU_45), fm("", HAIKU_45)
    user = Grantee(allow("bedrock:InvokeModel", parn))
    runtime = user.client()
    user.denied(lambda: converse(runtime, GLOBAL_HAIKU_45), "bedrock:InvokeModel", regional)
    user.allow(allow("bedrock:InvokeModel", parn), allow("bedrock:InvokeModel", regional, through(parn)))
    user.denied(lambda: converse(runtime, GLOBAL_HAIKU_45), "bedrock:InvokeModel", region_less)
    user.allow(allow("bedrock:InvokeModel", parn), allow("bedrock:InvokeModel", [regional, region_less], through(parn)))
    assert converse(runtime, GLOBAL_HAIKU_45)["ResponseMetadata"]["HTTPStatusCode"] == 200
    # Wherever the request is routed, the Regional check is on the source Region's ARN.
    fresh.router.route_to("eu-west-1")
    assert converse(runtime, GLOBAL_HAIKU_45)["ResponseMetadata"]["HTTPStatusCode"] == 200
    user.allow(allow("bedrock:InvokeModel", parn), allow("bedrock:InvokeModel", [fm("eu-west-1", HAIKU_45), region_less]))
    user.denied(lambda: converse(runtime, GLOBAL_HAIKU_45), "bedrock:InvokeModel", regional)


def test_each_operation_needs_its_own_action(fresh):
    native = json.dumps(ANTHROPIC_BODY)
    operations = {
        "bedrock:InvokeModel": [
            lambda r: converse(r),
            lambda r: r.invoke_model(modelId=HAIKU_PROFILE, body=native)],
        "bedrock:InvokeModelWithResponseStream": [
            lambda r: list(r.converse_stream(modelId=HAIKU_PROFILE, messages=MESSAGES)["stream"]),
            lambda r: list(r.invoke_model_with_response_stream(modelId=HAIKU_PROFILE, body=native)["body"])],
        "bedrock:CountTokens": [
            lambda r: r.count_tokens(modelId=HAIKU_45, input={"converse": {"messages": MESSAGES}})],
    }
    targets = {"bedrock:CountTokens": fm("us-west-2", HAIKU_45)}
    user = Grantee()
    runtime = user.client()
    for granted in operations:
        user.allow(allow(granted, "*"))
        for action, calls in operations.items():
            for call in calls:
                if action == granted:
                    call(runtime)
                else:
                    user.denied(lambda: call(runtime), action, targets.get(action, PROFILE_ARN))


# --- Converse --------------------------------------------------------------------------------
def test_converse_reply(fresh):
    reply = converse(admin())
    text = reply["output"]["message"]["content"][0]["text"]
    assert text.startswith("[sandbox] Claude 3 Haiku would answer here. You asked: Say hello")
    assert reply["stopReason"] == "end_turn"
    assert reply["usage"]["totalTokens"] == reply["usage"]["inputTokens"] + reply["usage"]["outputTokens"] > 0
    assert reply["metrics"]["latencyMs"] == 250


def test_converse_is_deterministic(fresh):
    runtime = admin()
    first, second = converse(runtime), converse(runtime)
    assert first["ResponseMetadata"]["RequestId"] == second["ResponseMetadata"]["RequestId"]
    for reply in (first, second):
        del reply["ResponseMetadata"]
    assert first == second


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
def test_converse_validation(fresh, body, message):
    status, code, text = refusal(lambda: admin().converse(modelId=HAIKU_PROFILE, **body))
    assert (status, code) == (400, "ValidationException") and message in text


@pytest.mark.parametrize("body, code, message", [
    ([], "SerializationException", "The request body must be a JSON object."),
    ({"messages": "x"}, "SerializationException", "Expected a list at 'messages'."),
    ({"messages": ["x"]}, "SerializationException", "Expected an object at 'messages.0'."),
    ({"messages": [{"role": "user"}]}, "ValidationException", "Value 'None' at 'messages.1.member.content'"),
    ({"messages": [{"role": "user", "content": "x"}]}, "SerializationException", "Expected a list at 'messages.0.content'."),
    ({"messages": [{"role": "user", "content": ["x"]}]}, "SerializationException",
     "Expected an object at 'messages.0.content.0'."),
    ({"messages": [{"role": "user", "content": [{"text": 1}]}]}, "SerializationException",
     "Expected a string at 'messages.0.content.0.text'."),
    ({"messages": MESSAGES, "system": "x"}, "SerializationException", "Expected a list at 'system'."),
    ({"messages": MESSAGES, "inferenceConfig": []}, "SerializationException", "Expected an object at 'inferenceConfig'."),
    ({"messages": MESSAGES, "inferenceConfig": {"maxTokens": "5"}}, "SerializationException",
     "Expected an integer at 'inferenceConfig.maxTokens'."),
    ({"messages": MESSAGES, "inferenceConfig": {"topP": "high"}}, "SerializationException",
     "Expected a number at 'inferenceConfig.topP'."),
    ({"messages": MESSAGES, "inferenceConfig": {"temperature": -1}}, "ValidationException", "greater than or equal to 0"),
])
def test_converse_bodies_of_the_wrong_shape(fresh, body, code, message):
    answer = wire().post(f"{RUNTIME_URL}/model/{HAIKU_PROFILE}/converse", json=body)
    assert message in assert_aws_error(answer, 400, code)


def test_bad_json_is_a_serialization_error(fresh):
    answer = wire().post(f"{RUNTIME_URL}/model/{HAIKU_PROFILE}/converse", data=b"{not json",
                         headers={"Content-Type": "application/json"})
    assert assert_aws_error(answer, 400, "SerializationException")


def test_json_nested_deeper_than_any_parser_goes_is_refused_not_a_500(fresh):
    deep = b"[" * 100_000 + b"]" * 100_000
    session = wire()
    for path, code in [(f"/model/{HAIKU_PROFILE}/converse", "SerializationException"),
                       (f"/model/{HAIKU_45}/count-tokens", "SerializationException"),
                       ("/openai/v1/chat/completions", "SerializationException"),
                       (f"/model/{HAIKU_PROFILE}/invoke", "ValidationException")]:
        answer = session.post(RUNTIME_URL + path, data=deep, headers={"Content-Type": "application/json"})
        assert assert_aws_error(answer, 400, code)


def test_max_tokens_truncates_and_says_so(fresh):
    reply = converse(admin(), inferenceConfig={"maxTokens": 2})
    assert reply["stopReason"] == "max_tokens" and reply["usage"]["outputTokens"] <= 2


def test_converse_with_an_embedding_model_is_refused(fresh):
    status, code, message = refusal(lambda: converse(admin(), "amazon.titan-embed-text-v2:0"))
    assert (status, code) == (400, "ValidationException") and "doesn't support the model that you provided" in message


# --- InvokeModel -----------------------------------------------------------------------------
def invoke(runtime, model, body):
    reply = runtime.invoke_model(modelId=model, body=body if isinstance(body, bytes) else json.dumps(body))
    return json.loads(reply["body"].read()), reply["ResponseMetadata"]["HTTPHeaders"]


def test_invoke_anthropic_messages(fresh):
    body = dict(ANTHROPIC_BODY, messages=[{"role": "user", "content": "Say hello"}])
    answer, headers = invoke(admin(), HAIKU_PROFILE, body)
    assert answer["type"] == "message" and answer["id"].startswith("msg_bdrk_")
    assert answer["content"][0]["text"].endswith("You asked: Say hello")
    assert answer["usage"]["input_tokens"] > 0 and answer["stop_reason"] == "end_turn"
    assert headers["x-amzn-bedrock-output-token-count"] == str(answer["usage"]["output_tokens"])
    assert headers["x-amzn-bedrock-input-token-count"] == str(answer["usage"]["input_tokens"])


@pytest.mark.parametrize("body, message", [
    ({"max_tokens": 10, "messages": MESSAGES}, "#: required key [anthropic_version] not found"),
    ({"anthropic_version": "bedrock-2023-05-31", "messages": MESSAGES}, "#: required key [max_tokens] not found"),
    (dict(ANTHROPIC_BODY, prompt="x"), "#: extraneous key [prompt] is not permitted"),
    (dict(ANTHROPIC_BODY, max_tokens=9999), "max_tokens: 9999 > 4096"),
    (dict(ANTHROPIC_BODY, messages=MESSAGES + MESSAGES), 'roles must alternate between "user" and "assistant"'),
    ({"inputText": "hello"}, "Malformed input request"),
    ([ANTHROPIC_BODY], "#: expected type: JSONObject, found: JSONArray"),
    (dict(ANTHROPIC_BODY, anthropic_version="claude-3-sonnet-20240229-v1:0"),
     "Invalid API version: claude-3-sonnet-20240229-v1:0"),  # the text boto/boto3#4218 reports
    (dict(ANTHROPIC_BODY, anthropic_version="2026-02-30"), "Invalid API version: 2026-02-30"),
    (dict(ANTHROPIC_BODY, max_tokens=0), "max_tokens: range: 1.."),
    (dict(ANTHROPIC_BODY, max_tokens=True), "#/max_tokens: expected type: Integer, found: Boolean"),
    (dict(ANTHROPIC_BODY, messages="hi"), "#/messages: expected type: JSONArray, found: String"),
    (dict(ANTHROPIC_BODY, messages=[]), "messages: at least one message is required"),
    (dict(ANTHROPIC_BODY, messages=[{"role": "robot", "content": "x"}]), "messages.0.role: Input should be"),
    (dict(ANTHROPIC_BODY, messages=[{"role": "assistant", "content": "x"}]), 'first message must use the "user" role'),
    (dict(ANTHROPIC_BODY, messages=[{"role": "user", "content": [{"image": {}}]}]),
     "#/messages/0/content/0: required key [type] not found"),
])
def test_invoke_anthropic_refuses_other_shapes(fresh, body, message):
    status, code, text = refusal(lambda: invoke(admin(), HAIKU_PROFILE, body))
    assert (status, code) == (400, "ValidationException") and message in text


@pytest.mark.parametrize("model, body, message", [
    ("us.amazon.nova-micro-v1:0", {"schemaVersion": "messages-v2", "messages": MESSAGES},
     "#/schemaVersion: messages-v1 is the only supported value"),
    ("us.amazon.nova-micro-v1:0", {"messages": [{"role": "robot", "content": []}]},
     "#/messages/0/role: robot is not a valid enum value"),
    ("us.amazon.nova-micro-v1:0", {"messages": MESSAGES, "inferenceConfig": {"maxTokens": 0}},
     "#/inferenceConfig/maxTokens: 0 is not in 1.."),
    ("us.meta.llama3-3-70b-instruct-v1:0", {"prompt": "hi", "max_gen_len": 0}, "#/max_gen_len: 0 is not in 1.."),
    ("us.meta.llama3-3-70b-instruct-v1:0", {"prompt": ["hi"]}, "#/prompt: expected type: String, found: JSONArray"),
    ("mistral.mistral-7b-instruct-v0:2", {"prompt": "hi", "top_n": 3}, "#: extraneous key [top_n] is not permitted"),
    ("amazon.titan-embed-text-v2:0", {"inputText": ""}, "#/inputText: expected minLength: 1, actual: 0"),
    ("amazon.titan-embed-text-v2:0", {"inputText": "x", "dimensions": 100}, "#/dimensions: 100 is not a valid enum value"),
    ("cohere.embed-english-v3", {"texts": ["x"], "input_type": "poetry"}, "#/input_type: poetry is not a valid enum value"),
    ("cohere.embed-english-v3", {"texts": "x", "input_type": "search_query"}, "#/texts: expected type: JSONArray"),
])
def test_invoke_other_families_refuse_malformed_bodies(fresh, model, body, message):
    status, code, text = refusal(lambda: invoke(admin(), model, body))
    assert (status, code) == (400, "ValidationException") and message in text


def test_invoke_body_that_is_not_json(fresh):
    status, code, message = refusal(lambda: invoke(admin(), HAIKU_PROFILE, b"hello"))
    assert code == "ValidationException" and message.startswith("Malformed input request")


def test_invoke_nova_llama_mistral_native_bodies(fresh):
    runtime = admin()
    nova, _ = invoke(runtime, "us.amazon.nova-micro-v1:0",
                     {"schemaVersion": "messages-v1", "messages": MESSAGES, "inferenceConfig": {"maxTokens": 50}})
    assert nova["output"]["message"]["content"][0]["text"].startswith("[sandbox] Nova Micro")
    llama, _ = invoke(runtime, "us.meta.llama3-3-70b-instruct-v1:0", {"prompt": "Hello llama", "max_gen_len": 64})
    assert llama["generation"].endswith("Hello llama")
    mistral, _ = invoke(runtime, "mistral.mistral-7b-instruct-v0:2", {"prompt": "<s>[INST] Hi [/INST]", "max_tokens": 50})
    assert mistral["outputs"][0]["stop_reason"] == "stop"
    status, code, message = refusal(lambda: invoke(runtime, "us.meta.llama3-3-70b-instruct-v1:0", ANTHROPIC_BODY))
    assert code == "ValidationException" and "#: required key [prompt] not found" in message


def test_invoke_embeddings(fresh):
    runtime = admin()
    answer, headers = invoke(runtime, "amazon.titan-embed-text-v2:0", {"inputText": "hello", "dimensions": 256})
    assert len(answer["embedding"]) == 256 and answer["inputTextTokenCount"] == 2
    assert abs(sum(v * v for v in answer["embedding"]) - 1) < 1e-3
    assert headers["x-amzn-bedrock-input-token-count"] == "2"
    answer, _ = invoke(runtime, "cohere.embed-english-v3", {"texts": ["a", "b"], "input_type": "search_query"})
    assert len(answer["embeddings"]) == 2


# --- CountTokens -----------------------------------------------------------------------------
def test_count_tokens_converse_and_invoke_inputs(fresh):
    runtime = admin()
    counted = runtime.count_tokens(modelId=HAIKU_45, input={"converse": {"messages": MESSAGES}})
    assert counted["inputTokens"] > 0
    native = runtime.count_tokens(modelId=HAIKU_45, input={"invokeModel": {"body": json.dumps(ANTHROPIC_BODY)}})
    assert native["inputTokens"] == counted["inputTokens"]
    by_arn = runtime.count_tokens(modelId=fm("us-west-2", HAIKU_45), input={"converse": {"messages": MESSAGES}})
    assert by_arn["inputTokens"] == counted["inputTokens"]
    # One check: bedrock:CountTokens on the model ARN, outside any profile.
    user = Grantee(allow("bedrock:CountTokens", fm("us-west-2", HAIKU_45), NOT_THROUGH_A_PROFILE))
    assert user.client().count_tokens(modelId=HAIKU_45, input={"converse": {"messages": MESSAGES}})["inputTokens"] == \
        counted["inputTokens"]


@pytest.mark.parametrize("body, code, message", [
    ({}, "ValidationException", "Value null at 'input'"),
    ({"input": {}}, "ValidationException", "The input must contain exactly one of: converse, invokeModel."),
    ({"input": {"converse": {"messages": MESSAGES}, "invokeModel": {"body": "e30="}}}, "ValidationException",
     "exactly one of"),
    ({"input": {"converse": "hi"}}, "SerializationException", "Expected an object at 'input.converse'."),
    ({"input": {"invokeModel": {}}}, "ValidationException", "Value null at 'input.invokeModel.body'"),
    ({"input": {"invokeModel": {"body": "not base64!"}}}, "SerializationException", "Unable to decode"),
    ({"input": {"converse": {"messages": []}}}, "ValidationException", "must start with a user message"),
])
def test_count_tokens_input_is_validated(fresh, body, code, message):
    answer = wire().post(f"{RUNTIME_URL}/model/{HAIKU_45}/count-tokens", json=body)
    assert message in assert_aws_error(answer, 400, code)


def test_count_tokens_refuses_profiles_and_unsupported_models(fresh):
    runtime = admin(region="us-east-1")
    for model in ("us.anthropic.claude-haiku-4-5-20251001-v1:0", "amazon.nova-micro-v1:0"):
        assert refusal(lambda: runtime.count_tokens(modelId=model, input={"converse": {"messages": MESSAGES}})) == (
            400, "ValidationException", "The provided model doesn't support counting tokens."), model


# --- lifecycle and unknown routes ------------------------------------------------------------
def test_claude_3_haiku_past_end_of_life_today_and_served_in_a_replay(today):
    runtime, canada = admin(), admin(region="ca-central-1")
    gone = (404, "ResourceNotFoundException",
            "This model version has reached the end of its life. Please refer to the AWS documentation for more details.")
    assert refusal(lambda: converse(runtime)) == gone
    assert refusal(lambda: converse(runtime, HAIKU)) == gone
    assert refusal(lambda: runtime.count_tokens(modelId=HAIKU, input={"converse": {"messages": MESSAGES}})) == gone
    chat = wire().post(f"{RUNTIME_URL}/openai/v1/chat/completions",
                       json={"model": HAIKU, "messages": [{"role": "user", "content": "hi"}]})
    assert assert_aws_error(chat, 404, "ResourceNotFoundException") == gone[2]
    assert converse(canada, HAIKU)["ResponseMetadata"]["HTTPStatusCode"] == 200  # its model card's exemption
    with today.replay_date(date(2026, 9, 9)):  # the day before its end
        assert converse(admin())["ResponseMetadata"]["HTTPStatusCode"] == 200
        key = provide_token()  # made during the replay, so it works in it
        assert converse(bearer_client("bedrock-runtime", key))["ResponseMetadata"]["HTTPStatusCode"] == 200
        os.environ.pop("AWS_BEARER_TOKEN_BEDROCK")  # botocore reads it at call time (reference §7)
    assert refusal(lambda: converse(runtime)) == gone  # back to today
    with today.replay_date(datetime(2026, 9, 10, tzinfo=timezone.utc)):  # its last instant has passed
        assert refusal(lambda: converse(admin())) == gone


@pytest.mark.parametrize("method, path", [("POST", "/model/x/talk"), ("GET", f"/model/{HAIKU}/converse"), ("POST", "/"),
                                          ("GET", "/openai/v1/chat/completions")])
def test_unknown_routes(fresh, method, path):
    answer = wire().request(method, RUNTIME_URL + path, json={"messages": MESSAGES})
    assert assert_aws_error(answer, 404, "UnknownOperationException")
