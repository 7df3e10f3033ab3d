"""IAM and STS read one set of parameters: the guard's. Encoded bodies cannot show moto another.

Each attack puts harmless parameters where the guard reads them (the query string) and the real
ones where only moto would look (a gzip or multipart body, or a form beside the query string). The
sandbox refuses the encodings IAM and STS do not take, and hands moto exactly what it authorized;
after each attempt the admin's access keys, and the attacker's policies, are checked unchanged.
"""
import gzip
import json
from urllib.parse import urlencode

import boto3
import requests
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest

from . import wire
from .conftest import client, key_user

ACCOUNT = "111122223333"
ADMIN = "workbook-admin"
ADMIN_POLICY = "arn:aws:iam::aws:policy/AdministratorAccess"
SELF_ONLY = {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": ["iam:CreateAccessKey", "iam:AttachUserPolicy", "iam:CreatePolicy"],
     "Resource": ["arn:aws:iam::*:user/${aws:username}", "arn:aws:iam::*:policy/*"]},
    {"Effect": "Deny", "Action": "iam:AttachUserPolicy", "Resource": "*",
     "Condition": {"ArnEquals": {"iam:PolicyARN": ADMIN_POLICY}}},
]}
FORM = "application/x-www-form-urlencoded; charset=utf-8"


def signed(credentials, query: dict, body: bytes, headers: dict, host="iam.amazonaws.com", service="iam"):
    """A request signed as botocore signs, over exactly these bytes; sent with requests."""
    url = f"https://{host}/" + ("?" + urlencode(query) if query else "")
    request = AWSRequest("POST", url, data=body, headers=headers)
    region = "us-east-1" if service == "iam" else "us-west-2"
    SigV4Auth(credentials.load(), service, region).add_auth(request)
    return requests.post(url, data=body, headers=dict(request.headers), timeout=5)


def admin_keys():
    return sorted(k["AccessKeyId"] for k in client("iam").list_access_keys(UserName=ADMIN)["AccessKeyMetadata"])


def attacker():
    return key_user("learner", policy=SELF_ONLY)


def create_key_params(user=ADMIN):
    return {"Action": "CreateAccessKey", "UserName": user, "Version": "2010-05-08"}


def test_a_gzip_body_cannot_create_a_key_for_the_admin(fresh):
    before, learner = admin_keys(), attacker()
    body = gzip.compress(urlencode(create_key_params()).encode())
    answer = signed(learner, {"Action": "CreateAccessKey", "Version": "2010-05-08"}, body,
                    {"Content-Type": FORM, "Content-Encoding": "gzip"})
    assert answer.status_code == 415 and "<Code>MalformedInput</Code>" in answer.text, answer.text
    assert "AccessKey" not in answer.text
    assert admin_keys() == before


def test_a_multipart_body_cannot_create_a_key_for_the_admin(fresh):
    before, learner = admin_keys(), attacker()
    fields, boundary = create_key_params(), "b0undary"
    body = "".join(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
                   for name, value in fields.items()) + f"--{boundary}--\r\n"
    answer = signed(learner, {"Action": "CreateAccessKey", "Version": "2010-05-08"}, body.encode(),
                    {"Content-Type": f"multipart/form-data; boundary={boundary}"})
    assert answer.status_code == 400 and "<Code>InvalidParameterValue</Code>" in answer.text, answer.text
    assert admin_keys() == before


def test_a_form_beside_the_query_string_runs_what_was_authorized(fresh):
    """The guard reads the query string first; moto, given both, would read only the form."""
    before, learner = admin_keys(), attacker()
    answer = signed(learner, create_key_params("learner"), urlencode(create_key_params()).encode(),
                    {"Content-Type": FORM})
    assert answer.status_code == 200, answer.text
    assert "<UserName>learner</UserName>" in answer.text
    assert admin_keys() == before


def test_a_gzip_body_cannot_pass_a_deny_on_the_policy_arn(fresh):
    learner = attacker()
    hidden = {"Action": "AttachUserPolicy", "UserName": "learner", "PolicyArn": ADMIN_POLICY, "Version": "2010-05-08"}
    shown = {**hidden, "PolicyArn": "arn:aws:iam::aws:policy/ReadOnlyAccess"}
    answer = signed(learner, shown, gzip.compress(urlencode(hidden).encode()),
                    {"Content-Type": FORM, "Content-Encoding": "gzip"})
    assert answer.status_code == 415, answer.text
    attached = client("iam").list_attached_user_policies(UserName="learner")["AttachedPolicies"]
    assert ADMIN_POLICY not in [p["PolicyArn"] for p in attached]
    answer = signed(learner, shown, urlencode(hidden).encode(), {"Content-Type": FORM})  # the form beside
    assert answer.status_code in (200, 403), answer.text
    attached = client("iam").list_attached_user_policies(UserName="learner")["AttachedPolicies"]
    assert ADMIN_POLICY not in [p["PolicyArn"] for p in attached]


def test_a_gzip_body_cannot_pass_the_policy_size_quota(fresh):
    learner = attacker()
    big = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::bucket-{i:05d}/*"} for i in range(400)]}
    small = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}
    hidden = {"Action": "CreatePolicy", "PolicyName": "huge", "PolicyDocument": json.dumps(big), "Version": "2010-05-08"}
    shown = {**hidden, "PolicyDocument": json.dumps(small)}
    answer = signed(learner, shown, gzip.compress(urlencode(hidden).encode()),
                    {"Content-Type": FORM, "Content-Encoding": "gzip"})
    assert answer.status_code == 415, answer.text
    policies = client("iam").list_policies(Scope="Local")["Policies"]
    assert "huge" not in [p["PolicyName"] for p in policies]


def test_a_compressed_bomb_to_get_caller_identity_is_refused_unread(fresh):
    """100 kB that would inflate to 100 MB; STS needs no permission for GetCallerIdentity."""
    learner = attacker()
    bomb = gzip.compress(b"Action=GetCallerIdentity&Version=2011-06-15&" + b"x" * (100 * 1024 * 1024), 9)
    answer = signed(learner, {}, bomb, {"Content-Type": FORM, "Content-Encoding": "gzip"},
                    host="sts.us-west-2.amazonaws.com", service="sts")
    assert answer.status_code == 415, answer.text[:300]
    assert boto3.client("sts").get_caller_identity()["Arn"].endswith(":user/" + ADMIN)


def test_a_compressed_body_to_bedrock_is_refused_too(fresh):
    sock = wire.tunnel(fresh, "bedrock-runtime.us-west-2.amazonaws.com")
    body = gzip.compress(b"{}")
    sock.sendall(b"POST /model/x/converse HTTP/1.1\r\nHost: bedrock-runtime.us-west-2.amazonaws.com\r\n"
                 b"Content-Encoding: gzip\r\nContent-Length: %d\r\n\r\n" % len(body) + body)
    head, answer = wire.answer(sock)
    assert head.startswith(b"HTTP/1.1 415") and b"ValidationException" in head + answer, (head, answer)
