"""Long-term Bedrock API keys (`ABSK...`) made through boto3's IAM client and used as bearer keys.

Used with boto3 (AWS_BEARER_TOKEN_BEDROCK) and with requests (an exact Authorization header); every
refusal is checked as it arrives: status, x-amzn-ErrorType, `Message` body, nothing secret in it.
"""
import base64
import functools
import json

import pytest
from aws_bedrock_token_generator import provide_token
from hypothesis import HealthCheck, assume, given, settings, strategies as st

from .conftest import (EXPIRED, FORMAT, HAIKU, HAIKU_PROFILE, INVALID, MESSAGES, bearer_client, bedrock, client, converses,
                       error_of, key_user, mutated, refused)

ACCOUNT = "111122223333"


@functools.cache
def iam():
    """The admin's IAM client, made once (the admin's key is the same after every reset)."""
    return client("iam")


def new_key(user="haiku-user", **kwargs):
    return iam().create_service_specific_credential(UserName=user, ServiceName="bedrock.amazonaws.com",
                                                    **kwargs)["ServiceSpecificCredential"]


def secret_of(key):
    return base64.b64decode(key[4:]).decode().partition(":")[2]


def test_a_long_term_key_converses_as_its_user(fresh):
    key_user()
    key = new_key()["ServiceCredentialSecret"]
    runtime = bearer_client("bedrock-runtime", key)
    assert runtime.converse(modelId=HAIKU_PROFILE, messages=MESSAGES)["output"]["message"]["role"] == "assistant"
    denied = error_of(lambda: runtime.converse(modelId=HAIKU, messages=MESSAGES))["Error"]
    assert denied["Message"].startswith(f"User: arn:aws:iam::{ACCOUNT}:user/haiku-user is not authorized to perform: "
                                        "bedrock:InvokeModel")


def test_a_policy_tells_long_term_from_short_term_keys(fresh):
    """bedrock:bearerTokenType is LONG_TERM for an ABSK key (and SHORT_TERM for a generated one)."""
    short_only = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "bedrock:InvokeModel*", "Resource": "*"},
        {"Effect": "Allow", "Action": "bedrock:CallWithBearerToken", "Resource": "*",
         "Condition": {"StringEquals": {"bedrock:bearerTokenType": "SHORT_TERM"}}}]}
    provider = key_user(policy=short_only)
    assert converses(provide_token(aws_credentials_provider=provider))
    denied = bedrock(new_key()["ServiceCredentialSecret"])
    assert denied.status_code == 403
    assert denied.json()["message"] == (
        f"User: arn:aws:iam::{ACCOUNT}:user/haiku-user is not authorized to perform: bedrock:CallWithBearerToken "
        "on resource: * because no identity-based policy allows the bedrock:CallWithBearerToken action")


def test_inactive_keys_are_refused_until_active_again(fresh):
    key_user()
    credential = new_key()
    key = credential["ServiceCredentialSecret"]
    assert converses(key)
    iam().update_service_specific_credential(UserName="haiku-user", Status="Inactive",
                                             ServiceSpecificCredentialId=credential["ServiceSpecificCredentialId"])
    refused(bedrock(key), INVALID, key, secret_of(key))
    iam().update_service_specific_credential(UserName="haiku-user", Status="Active",
                                             ServiceSpecificCredentialId=credential["ServiceSpecificCredentialId"])
    assert converses(key)


def test_reset_and_delete_stop_a_key_and_leave_the_other(fresh):
    key_user()
    first, second = new_key(), new_key()  # two keys, one alias: both work
    assert first["ServiceCredentialAlias"] == second["ServiceCredentialAlias"]
    assert converses(first["ServiceCredentialSecret"]) and converses(second["ServiceCredentialSecret"])
    new = iam().reset_service_specific_credential(
        UserName="haiku-user", ServiceSpecificCredentialId=first["ServiceSpecificCredentialId"])["ServiceSpecificCredential"]
    old = first["ServiceCredentialSecret"]
    refused(bedrock(old), INVALID, old, secret_of(old))
    assert converses(new["ServiceCredentialSecret"]) and converses(second["ServiceCredentialSecret"])
    iam().delete_service_specific_credential(UserName="haiku-user", ServiceSpecificCredentialId=first["ServiceSpecificCredentialId"])
    refused(bedrock(new["ServiceCredentialSecret"]), INVALID, new["ServiceCredentialSecret"])
    assert converses(second["ServiceCredentialSecret"])


def test_keys_expire_by_credential_age_on_the_sandbox_clock(fresh):
    key_user()
    day, month, forever = new_key(CredentialAgeDays=1), new_key(CredentialAgeDays=30), None
    iam().create_user(UserName="other")
    iam().put_user_policy(UserName="other", PolicyName="all", PolicyDocument=json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "bedrock:*", "Resource": "*"}]}))
    forever = new_key("other")
    for credential in (day, month, forever):
        assert converses(credential["ServiceCredentialSecret"])
    fresh.clock.advance(days=1, hours=1)
    refused(bedrock(day["ServiceCredentialSecret"]), EXPIRED, day["ServiceCredentialSecret"])
    assert converses(month["ServiceCredentialSecret"]) and converses(forever["ServiceCredentialSecret"])
    fresh.clock.advance(days=30)
    refused(bedrock(month["ServiceCredentialSecret"]), EXPIRED)
    assert converses(forever["ServiceCredentialSecret"])


def test_forged_and_malformed_keys_are_refused(fresh):
    key_user()
    key = new_key()["ServiceCredentialSecret"]
    alias, _, secret = base64.b64decode(key[4:]).decode().partition(":")
    assert alias == f"haiku-user-at-{ACCOUNT}"

    def absk(text):
        return "ABSK" + base64.b64encode(text.encode()).decode()

    for bad in [absk(f"{alias}:{secret[:-1]}{'x' if secret[-1] != 'x' else 'y'}"), absk(f"{alias}:{secret}x"),
                absk(f"{alias}:"), absk(f":{secret}"), absk("no-colon"), absk(f"nobody-at-{ACCOUNT}:{secret}"),
                absk(f"workbook-admin-at-{ACCOUNT}:{secret}"), key[:-4], key + "AAAA", "ABSK", "ABSK!!!!",
                "ABSK" + key[4:].rstrip("="), "ABSK" + base64.b64encode(b"\xff\xfe:x").decode()]:
        assert bad != key
        refused(bedrock(bad), INVALID, secret)
    refused(bedrock("absk" + key[4:]), FORMAT, secret)  # no key prefix: the format refusal (§8)
    assert converses(key)


@pytest.fixture
def one_key(fresh):
    """One user and key for all the examples of a test (fixtures run once per test, not per example)."""
    key_user()
    return new_key()["ServiceCredentialSecret"]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_change_to_a_long_term_key_is_a_403(one_key, data):
    key = one_key
    changed = mutated(key, data)
    assume(changed.strip() != key)
    answer = bedrock(changed)
    assert answer.status_code == 403, answer.text
    assert secret_of(key) not in answer.text

