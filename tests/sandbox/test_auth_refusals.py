"""What the authentication layer in front of Bedrock answers when a request carries no usable
credential: the status, `x-amzn-ErrorType` and `Message` body of FIDELITY.md, as requests and boto3
receive them, and never a key, secret, token or signature in the answer.
"""
import json

import pytest
import requests
from aws_bedrock_token_generator import provide_token

from .conftest import HAIKU_PROFILE, MESSAGES, bearer_client, error_of

URL = "https://bedrock-runtime.us-west-2.amazonaws.com/model/us.anthropic.claude-3-haiku-20240307-v1%3A0/converse"
CONTROL = "https://bedrock.us-west-2.amazonaws.com/foundation-models"
MISSING = {"Message": "Authorization header is missing"}
INVALID = {"Message": "Authentication failed: Please make sure your API Key is valid."}
FORMAT = {"Message": "Invalid API Key format: Must start with pre-defined prefix"}
ACCESS_DENIED = "AccessDeniedException:http://internal.amazon.com/coral/com.amazon.coral.service/"
INCOMPLETE = "IncompleteSignatureException:http://internal.amazon.com/coral/com.amazon.coral.service/"
HTTP = requests.Session()


def answer_to(headers, url=URL, method="POST"):
    return HTTP.request(method, url, headers=headers)


def check(answer, status, error_type, body, *secrets):
    assert answer.status_code == status, answer.text
    assert answer.headers["x-amzn-ErrorType"] == error_type
    assert answer.headers["Content-Type"] == "application/json"
    assert answer.headers["x-amzn-RequestId"]
    assert answer.json() == body
    everything = answer.text + json.dumps(dict(answer.headers))
    for secret in secrets:
        assert secret not in everything


def test_no_authorization_header_and_the_x_api_key_myth(fresh):
    key = provide_token()
    for url, method in [(URL, "POST"), (CONTROL, "GET")]:
        check(answer_to({}, url, method), 403, ACCESS_DENIED, MISSING)
        check(answer_to({"x-api-key": key}, url, method), 403, ACCESS_DENIED, MISSING, key)
        check(answer_to({"Authorization": ""}, url, method), 403, ACCESS_DENIED, MISSING)
    check(answer_to({"X-Api-Key": key, "Content-Type": "application/json"}), 403, ACCESS_DENIED, MISSING, key)


def test_a_refused_key_as_boto3_reports_it(fresh):
    key = provide_token()
    runtime = bearer_client("bedrock-runtime", key[:-2] + ("AA" if not key.endswith("AA") else "BB"))
    refusal = error_of(lambda: runtime.converse(modelId=HAIKU_PROFILE, messages=MESSAGES))
    assert refusal["ResponseMetadata"]["HTTPStatusCode"] == 403
    assert refusal["ResponseMetadata"]["HTTPHeaders"]["x-amzn-errortype"] == ACCESS_DENIED
    assert refusal["Error"] == {"Code": "AccessDeniedException", "Message": INVALID["Message"]}
    assert key[20:] not in json.dumps(refusal, default=str)
    check(answer_to({"authorization": f"bearer {key}x"}), 403, ACCESS_DENIED, INVALID, key)
    assert answer_to({"authorization": f"bearer {key}"}).status_code != 403  # scheme names are case-insensitive


@pytest.mark.parametrize("value", [
    "Bearer bedrock-api-key-", "Bearer bedrock-api-key-%%%", "Bearer bedrock-api-key-QUFB",
    "Bearer bedrock-api-key-" + "QUFB" * 300, "Bearer ABSK", "Bearer ABSKbm90LWJhc2U2NA"])
def test_garbage_after_a_key_prefix_is_an_invalid_key(fresh, value):
    check(answer_to({"Authorization": value}), 403, ACCESS_DENIED, INVALID, value[7:] if len(value) > 20 else "\x00")


@pytest.mark.parametrize("value", [
    "Bearer", "Bearer ", "Bearer sk-ant-api03-0000", "Bearer " + "A" * 5000, "Bearer null", "Bearer Bearer x",
    "Bearer absk" + "A" * 120, "Bearer Bedrock-api-key-QUFB"])
def test_a_value_without_a_key_prefix_is_a_format_error(fresh, value):
    """Reference §8: distinct from a well-formed key that is not valid."""
    check(answer_to({"Authorization": value}), 403, ACCESS_DENIED, FORMAT, value[7:] if len(value) > 20 else "\x00")


@pytest.mark.parametrize("value", ["Basic dXNlcjpwYXNz", "Token abc", "AWS AKIAIOSFODNN7EXAMPLE:c2lnbmF0dXJl",
                                   "bedrock-api-key-QUFB", "AWS4-HMAC-SHA512 Credential=x"])
def test_other_schemes_are_an_incomplete_signature(fresh, value):
    answer = answer_to({"Authorization": value})
    check(answer, 400, INCOMPLETE, {"Message": (
        "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' "
        "parameter. Authorization header requires 'SignedHeaders' parameter. Authorization header requires "
        "existence of either a 'X-Amz-Date' or a 'Date' header.")}, value.split(" ")[-1])
