"""Authentication of Bedrock calls: short-term keys (real generator), long-term keys, SigV4, refusals."""
import base64
import json
from datetime import datetime, timedelta, timezone
from urllib.parse import urlsplit

import pytest
from aws_bedrock_token_generator import provide_token
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from hypothesis import HealthCheck, assume as hypothesis_assume, given, settings, strategies as st

from helpers.sandbox.auth import authenticate
from helpers.sandbox.call import Call
from helpers.sandbox.errors import AwsError
from tests.sandbox.test_world import (  # noqa: F401
    ACCOUNT, assume, aws, make_user, moto_endpoint, session_world, world)

REGION = "us-west-2"
HOST = f"bedrock-runtime.{REGION}.amazonaws.com"
PATH = "/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse"
BODY = json.dumps({"messages": [{"role": "user", "content": [{"text": "hi"}]}]}).encode()
INVALID = "Authentication failed: Please make sure your API Key is valid."
EXPIRED = "Bearer Token has expired"


class Provider:
    def __init__(self, key_id, secret, token=None):
        self.credentials = Credentials(key_id, secret, token)

    def load(self):
        return self.credentials


def short_key(key_id, secret, token=None, region=REGION, expiry=timedelta(hours=12)):
    return provide_token(region=region, aws_credentials_provider=Provider(key_id, secret, token), expiry=expiry)


def call(headers, region=REGION, body=BODY, path=PATH, query=""):
    return Call(method="POST", host=f"bedrock-runtime.{region}.amazonaws.com", service="bedrock-runtime",
                region=region, path=path, query=query, headers=headers, body=body)


def bearer(key, region=REGION):
    return call({"Authorization": f"Bearer {key}", "Content-Type": "application/json"}, region=region)


def refused(a_call, world, message=INVALID, code="AccessDeniedException", status=403) -> AwsError:
    with pytest.raises(AwsError) as raised:
        authenticate(a_call, world)
    error = raised.value
    assert (error.status, error.code, error.message, error.message_key) == (status, code, message, "Message")
    return error


def signed_call(key_id, secret, token=None, region=REGION, sign_region=REGION, service="bedrock", tamper=None):
    url = f"https://bedrock-runtime.{region}.amazonaws.com{PATH}"
    request = AWSRequest(method="POST", url=url, data=BODY, headers={"Content-Type": "application/json"})
    SigV4Auth(Credentials(key_id, secret, token), service, sign_region).add_auth(request)
    headers = dict(request.headers.items())
    headers["Host"] = urlsplit(url).netloc
    if tamper:
        tamper(headers)
    return call(headers, region=region, path=urlsplit(request.url).path)


# -- short-term keys -----------------------------------------------------------------------------

def test_short_term_key_of_the_admin_verifies(world):
    key = short_key(*world.admin_credentials)
    assert key.startswith("bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29t")
    principal = authenticate(bearer(key), world)
    assert principal.arn == f"arn:aws:iam::{ACCOUNT}:user/workbook-admin"
    assert (principal.kind, principal.auth, principal.bearer_token_type) == ("user", "bearer-short", "SHORT_TERM")


def test_short_term_key_of_a_session_verifies_and_dies_with_it(world, aws):
    credentials = assume(aws, DurationSeconds=900)
    key = short_key(credentials["AccessKeyId"], credentials["SecretAccessKey"], credentials["SessionToken"])
    principal = authenticate(bearer(key), world)
    assert principal.arn == f"arn:aws:sts::{ACCOUNT}:assumed-role/bedrock-role/s1"
    assert principal.kind == "assumed-role" and principal.token_issue_time is not None
    world.clock.advance(minutes=16)  # the key says 12 hours, the session 15 minutes
    refused(bearer(key), world, EXPIRED)


def test_short_term_key_with_another_sessions_token_is_refused(world, aws):
    one = assume(aws, session="one")
    two = assume(aws, session="two")
    key = short_key(one["AccessKeyId"], one["SecretAccessKey"], two["SessionToken"])
    refused(bearer(key), world)
    refused(bearer(short_key(one["AccessKeyId"], one["SecretAccessKey"])), world)  # token left out


def test_short_term_key_expires_by_the_clock_and_a_new_one_works(world):
    key = short_key(*world.admin_credentials, expiry=timedelta(hours=1))
    authenticate(bearer(key), world)
    world.clock.advance(minutes=61)
    refused(bearer(key), world, EXPIRED)
    authenticate(bearer(short_key(*world.admin_credentials)), world)  # made after the advance


def test_short_term_key_not_valid_yet_is_refused(world):
    key = short_key(*world.admin_credentials)
    world.clock.advance(hours=-1)
    refused(bearer(key), world)


def test_short_term_key_in_another_region_is_refused(world):
    key = short_key(*world.admin_credentials, region="us-east-1")
    refused(bearer(key, region=REGION), world)
    assert authenticate(bearer(key, region="us-east-1"), world).auth == "bearer-short"


def test_short_term_key_of_inactive_or_unknown_access_key_is_refused(world, aws):
    key_id, secret = make_user(aws("iam"))
    key = short_key(key_id, secret)
    assert authenticate(bearer(key), world).name == "alice"
    aws("iam").update_access_key(UserName="alice", AccessKeyId=key_id, Status="Inactive")
    refused(bearer(key), world)
    refused(bearer(short_key("AKIAIOSFODNN7EXAMPLE", secret)), world)
    refused(bearer(short_key(key_id, "wrong" + secret[5:])), world)


def test_tampering_anywhere_is_refused(world):
    key = short_key(*world.admin_credentials)
    url = base64.b64decode(key[len("bedrock-api-key-"):]).decode()
    for old, new in [("Action=CallWithBearerToken", "Action=InvokeModel"), ("X-Amz-Expires=43200", "X-Amz-Expires=43201"),
                     ("bedrock.amazonaws.com/", "bedrock.amazonaws.co/"), ("&Version=1", "&Version=2"),
                     ("X-Amz-SignedHeaders=host", "X-Amz-SignedHeaders=host%3Bx-amz-date")]:
        changed = url.replace(old, new)
        assert changed != url
        refused(bearer("bedrock-api-key-" + base64.b64encode(changed.encode()).decode()), world)
    signature = url.rsplit("X-Amz-Signature=", 1)[1][:64]
    flipped = url.replace(signature, signature[:-1] + ("0" if signature[-1] != "0" else "1"))
    refused(bearer("bedrock-api-key-" + base64.b64encode(flipped.encode()).decode()), world)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_mutation_of_a_short_term_key_is_refused_with_403(world, data):
    key = data.draw(st.just(None)) or _admin_short_key(world)
    kind = data.draw(st.sampled_from(["replace", "truncate", "extend", "delete"]))
    if kind == "replace":
        index = data.draw(st.integers(0, len(key) - 1))
        char = data.draw(st.characters(codec="utf-8", exclude_characters="\r\n"))
        mutated = key[:index] + char + key[index + 1:]
    elif kind == "truncate":
        mutated = key[:data.draw(st.integers(0, len(key) - 1))]
    elif kind == "delete":
        index = data.draw(st.integers(0, len(key) - 1))
        mutated = key[:index] + key[index + 1:]
    else:
        mutated = key + data.draw(st.text(min_size=1, max_size=8).filter(lambda s: s.strip() == s and s))
    hypothesis_assume(mutated != key and mutated.strip())
    with pytest.raises(AwsError) as raised:
        authenticate(bearer(mutated), world)
    assert raised.value.status == 403
    assert key not in raised.value.message and mutated not in raised.value.message


_KEYS = {}


def _admin_short_key(world):
    admin = world.admin_credentials
    if admin not in _KEYS:
        _KEYS[admin] = short_key(*admin)
    return _KEYS[admin]


# -- long-term keys ------------------------------------------------------------------------------

def long_key(aws, user="alice", **kwargs):
    return aws("iam").create_service_specific_credential(
        UserName=user, ServiceName="bedrock.amazonaws.com", **kwargs)["ServiceSpecificCredential"]


def test_long_term_key_verifies_until_inactive_and_again_when_active(world, aws):
    make_user(aws("iam"))
    credential = long_key(aws)
    principal = authenticate(bearer(credential["ServiceCredentialSecret"]), world)
    assert principal.arn == f"arn:aws:iam::{ACCOUNT}:user/alice"
    assert (principal.auth, principal.bearer_token_type) == ("bearer-long", "LONG_TERM")
    iam = aws("iam")
    iam.update_service_specific_credential(UserName="alice", Status="Inactive",
                                           ServiceSpecificCredentialId=credential["ServiceSpecificCredentialId"])
    refused(bearer(credential["ServiceCredentialSecret"]), world)
    iam.update_service_specific_credential(UserName="alice", Status="Active",
                                           ServiceSpecificCredentialId=credential["ServiceSpecificCredentialId"])
    authenticate(bearer(credential["ServiceCredentialSecret"]), world)


def test_long_term_key_reset_and_delete(world, aws):
    iam = aws("iam")
    make_user(iam)
    first = long_key(aws)
    second = long_key(aws)  # two keys, one alias: both work
    authenticate(bearer(second["ServiceCredentialSecret"]), world)
    new = iam.reset_service_specific_credential(
        ServiceSpecificCredentialId=first["ServiceSpecificCredentialId"])["ServiceSpecificCredential"]
    refused(bearer(first["ServiceCredentialSecret"]), world)
    authenticate(bearer(new["ServiceCredentialSecret"]), world)
    iam.delete_service_specific_credential(ServiceSpecificCredentialId=first["ServiceSpecificCredentialId"])
    refused(bearer(new["ServiceCredentialSecret"]), world)
    authenticate(bearer(second["ServiceCredentialSecret"]), world)


def test_long_term_key_expires_by_credential_age(world, aws):
    make_user(aws("iam"))
    credential = long_key(aws, CredentialAgeDays=1)
    authenticate(bearer(credential["ServiceCredentialSecret"]), world)
    world.clock.advance(hours=25)
    refused(bearer(credential["ServiceCredentialSecret"]), world, EXPIRED)


def test_long_term_key_forged_or_mangled_is_refused(world, aws):
    make_user(aws("iam"))
    key = long_key(aws)["ServiceCredentialSecret"]
    alias, _, secret = base64.b64decode(key[4:]).decode().partition(":")
    forged = "ABSK" + base64.b64encode(f"{alias}:{secret[:-1]}x".encode()).decode()
    for bad in [forged, key[:-4], key + "AAAA", "ABSK", "ABSK!!!!", "ABSK" + base64.b64encode(b"no-colon").decode(),
                "ABSK" + base64.b64encode(f"nobody-at-{ACCOUNT}:{secret}".encode()).decode()]:
        refused(bearer(bad), world)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(index=st.integers(0, 300), char=st.characters(codec="utf-8", exclude_characters="\r\n"))
def test_any_change_to_a_long_term_key_is_refused_with_403(world, aws, index, char):
    if "alice" not in world.iam.users:
        make_user(aws("iam"))
        _LONG["key"] = long_key(aws)["ServiceCredentialSecret"]
    key = _LONG["key"]
    index %= len(key)
    mutated = key[:index] + char + key[index + 1:]
    hypothesis_assume(mutated != key and mutated.strip() == mutated)
    with pytest.raises(AwsError) as raised:
        authenticate(bearer(mutated), world)
    assert raised.value.status == 403


_LONG = {}


# -- SigV4 ---------------------------------------------------------------------------------------

def test_sigv4_of_a_user_and_a_session(world, aws):
    principal = authenticate(signed_call(*world.admin_credentials), world)
    assert principal.auth == "sigv4" and principal.name == "workbook-admin" and principal.bearer_token_type is None
    credentials = assume(aws)
    principal = authenticate(signed_call(credentials["AccessKeyId"], credentials["SecretAccessKey"],
                                         credentials["SessionToken"]), world)
    assert principal.kind == "assumed-role"
    world.clock.advance(hours=2)  # the session (1 hour) is over; a request signed now is fresh
    refused(signed_call(credentials["AccessKeyId"], credentials["SecretAccessKey"], credentials["SessionToken"]),
            world, "The security token included in the request is expired", "ExpiredTokenException")
    authenticate(signed_call(*world.admin_credentials), world)


def test_sigv4_refusals(world, aws):
    key_id, secret = world.admin_credentials
    mismatch = ("The request signature we calculated does not match the signature you provided. Check your AWS "
                "Secret Access Key and signing method. Consult the service documentation for details.")
    refused(signed_call(key_id, secret[:-1] + "x"), world, mismatch, "InvalidSignatureException")
    refused(signed_call("AKIAIOSFODNN7EXAMPLE", secret), world,
            "The security token included in the request is invalid.", "UnrecognizedClientException")
    refused(signed_call(key_id, secret, service="bedrock-runtime"), world,
            "Credential should be scoped to correct service: 'bedrock'. ", "InvalidSignatureException")
    refused(signed_call(key_id, secret, sign_region="us-east-1"), world,
            "Credential should be scoped to a valid region, not 'us-east-1'. ", "InvalidSignatureException")

    def change_body_type(headers):
        headers["Content-Type"] = "text/plain"
    refused(signed_call(key_id, secret, tamper=change_body_type), world, mismatch, "InvalidSignatureException")

    def drop_token(headers):
        headers.pop("X-Amz-Security-Token")
    credentials = assume(aws)
    refused(signed_call(credentials["AccessKeyId"], credentials["SecretAccessKey"], credentials["SessionToken"],
                        tamper=drop_token), world, mismatch, "InvalidSignatureException")
    other = call({"Authorization": "AWS4-HMAC-SHA256 Credential=x", "Host": HOST})
    with pytest.raises(AwsError) as raised:
        authenticate(other, world)
    assert raised.value.code == "IncompleteSignatureException"


class StaleSigner(SigV4Auth):
    """botocore's signer with a clock 16 minutes slow (a replayed or long-delayed request)."""

    def add_auth(self, request):
        then = datetime.now(timezone.utc) - timedelta(minutes=16)
        request.context["timestamp"] = then.strftime("%Y%m%dT%H%M%SZ")
        self._modify_request_before_signing(request)
        canonical = self.canonical_request(request)
        self._inject_signature_to_request(request, self.signature(self.string_to_sign(request, canonical), request))


def test_sigv4_signature_expired_and_inactive_key(world, aws, monkeypatch):
    monkeypatch.setattr("tests.sandbox.test_auth_keys.SigV4Auth", StaleSigner)
    signed = signed_call(*world.admin_credentials)
    monkeypatch.undo()
    with pytest.raises(AwsError) as raised:
        authenticate(signed, world)
    assert raised.value.code == "InvalidSignatureException" and raised.value.message.startswith("Signature expired")
    world.clock.advance(hours=2)  # sandbox time does not age a freshly signed request
    authenticate(signed_call(*world.admin_credentials), world)
    key_id, secret = make_user(aws("iam"))
    aws("iam").update_access_key(UserName="alice", AccessKeyId=key_id, Status="Inactive")
    refused(signed_call(key_id, secret), world, "The security token included in the request is invalid.",
            "UnrecognizedClientException")


# -- no key, wrong header, garbage ---------------------------------------------------------------

def test_missing_header_and_the_x_api_key_myth(world):
    key = short_key(*world.admin_credentials)
    refused(call({"Content-Type": "application/json"}), world, "Authorization header is missing")
    refused(call({"x-api-key": key}), world, "Authorization header is missing")
    refused(call({"Authorization": ""}), world, "Authorization header is missing")
    error = refused(call({"authorization": f"Bearer {key}x"}), world)
    status, headers, body = error.response()
    assert status == 403 and dict(headers)["x-amzn-ErrorType"].startswith("AccessDeniedException")
    assert json.loads(body) == {"Message": INVALID}


@pytest.mark.parametrize("value", ["Bearer", "Bearer ", "Bearer bedrock-api-key-", "Bearer bedrock-api-key-%%%",
                                   "Bearer sk-ant-123", "Bearer " + "A" * 5000, "Bearer bedrock-api-key-" + "QUFB" * 300])
def test_garbage_bearer_is_refused(world, value):
    with pytest.raises(AwsError) as raised:
        authenticate(call({"Authorization": value}), world)
    assert raised.value.status == 403


def test_other_schemes_are_an_incomplete_signature(world):
    with pytest.raises(AwsError) as raised:
        authenticate(call({"Authorization": "Basic dXNlcjpwYXNz"}), world)
    assert (raised.value.status, raised.value.code) == (400, "IncompleteSignatureException")


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=st.text(max_size=200), date=st.text(max_size=20))
def test_garbage_sigv4_header_is_only_ever_an_aws_error(world, value, date):
    headers = {"Authorization": "AWS4-HMAC-SHA256 " + value, "X-Amz-Date": date, "Host": HOST}
    with pytest.raises(AwsError) as raised:
        authenticate(call(headers), world)
    assert raised.value.status in (400, 403)
