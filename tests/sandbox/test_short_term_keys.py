"""Short-term Bedrock API keys, made by the real aws-bedrock-token-generator, used over the proxy.

Keys come from an IAM user's access key and from an AssumeRole session; they are used with boto3
(AWS_BEARER_TOKEN_BEDROCK) and with requests (an exact `Authorization: Bearer` header). Every
refusal is checked as the wire carries it: status, x-amzn-ErrorType, the `Message` body, and that
it never echoes the key or anything secret.
"""
import base64
import functools
import json
from datetime import timedelta
from urllib.parse import quote

import pytest
import requests
from aws_bedrock_token_generator import provide_token
from aws_bedrock_token_generator.token_generator import _generate_token
from botocore.auth import SigV4QueryAuth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from hypothesis import HealthCheck, assume, given, settings, strategies as st

from helpers.policy.examples import HAIKU_ONLY_POLICY

from .conftest import (EXPIRED, HAIKU, HAIKU_PROFILE, INVALID, MESSAGES, Static, bearer_client, bedrock, client,
                       converses, error_of, key_user, mutated, refused)

ACCOUNT = "111122223333"
REGION = "us-west-2"
TRUST = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}, "Action": "sts:AssumeRole"}]})
HTTP = requests.Session()


@functools.cache
def admin(service, region=REGION):
    """A client of the sandbox admin, made once: the admin's key is the same after every reset."""
    return client(service, region)


def role_session(policy=HAIKU_ONLY_POLICY, role="bedrock-role", session="s1", **kwargs):
    """Credentials of an AssumeRole session of `role` (made on first use with `policy`)."""
    iam = admin("iam")
    if role not in [r["RoleName"] for r in iam.list_roles()["Roles"]]:
        iam.create_role(RoleName=role, AssumeRolePolicyDocument=TRUST, MaxSessionDuration=43200)
        iam.put_role_policy(RoleName=role, PolicyName="bedrock", PolicyDocument=json.dumps(policy))
    return admin("sts").assume_role(RoleArn=f"arn:aws:iam::{ACCOUNT}:role/{role}", RoleSessionName=session,
                                     **kwargs)["Credentials"]


def session_provider(credentials):
    return Static(credentials["AccessKeyId"], credentials["SecretAccessKey"], credentials["SessionToken"])


def denied_caller(key):
    """Who the sandbox says made a call the Haiku-only policy denies (the direct model id)."""
    answer = HTTP.post(f"https://bedrock-runtime.{REGION}.amazonaws.com/model/{quote(HAIKU, safe='')}/converse",
                       headers={"Authorization": f"Bearer {key}"})
    assert answer.status_code == 403 and answer.headers["x-amzn-ErrorType"].startswith("AccessDeniedException:")
    return answer.json()["message"].split(" is not authorized")[0]


def test_a_users_key_converses_and_names_the_user(fresh):
    key = provide_token(aws_credentials_provider=key_user())
    assert key.startswith("bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29t")  # base64 of "bedrock.amazonaws.com"
    runtime = bearer_client("bedrock-runtime", key)
    reply = runtime.converse(modelId=HAIKU_PROFILE, messages=MESSAGES)
    assert reply["output"]["message"]["content"][0]["text"]
    denied = error_of(lambda: runtime.converse(modelId=HAIKU, messages=MESSAGES))["Error"]
    assert denied["Code"] == "AccessDeniedException"
    assert denied["Message"].startswith(f"User: arn:aws:iam::{ACCOUNT}:user/haiku-user is not authorized")
    assert denied_caller(key) == f"User: arn:aws:iam::{ACCOUNT}:user/haiku-user"


def test_a_sessions_key_converses_and_names_the_session(fresh):
    key = provide_token(aws_credentials_provider=session_provider(role_session()))
    assert converses(key)
    assert denied_caller(key) == f"User: arn:aws:sts::{ACCOUNT}:assumed-role/bedrock-role/s1"


def test_a_session_carries_its_user_id_and_issue_time(fresh):
    """aws:userid is <role id>:<session> and aws:TokenIssueTime is when AssumeRole ran (sandbox time)."""
    now = fresh.clock.now()
    policy = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "bedrock:CallWithBearerToken", "Resource": "*"},
        {"Effect": "Allow", "Action": "bedrock:InvokeModel", "Resource": "*", "Condition": {
            "StringLike": {"aws:userid": "AROA*:s1"},
            "DateGreaterThan": {"aws:TokenIssueTime": (now - timedelta(minutes=1)).isoformat()},
            "DateLessThan": {"aws:TokenIssueTime": (now + timedelta(minutes=1)).isoformat()}}}]}
    one = provide_token(aws_credentials_provider=session_provider(role_session(policy, session="s1")))
    two = provide_token(aws_credentials_provider=session_provider(role_session(policy, session="s2")))
    assert converses(one)
    denied = bedrock(two)
    assert denied.status_code == 403
    assert "assumed-role/bedrock-role/s2 is not authorized to perform: bedrock:InvokeModel" in denied.json()["message"]


def test_a_key_made_for_another_region_is_refused(fresh):
    west = provide_token(region="us-west-2")
    east = provide_token(region="us-east-1")
    refusal = error_of(lambda: bearer_client("bedrock-runtime", west, "us-east-1").converse(
        modelId=HAIKU_PROFILE, messages=MESSAGES))
    assert refusal["ResponseMetadata"]["HTTPStatusCode"] == 403
    assert (refusal["Error"]["Code"], refusal["Error"]["Message"]) == ("AccessDeniedException", INVALID)
    refused(bedrock(west, region="us-east-1"), INVALID, west)
    assert converses(east, region="us-east-1")
    refused(bedrock(east, region="us-west-2"), INVALID, east)


def test_keys_of_wrong_credentials_are_refused(fresh):
    """Another session's token, no token, an unknown key id, a wrong secret: all signed correctly."""
    one, two = role_session(session="one"), role_session(session="two")
    cases = [
        Static(one["AccessKeyId"], one["SecretAccessKey"], two["SessionToken"]),
        Static(one["AccessKeyId"], one["SecretAccessKey"]),
        Static("AKIAIOSFODNN7EXAMPLE", fresh.world.admin_credentials[1]),
        Static(fresh.world.admin_credentials[0], "wrong" + fresh.world.admin_credentials[1][5:]),
    ]
    assert converses(provide_token(aws_credentials_provider=session_provider(one)))
    for provider in cases:
        key = provide_token(aws_credentials_provider=provider)
        credentials = provider.load()
        refused(bedrock(key), INVALID, key, credentials.secret_key, *filter(None, [credentials.token]))


def test_an_inactive_or_deleted_access_key_stops_its_keys(fresh):
    provider = key_user()
    key_id = provider.load().access_key
    key = provide_token(aws_credentials_provider=provider)
    iam = admin("iam")
    assert converses(key)
    iam.update_access_key(UserName="haiku-user", AccessKeyId=key_id, Status="Inactive")
    refused(bedrock(key), INVALID, key)
    iam.update_access_key(UserName="haiku-user", AccessKeyId=key_id, Status="Active")
    assert converses(key)
    iam.delete_access_key(UserName="haiku-user", AccessKeyId=key_id)
    refused(bedrock(key), INVALID, key)


def presigned(key_id, secret, *, service="bedrock", region=REGION, host="bedrock.amazonaws.com",
              action="CallWithBearerToken", expires=43200, version="&Version=1"):
    """What the generator does (botocore's query signer), with one of its fixed inputs changed."""
    request = AWSRequest(method="POST", url=f"https://{host}/", headers={"host": host}, params={"Action": action})
    SigV4QueryAuth(Credentials(key_id, secret), service, region, expires=expires).add_auth(request)
    return "bedrock-api-key-" + base64.b64encode((request.url.replace("https://", "") + version).encode()).decode()


def test_correctly_signed_keys_of_another_shape_are_refused(fresh):
    key_id, secret = fresh.world.admin_credentials
    assert converses(presigned(key_id, secret))  # the generator's own shape
    assert converses(_generate_token(Credentials(key_id, secret), REGION, 43200))
    longer = _generate_token(Credentials(key_id, secret), REGION, 43201)  # past the 12 hours a key may claim
    others = [longer, presigned(key_id, secret, service="bedrock-runtime"),
              presigned(key_id, secret, host="bedrock-runtime.us-west-2.amazonaws.com"),
              presigned(key_id, secret, action="InvokeModel"), presigned(key_id, secret, version="&Version=2"),
              presigned(key_id, secret, version="")]
    for key in others:
        refused(bedrock(key), INVALID, key, secret)


def test_tampering_with_any_part_is_refused(fresh):
    key = provide_token()
    url = base64.b64decode(key[len("bedrock-api-key-"):]).decode()
    signature = url.split("X-Amz-Signature=")[1][:64]
    changes = [("Action=CallWithBearerToken", "Action=InvokeModel"), ("X-Amz-Expires=43200", "X-Amz-Expires=43201"),
               ("X-Amz-Expires=43200", "X-Amz-Expires=3600"), ("bedrock.amazonaws.com/", "bedrock.amazonaws.co/"),
               ("&Version=1", "&Version=2"), ("X-Amz-SignedHeaders=host", "X-Amz-SignedHeaders=host%3Bx-amz-date"),
               ("%2Fus-west-2%2F", "%2Fus-east-1%2F"), ("%2Fbedrock%2F", "%2Fbedrock-runtime%2F"),
               ("&X-Amz-SignedHeaders=host", ""), ("X-Amz-Date=", "X-Amz-Dated="),
               (signature, signature[:-1] + ("0" if signature[-1] != "0" else "1"))]
    for old, new in changes:
        assert old in url
        changed = "bedrock-api-key-" + base64.b64encode(url.replace(old, new).encode()).decode()
        refused(bedrock(changed), INVALID, key, changed)
    # the same URL in a base64 text that differs only in padding or alphabet
    refused(bedrock(key.rstrip("=") if key.endswith("=") else key + "="), INVALID, key)
    assert converses(key)


@pytest.fixture
def admin_key(fresh):
    """One key for all the examples of a test (fixtures run once per test, not per example)."""
    return provide_token()


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_change_to_a_key_is_a_403(admin_key, data):
    key = admin_key
    changed = mutated(key, data)
    assume(changed.strip() != key)
    answer = bedrock(changed)
    assert answer.status_code == 403, answer.text
    assert key not in answer.text and (len(changed) < 40 or changed not in answer.text)



def test_the_clock_expires_keys_and_sessions_and_can_make_a_key_not_valid_yet(fresh):
    hour = provide_token(expiry=timedelta(hours=1))
    two_hours = provide_token(expiry=timedelta(hours=2))
    session = provide_token(aws_credentials_provider=session_provider(role_session(DurationSeconds=900)))
    long_session = provide_token(aws_credentials_provider=session_provider(
        role_session(session="long", DurationSeconds=7200)))
    for key in (hour, two_hours, session, long_session):
        assert converses(key)

    fresh.clock.advance(minutes=61)
    refused(bedrock(hour), EXPIRED, hour)
    refused(bedrock(session), EXPIRED, session)  # its key says 12 hours, the session said 15 minutes
    assert converses(two_hours)
    assert converses(long_session)
    made_now = provide_token()
    assert converses(made_now)  # stamped after the advance: fresh

    fresh.clock.advance(hours=-2)  # back before the keys were signed: not valid yet (not "expired")
    for key in (two_hours, made_now):
        refused(bedrock(key), INVALID, key)
    assert converses(provide_token())


def test_a_key_whose_base64_is_not_canonical_is_refused(fresh):
    """Changing an unused padding bit leaves the decoded bytes alone; the key must still fail."""
    key = provide_token()
    body = key[len("bedrock-api-key-"):]
    stripped = body.rstrip("=")
    padding = len(body) - len(stripped)
    assert padding, "the generator's key has no padding to tamper with"
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    last = alphabet.index(stripped[-1])
    changed = alphabet[last ^ 1]  # the lowest bit of the last character is unused when padded
    forged = "bedrock-api-key-" + stripped[:-1] + changed + "=" * padding
    assert base64.b64decode(forged[len("bedrock-api-key-"):]) == base64.b64decode(body)
    refused(bedrock(forged), INVALID, key)
    assert converses(key)
