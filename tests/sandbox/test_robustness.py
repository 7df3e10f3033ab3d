"""Random and mutated input never breaks the sandbox: no 5xx, no crash, and the state is intact after."""
import json
import string

import requests
from aws_bedrock_token_generator import provide_token
from hypothesis import given, settings
from hypothesis import strategies as st

from .conftest import client

HOSTS = ["bedrock-runtime.us-west-2.amazonaws.com", "bedrock-runtime.us-east-1.amazonaws.com",
         "bedrock.us-west-2.amazonaws.com", "iam.amazonaws.com", "sts.us-west-2.amazonaws.com",
         "s3.amazonaws.com"]
PATHS = ["/model/us.anthropic.claude-3-haiku-20240307-v1%3A0/converse", "/model/x/invoke",
         "/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse-stream", "/foundation-models",
         "/inference-profiles", "/openai/v1/chat/completions", "/", "/model//converse", "/%ff%fe"]
header_text = st.text(alphabet=string.ascii_letters + string.digits + string.punctuation + " ",
                      max_size=300).map(str.strip)  # what requests lets through as a header value


def mutate(key: str, data) -> str:
    """Change, cut or extend a valid key at a random place."""
    position = data.draw(st.integers(0, len(key) - 1))
    how = data.draw(st.sampled_from(["replace", "cut", "extend", "drop"]))
    if how == "replace":
        char = data.draw(st.sampled_from(string.ascii_letters + string.digits + "+/=-"))
        return key[:position] + char + key[position + 1:]
    if how == "cut":
        return key[:position]
    if how == "extend":
        return key + data.draw(st.text(alphabet=string.ascii_letters, min_size=1, max_size=8))
    return key[:position] + key[position + 1:]


def snapshot():
    """What must survive random traffic: the users and the admin's keys."""
    iam = client("iam")
    users = sorted(u["UserName"] for u in iam.list_users()["Users"])
    keys = sorted(k["AccessKeyId"] for k in iam.list_access_keys(UserName="workbook-admin")["AccessKeyMetadata"])
    return users, keys


def test_random_requests_get_aws_shaped_answers_and_change_nothing(fresh):
    before = snapshot()
    valid = provide_token()
    random_requests(valid)
    assert snapshot() == before
    reply = client("bedrock-runtime").converse(
        modelId="us.anthropic.claude-3-haiku-20240307-v1:0", messages=[{"role": "user", "content": [{"text": "hi"}]}])
    assert reply["ResponseMetadata"]["HTTPStatusCode"] == 200


def random_requests(valid: str):
    @settings(max_examples=150, deadline=None)
    @given(data=st.data())
    def one(data):
        send_random(valid, data)

    one()


def send_random(valid: str, data):
    authorization = data.draw(st.one_of(
        st.none(), header_text, st.builds(lambda t: "Bearer " + t, header_text),
        st.just(None).map(lambda _: "Bearer " + mutate(valid, data)),
    ))
    headers = {"Content-Type": data.draw(st.sampled_from(["application/json", "text/plain", "x/y"]))}
    if authorization is not None:
        headers["Authorization"] = authorization
    if data.draw(st.booleans()):
        headers["x-api-key"] = valid[:40]
    body = data.draw(st.one_of(
        st.binary(max_size=200),
        st.dictionaries(st.sampled_from(["messages", "system", "inferenceConfig", "max_tokens", "model"]),
                        st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=20),
                                     lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
                                     max_leaves=8), max_size=4).map(lambda d: json.dumps(d).encode()),
    ))
    url = "https://" + data.draw(st.sampled_from(HOSTS)) + data.draw(st.sampled_from(PATHS + ["/" + data.draw(header_text.filter(lambda s: "#" not in s and "?" not in s))]))
    method = data.draw(st.sampled_from(["POST", "GET", "PUT", "DELETE"]))
    answer = requests.request(method, url, data=body, headers=headers, timeout=10)
    assert answer.status_code < 500, (url, answer.status_code, answer.text[:300])
    assert answer.headers.get("x-amzn-RequestId")

