"""A presigned (query-string SigV4) STS GetCallerIdentity URL, as botocore makes it and as EKS tokens and
the Kotlin and Ruby SDKs' presigners use it: answered with the signer's identity, as a header-signed
call is. STS holds such a URL to its 15-minute SigV4 window and ignores X-Amz-Expires (aws-iam-authenticator
PR #160, aws-sdk-ruby #2887); a tampered URL is SignatureDoesNotMatch.
"""
import json
import xml.etree.ElementTree as ElementTree
from datetime import datetime, timedelta, timezone
from unittest import mock

import boto3
import pytest
import requests

from helpers.policy.examples import ALLOW_ALL

from .conftest import client, key_user

ACCOUNT = "111122223333"
STS_NS = {"sts": "https://sts.amazonaws.com/doc/2011-06-15/"}
TRUST_THE_ACCOUNT = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"AWS": ACCOUNT}, "Action": "sts:AssumeRole"}]})
HTTP = requests.Session()


def _session(key_id, secret, token=None):
    return boto3.Session(aws_access_key_id=key_id, aws_secret_access_key=secret, aws_session_token=token,
                         region_name="us-west-2")


def _user_session():
    credentials = key_user().load()
    return _session(credentials.access_key, credentials.secret_key)


def _role_session():
    iam = client("iam")
    arn = iam.create_role(RoleName="presigner", AssumeRolePolicyDocument=TRUST_THE_ACCOUNT)["Role"]["Arn"]
    iam.put_role_policy(RoleName="presigner", PolicyName="all", PolicyDocument=json.dumps(ALLOW_ALL))
    credentials = client("sts").assume_role(RoleArn=arn, RoleSessionName="eks-token")["Credentials"]
    return _session(credentials["AccessKeyId"], credentials["SecretAccessKey"], credentials["SessionToken"])


def presigned(session, signed_ago=timedelta(), expires=60, service="sts", method="get_caller_identity", http="GET"):
    """botocore's presigned URL for a GET (as EKS tokens and the Kotlin and Ruby presigners sign it),
    stamped `signed_ago` before now (botocore's own clock, moved back)."""
    stamp = datetime.now(timezone.utc).replace(tzinfo=None) - signed_ago
    with mock.patch("botocore.auth.get_current_datetime", return_value=stamp):
        return session.client(service).generate_presigned_url(method, ExpiresIn=expires, HttpMethod=http)


def identity(answer) -> dict:
    assert answer.status_code == 200, answer.text
    result = ElementTree.fromstring(answer.text).find("sts:GetCallerIdentityResult", STS_NS)
    return {name: result.find(f"sts:{name}", STS_NS).text for name in ("UserId", "Account", "Arn")}


def refusal(answer) -> tuple[int, str, str]:
    error = ElementTree.fromstring(answer.text).find("Error")
    return answer.status_code, error.find("Code").text, error.find("Message").text


@pytest.mark.parametrize("make_session", [_user_session, _role_session], ids=["user", "assumed-role"])
def test_a_presigned_get_caller_identity_answers_the_signers_identity(fresh, make_session):
    session = make_session()
    answer = HTTP.get(presigned(session))
    header_signed = session.client("sts").get_caller_identity()
    assert identity(answer) == {name: header_signed[name] for name in ("UserId", "Account", "Arn")}
    assert answer.headers["Content-Type"] == "text/xml"
    request_id = ElementTree.fromstring(answer.text).find("sts:ResponseMetadata/sts:RequestId", STS_NS).text
    assert request_id == answer.headers["x-amzn-RequestId"]


def test_the_role_session_is_the_assumed_role(fresh):
    arn = identity(HTTP.get(presigned(_role_session())))["Arn"]
    assert arn == f"arn:aws:sts::{ACCOUNT}:assumed-role/presigner/eks-token"


def test_x_amz_expires_is_not_the_limit_the_15_minute_window_is(fresh):
    session = _user_session()
    assert identity(HTTP.get(presigned(session, signed_ago=timedelta(minutes=5), expires=1)))
    status, code, message = refusal(HTTP.get(presigned(session, signed_ago=timedelta(minutes=20), expires=3600)))
    assert (status, code) == (403, "SignatureDoesNotMatch")
    assert message.startswith("Signature expired: ") and message.endswith(" - 15 min.)")


def test_a_tampered_url_is_signature_does_not_match(fresh):
    url = presigned(_user_session())
    head, _, signature = url.rpartition("X-Amz-Signature=")
    flipped = signature[:-1] + ("0" if signature[-1] != "0" else "1")
    for tampered in (head + "X-Amz-Signature=" + flipped, url.replace("Version=2011-06-15", "Version=2011-06-16")):
        status, code, message = refusal(HTTP.get(tampered))
        assert (status, code) == (403, "SignatureDoesNotMatch")
        assert signature not in message


def test_botocores_default_presign_is_for_a_post(fresh):
    """Without HttpMethod botocore signs the query protocol's POST: sent as a GET, STS answers
    SignatureDoesNotMatch, its canonical request being a GET's (boto/boto3#756)."""
    status, code, _ = refusal(HTTP.get(presigned(_user_session(), http=None)))
    assert (status, code) == (403, "SignatureDoesNotMatch")


def test_a_presigned_url_of_an_unknown_key_or_an_ended_session(fresh):
    url = presigned(_session("AKIA" + "Z" * 16, "x" * 40))
    assert refusal(HTTP.get(url))[:2] == (403, "InvalidClientTokenId")
    session = _role_session()
    fresh.clock.advance(hours=2)  # past the session's hour
    assert refusal(HTTP.get(presigned(session)))[:2] == (403, "ExpiredToken")


def test_an_incomplete_query_signature_is_refused(fresh):
    url = presigned(_user_session())
    signature = url.rpartition("&")[2]
    without_credential = "&".join(pair for pair in url.split("&") if not pair.startswith("X-Amz-Credential="))
    for incomplete in (without_credential, url + "&" + signature, url.replace("AWS4-HMAC-SHA256", "AWS4-HMAC-SHA512")):
        assert refusal(HTTP.get(incomplete))[:2] == (400, "IncompleteSignature")


def test_a_url_presigned_for_another_region_is_refused(fresh):
    url = presigned(_user_session())
    status, code, message = refusal(HTTP.get(url.replace("sts.us-west-2.", "sts.eu-west-1.")))
    assert (status, code, message) == (403, "SignatureDoesNotMatch",
                                        "Credential should be scoped to a valid region, not 'us-west-2'. ")


@pytest.mark.parametrize("service, method", [("iam", "list_users"), ("sts", "get_session_token")])
def test_other_actions_are_not_served_presigned(fresh, service, method):
    """moto would run them as whoever its Authorization header names: none here. The admin may do both."""
    admin = _session(*fresh.world.admin_credentials)
    status, code, message = refusal(HTTP.get(presigned(admin, service=service, method=method)))
    assert (status, code) == (403, "AccessDenied")
    assert "GetCallerIdentity" in message


def test_bedrock_takes_no_presigned_url(fresh):
    url = presigned(_user_session(), service="bedrock", method="list_foundation_models")
    answer = HTTP.get(url)
    assert answer.status_code == 403 and answer.json() == {"Message": "Authorization header is missing"}
