"""SigV4 (`AWS4-HMAC-SHA256`) calls to Bedrock: boto3 without a bearer key, and requests signed by
botocore's `SigV4Auth` and then changed on the way (a header, a body byte, the date, the scope).

Refusal codes and texts are those of FIDELITY.md (AWS's JSON-service answers), `Message` in the body.
"""
import functools
import hashlib
import json
import re
from datetime import datetime, timedelta

import botocore.auth
import pytest
import requests
from aws_bedrock_token_generator import provide_token
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from hypothesis import HealthCheck, given, settings, strategies as st

from helpers.policy.examples import HAIKU_ONLY_POLICY

from .conftest import HAIKU_PROFILE, MESSAGES, Static, client, error_of, key_user

ACCOUNT = "111122223333"
REGION = "us-west-2"
URL = f"https://bedrock-runtime.{REGION}.amazonaws.com/model/us.anthropic.claude-3-haiku-20240307-v1%3A0/converse"
BODY = json.dumps({"messages": MESSAGES}).encode()
TRUST = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}, "Action": "sts:AssumeRole"}]})
MISMATCH = ("The request signature we calculated does not match the signature you provided. Check your AWS "
            "Secret Access Key and signing method. Consult the service documentation for details.")
UNRECOGNIZED = "The security token included in the request is invalid."
EXPIRED = "The security token included in the request is expired"
HTTP = requests.Session()


@functools.cache
def admin(service, region=REGION):
    """A client of the sandbox admin, made once: the admin's key is the same after every reset."""
    return client(service, region)


def role_session(session="s1", **kwargs):
    iam = admin("iam")
    if not iam.list_roles()["Roles"]:
        iam.create_role(RoleName="bedrock-role", AssumeRolePolicyDocument=TRUST)
        iam.put_role_policy(RoleName="bedrock-role", PolicyName="haiku", PolicyDocument=json.dumps(HAIKU_ONLY_POLICY))
    return admin("sts").assume_role(RoleArn=f"arn:aws:iam::{ACCOUNT}:role/bedrock-role", RoleSessionName=session,
                                    **kwargs)["Credentials"]


def credentials_of(session):
    return Credentials(session["AccessKeyId"], session["SecretAccessKey"], session["SessionToken"])


def signed(credentials, *, url=URL, body=BODY, service="bedrock", region=REGION, headers=None):
    """A request signed as botocore signs it; its headers can be changed before it is sent."""
    headers = {"Content-Type": "application/json", **(headers or {})}
    headers = {name: value for name, value in headers.items() if name not in ("Authorization", "X-Amz-Date")}
    request = AWSRequest(method="POST", url=url, data=body, headers=headers)
    SigV4Auth(credentials, service, region).add_auth(request)
    return request


def send(request, body=None):
    return HTTP.post(request.url, data=request.body if body is None else body, headers=dict(request.headers.items()))


def refused(answer, status, code, message, *secrets):
    assert answer.status_code == status, answer.text
    assert answer.headers["x-amzn-ErrorType"] == f"{code}:http://internal.amazon.com/coral/com.amazon.coral.service/"
    assert answer.json() == {"Message": message}
    everything = answer.text + json.dumps(dict(answer.headers))
    for secret in secrets:
        assert secret not in everything


def signature_of(request):
    return request.headers["Authorization"].rsplit("Signature=", 1)[1]


def test_a_user_and_a_session_converse_with_sigv4(fresh):
    provider = key_user()  # the Haiku-only policy: no bedrock:CallWithBearerToken is needed for SigV4
    user = provider.load()
    runtime = client("bedrock-runtime", aws_access_key_id=user.access_key, aws_secret_access_key=user.secret_key)
    assert runtime.converse(modelId=HAIKU_PROFILE, messages=MESSAGES)["output"]["message"]["role"] == "assistant"
    session = role_session()
    runtime = client("bedrock-runtime", aws_access_key_id=session["AccessKeyId"],
                     aws_secret_access_key=session["SecretAccessKey"], aws_session_token=session["SessionToken"])
    assert runtime.converse(modelId=HAIKU_PROFILE, messages=MESSAGES)["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert send(signed(credentials_of(session))).status_code == 200
    denied = error_of(lambda: runtime.converse(modelId="anthropic.claude-3-haiku-20240307-v1:0", messages=MESSAGES))
    assert denied["Error"]["Message"].startswith(
        f"User: arn:aws:sts::{ACCOUNT}:assumed-role/bedrock-role/s1 is not authorized to perform: bedrock:InvokeModel")


def test_sigv4_never_needs_call_with_bearer_token(fresh):
    """A bearer key of the same user is refused by a policy that denies bearer calls; SigV4 is not."""
    no_bearer = json.loads(json.dumps(HAIKU_ONLY_POLICY))
    no_bearer["Statement"][0]["Effect"] = "Deny"
    user = key_user(policy=no_bearer).load()
    key = provide_token(aws_credentials_provider=Static(user.access_key, user.secret_key))
    denied = HTTP.post(URL, headers={"Authorization": f"Bearer {key}"})
    assert denied.status_code == 403 and "bedrock:CallWithBearerToken" in denied.json()["message"]
    assert send(signed(user)).status_code == 200


def test_changed_requests_are_refused(fresh):
    key_id, secret = fresh.world.admin_credentials
    admin_credentials = Credentials(key_id, secret)
    assert send(signed(admin_credentials)).status_code == 200

    wrong_secret = signed(Credentials(key_id, secret[:-1] + ("x" if secret[-1] != "x" else "y")))
    refused(send(wrong_secret), 403, "InvalidSignatureException", MISMATCH, secret, signature_of(wrong_secret))

    body_byte = signed(admin_credentials)
    refused(send(body_byte, BODY.replace(b"Say hello", b"Say hellO")), 403, "InvalidSignatureException", MISMATCH)

    declared = signed(admin_credentials)  # the body's hash in a signed header, then another body
    declared.headers["X-Amz-Content-SHA256"] = hashlib.sha256(BODY).hexdigest()
    declared = signed(admin_credentials, body=BODY, headers=dict(declared.headers.items()))
    assert send(declared).status_code == 200
    refused(send(declared, BODY.replace(b"Say hello", b"Say hellO")), 403, "InvalidSignatureException", MISMATCH)

    header = signed(admin_credentials)
    header.headers.replace_header("Content-Type", "text/plain")
    refused(send(header), 403, "InvalidSignatureException", MISMATCH, signature_of(header))

    same_day = signed(admin_credentials)
    stamp = same_day.headers["X-Amz-Date"]
    same_day.headers.replace_header("X-Amz-Date", stamp[:-3] + ("00Z" if stamp[-3:] != "00Z" else "01Z"))
    refused(send(same_day), 403, "InvalidSignatureException", MISMATCH)

    other_day = signed(admin_credentials)
    other_stamp = (datetime.strptime(stamp, "%Y%m%dT%H%M%SZ") - timedelta(days=1)).strftime("%Y%m%dT%H%M%SZ")
    other_day.headers.replace_header("X-Amz-Date", other_stamp)
    refused(send(other_day), 403, "InvalidSignatureException",
            f"Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: "
            f"'{stamp[:8]}' != '{other_stamp[:8]}', from '{other_stamp}'.")

    refused(send(signed(admin_credentials, region="us-east-1")), 403, "InvalidSignatureException",
            "Credential should be scoped to a valid region, not 'us-east-1'. ")
    refused(send(signed(admin_credentials, service="bedrock-runtime")), 403, "InvalidSignatureException",
            "Credential should be scoped to correct service: 'bedrock'. ")
    terminator = signed(admin_credentials)
    terminator.headers.replace_header("Authorization", terminator.headers["Authorization"].replace(
        "/aws4_request", "/aws5_request"))
    refused(send(terminator), 403, "InvalidSignatureException",
            "Credential should be scoped with a valid terminator: 'aws4_request'.")
    unsigned_host = signed(admin_credentials)
    unsigned_host.headers.replace_header("Authorization", unsigned_host.headers["Authorization"].replace(
        "SignedHeaders=content-type;host;", "SignedHeaders=content-type;"))
    refused(send(unsigned_host), 403, "InvalidSignatureException", MISMATCH)


def test_unknown_and_inactive_keys_are_unrecognized(fresh):
    _, secret = fresh.world.admin_credentials
    refused(send(signed(Credentials("AKIAIOSFODNN7EXAMPLE", secret))), 403, "UnrecognizedClientException",
            UNRECOGNIZED, secret)
    user = key_user().load()
    assert send(signed(user)).status_code == 200
    admin("iam").update_access_key(UserName="haiku-user", AccessKeyId=user.access_key, Status="Inactive")
    refused(send(signed(user)), 403, "UnrecognizedClientException", UNRECOGNIZED, user.secret_key)
    admin("iam").delete_access_key(UserName="haiku-user", AccessKeyId=user.access_key)
    refused(send(signed(user)), 403, "UnrecognizedClientException", UNRECOGNIZED, user.secret_key)
    # moto does not keep GetSessionToken's credentials, so the sandbox cannot accept them (FIDELITY.md)
    temporary = admin("sts").get_session_token()["Credentials"]
    refused(send(signed(credentials_of(temporary))), 403, "UnrecognizedClientException", UNRECOGNIZED,
            temporary["SecretAccessKey"], temporary["SessionToken"])


def test_a_session_needs_its_own_token(fresh):
    one, two = role_session("one"), role_session("two")
    swapped = signed(Credentials(one["AccessKeyId"], one["SecretAccessKey"], two["SessionToken"]))
    refused(send(swapped), 403, "UnrecognizedClientException", UNRECOGNIZED,
            one["SecretAccessKey"], one["SessionToken"], two["SessionToken"])
    without = signed(Credentials(one["AccessKeyId"], one["SecretAccessKey"]))
    refused(send(without), 403, "UnrecognizedClientException", UNRECOGNIZED, one["SecretAccessKey"])
    dropped = signed(credentials_of(one))  # signed with the token, which is then left off
    del dropped.headers["X-Amz-Security-Token"]
    refused(send(dropped), 403, "InvalidSignatureException", MISMATCH, one["SecretAccessKey"])
    assert send(signed(credentials_of(one))).status_code == 200


def test_freshness_is_real_time_and_sessions_end_on_the_sandbox_clock(fresh, monkeypatch):
    key_id, secret = fresh.world.admin_credentials
    admin_credentials = Credentials(key_id, secret)
    real_now = botocore.auth.get_current_datetime
    stale_by = {"minutes": 0}
    # botocore's signer reads the client's clock here: a client clock 6 minutes off
    monkeypatch.setattr(botocore.auth, "get_current_datetime",
                        lambda: real_now() + timedelta(**stale_by))
    stale_by["minutes"] = -6
    stale = signed(admin_credentials)
    stale_by["minutes"] = 6
    early = signed(admin_credentials)
    stale_by["minutes"] = -4
    late_but_fine = signed(admin_credentials)
    monkeypatch.undo()
    answer = send(stale)
    assert answer.status_code == 400  # as public reports of JSON services show
    assert answer.headers["x-amzn-ErrorType"].startswith("InvalidSignatureException:")
    assert re.fullmatch(rf"Signature expired: {stale.headers['X-Amz-Date']} is now earlier than \d{{8}}T\d{{6}}Z "
                        r"\(\d{8}T\d{6}Z - 5 min\.\)", answer.json()["Message"])
    answer = send(early)
    assert answer.status_code == 400
    assert re.fullmatch(rf"Signature not yet current: {early.headers['X-Amz-Date']} is still later than "
                        r"\d{8}T\d{6}Z \(\d{8}T\d{6}Z \+ 5 min\.\)", answer.json()["Message"])
    assert send(late_but_fine).status_code == 200

    session = role_session(DurationSeconds=900)
    runtime = client("bedrock-runtime", aws_access_key_id=session["AccessKeyId"],
                     aws_secret_access_key=session["SecretAccessKey"], aws_session_token=session["SessionToken"])
    runtime.converse(modelId=HAIKU_PROFILE, messages=MESSAGES)
    fresh.clock.advance(minutes=16)  # the session is over; a request signed now is fresh
    ended = error_of(lambda: runtime.converse(modelId=HAIKU_PROFILE, messages=MESSAGES))
    assert ended["ResponseMetadata"]["HTTPStatusCode"] == 403
    assert (ended["Error"]["Code"], ended["Error"]["Message"]) == ("ExpiredTokenException", EXPIRED)
    refused(send(signed(credentials_of(session))), 403, "ExpiredTokenException", EXPIRED, session["SessionToken"])
    assert send(signed(admin_credentials)).status_code == 200  # sandbox time does not age a signed request
    assert client("bedrock-runtime").converse(modelId=HAIKU_PROFILE, messages=MESSAGES)["output"]


@pytest.mark.parametrize("service, minutes, code", [
    ("sts", 15, "SignatureDoesNotMatch"), ("iam", 15, "SignatureDoesNotMatch"),
    ("organizations", 5, "InvalidSignatureException"), ("bedrock", 5, "InvalidSignatureException"),
])
def test_each_service_has_its_own_window_through_boto3(fresh, monkeypatch, service, minutes, code):
    """A boto3 client whose clock is off: six minutes is too far for Bedrock and Organizations, not
    for STS (whose refusals say fifteen) or IAM; sixteen is too far for every one."""
    call = {"sts": lambda c: c.get_caller_identity(), "iam": lambda c: c.get_user(UserName="workbook-admin"),
            "organizations": lambda c: c.describe_organization(),
            "bedrock": lambda c: c.list_foundation_models()}[service]
    made = client(service, "us-east-1")
    real_now = botocore.auth.get_current_datetime
    for off, refused_at in ((-6, minutes == 5), (-16, True), (-4, False)):
        monkeypatch.setattr(botocore.auth, "get_current_datetime", lambda: real_now() + timedelta(minutes=off))
        if not refused_at:
            assert call(made)["ResponseMetadata"]["HTTPStatusCode"] == 200
            continue
        answer = error_of(lambda: call(made))
        assert answer["Error"]["Code"] == code
        assert re.fullmatch(r"Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z "
                            rf"\(\d{{8}}T\d{{6}}Z - {minutes} min\.\)", answer["Error"]["Message"])


def test_incomplete_authorization_headers(fresh):
    for value, date in [("AWS4-HMAC-SHA256 Credential=x", "20260101T000000Z"),
                        (signed(Credentials(*fresh.world.admin_credentials)).headers["Authorization"], None),
                        (signed(Credentials(*fresh.world.admin_credentials)).headers["Authorization"], "yesterday")]:
        headers = {"Authorization": value, **({"X-Amz-Date": date} if date else {})}
        answer = HTTP.post(URL, headers=headers)
        assert answer.status_code == 400, answer.text
        assert answer.headers["x-amzn-ErrorType"].startswith("IncompleteSignatureException:")
        assert "Authorization header requires 'Credential' parameter." in answer.json()["Message"]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=200),
       date=st.text(st.characters(min_codepoint=33, max_codepoint=126), max_size=20))
def test_any_sigv4_header_gets_a_400_or_403(fresh, value, date):
    headers = {"Authorization": "AWS4-HMAC-SHA256 " + value}
    if date:
        headers["X-Amz-Date"] = date
    answer = HTTP.post(URL, headers=headers)
    assert answer.status_code in (400, 403), answer.text
    assert set(answer.json()) == {"Message"}
