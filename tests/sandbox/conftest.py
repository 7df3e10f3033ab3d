"""One sandbox for the whole test session, reached only through real clients and configuration."""
import json
import os
from datetime import date
from urllib.parse import quote

import boto3
import pytest
import requests
from botocore.credentials import CredentialProvider, Credentials
from botocore.exceptions import ClientError
from hypothesis import strategies as st

from helpers import sandbox
from helpers.policy.examples import HAIKU_ONLY_POLICY

SEED_DAY = date(2026, 6, 1)  # before Claude 3 Haiku's end of life (2026-09-10)
HAIKU_PROFILE = "us.anthropic.claude-3-haiku-20240307-v1:0"
HAIKU = "anthropic.claude-3-haiku-20240307-v1:0"
MESSAGES = [{"role": "user", "content": [{"text": "Say hello"}]}]
INVALID = "Authentication failed: Please make sure your API Key is valid."
EXPIRED = "Bearer Token has expired"
FORMAT = "Invalid API Key format: Must start with pre-defined prefix"
_HTTP = requests.Session()


@pytest.fixture(scope="session")
def box():
    saved = dict(os.environ)
    running = sandbox.start()
    running.apply_environment()
    yield running
    os.environ.clear()
    os.environ.update(saved)


@pytest.fixture
def fresh(box):
    """The sandbox in a clean state, living on SEED_DAY: the seed's worked example (Claude 3 Haiku)
    as it ran before the model's end of life. Tests of today's answers use `today`."""
    box.reset(as_of=SEED_DAY)
    yield box
    os.environ.pop("AWS_BEARER_TOKEN_BEDROCK", None)


@pytest.fixture
def today(box):
    """The sandbox in a clean state at real time: what AWS answers today."""
    box.reset()
    yield box
    os.environ.pop("AWS_BEARER_TOKEN_BEDROCK", None)


def client(service: str, region: str = "us-west-2", **credentials):
    return boto3.Session(region_name=region, **credentials).client(service)


def bearer_client(service: str, key: str, region: str = "us-west-2"):
    """A client that authenticates with `key`, as AWS documents: through AWS_BEARER_TOKEN_BEDROCK.

    botocore takes the key when the client is made, but prefers bearer auth only while the variable
    is set at call time, so it stays set until the test ends (the `fresh` fixture clears it).
    """
    os.environ["AWS_BEARER_TOKEN_BEDROCK"] = key
    return client(service, region)


class Static(CredentialProvider):
    """Fixed credentials, for `provide_token(aws_credentials_provider=...)`."""

    METHOD = "static"

    def __init__(self, key_id, secret, token=None):
        self._credentials = Credentials(key_id, secret, token)

    def load(self):
        return self._credentials


def key_user(name="haiku-user", policy=HAIKU_ONLY_POLICY):
    """An IAM user whose only policy is `policy`, with an access key; returns its credentials."""
    iam = client("iam")
    iam.create_user(UserName=name)
    iam.put_user_policy(UserName=name, PolicyName="HaikuOnly", PolicyDocument=json.dumps(policy))
    key = iam.create_access_key(UserName=name)["AccessKey"]
    return Static(key["AccessKeyId"], key["SecretAccessKey"])


def long_term_key(name="haiku-user", **kwargs):
    """A new long-term key of user `name`: the ServiceSpecificCredential IAM returns."""
    response = client("iam").create_service_specific_credential(
        UserName=name, ServiceName="bedrock.amazonaws.com", **kwargs)
    return response["ServiceSpecificCredential"]


def error_of(call):
    """The error response of a call that must fail."""
    with pytest.raises(ClientError) as caught:
        call()
    return caught.value.response


def bedrock(key, region="us-west-2", body=json.dumps({"messages": MESSAGES}).encode()):
    """Converse on the Haiku profile with exactly `Authorization: Bearer <key>`; the raw answer."""
    return _HTTP.post(f"https://bedrock-runtime.{region}.amazonaws.com/model/{quote(HAIKU_PROFILE, safe='')}/converse",
                      data=body, headers={"Authorization": b"Bearer " + key.encode("utf-8", "surrogatepass"),
                                          "Content-Type": "application/json"})


def converses(key, region="us-west-2"):
    answer = bedrock(key, region)
    assert answer.status_code == 200, answer.text
    return answer.json()["output"]["message"]["role"] == "assistant"


def refused(answer, message=INVALID, *secrets):
    """A refusal by the authentication layer, as AWS sends it, that gives nothing away."""
    assert answer.status_code == 403, answer.text
    assert answer.headers["x-amzn-ErrorType"] == (
        "AccessDeniedException:http://internal.amazon.com/coral/com.amazon.coral.service/")
    assert answer.json() == {"Message": message}
    everything = answer.text + json.dumps(dict(answer.headers))
    for secret in secrets:
        assert secret not in everything


def mutated(key, data):
    """`key` with one character replaced or deleted, cut short, or extended, at a drawn place."""
    position = data.draw(st.integers(0, len(key) - 1))
    how = data.draw(st.sampled_from(["replace", "truncate", "extend", "delete"]))
    characters = st.characters(codec="utf-8", exclude_characters="\r\n")
    if how == "replace":
        return key[:position] + data.draw(characters) + key[position + 1:]
    if how == "truncate":
        return key[:position]
    if how == "delete":
        return key[:position] + key[position + 1:]
    return key + data.draw(st.text(characters, min_size=1, max_size=8))
