"""IAM and STS check who is asking and what they may do, as AWS does, through boto3 and raw HTTP.

The admin (box.environment's credentials) may do anything; a restricted user is refused with IAM's
AccessDenied. Policies here are the ones the course teaches: deny key creation, cap key age, trust.
"""
import json

import boto3
import pytest
import requests
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from helpers.sandbox.organization import FULL_AWS_ACCESS

from .conftest import client, error_of, key_user

ACCOUNT = "111122223333"
ADMIN_ARN = f"arn:aws:iam::{ACCOUNT}:user/workbook-admin"
BEDROCK_ONLY = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "bedrock:*", "Resource": "*"}]}
LIST_USERS = "Action=ListUsers&Version=2010-05-08"


def as_user(provider, service, region="us-west-2"):
    credentials = provider.load()
    return boto3.Session(aws_access_key_id=credentials.access_key, aws_secret_access_key=credentials.secret_key,
                         aws_session_token=credentials.token, region_name=region).client(service)


def allow(*statements):
    return {"Version": "2012-10-17", "Statement": list(statements)}


def code_and_message(call):
    error = error_of(call)
    return error["Error"]["Code"], error["Error"]["Message"], error["ResponseMetadata"]["HTTPStatusCode"]


# -- authentication --------------------------------------------------------------------------------

def test_an_unsigned_iam_request_is_refused(fresh):
    answer = requests.post("https://iam.amazonaws.com/", data=LIST_USERS,
                           headers={"Content-Type": "application/x-www-form-urlencoded"}, timeout=5)
    assert answer.status_code == 403
    assert "<Code>MissingAuthenticationToken</Code>" in answer.text


def test_an_unsigned_sts_request_is_refused(fresh):
    answer = requests.post("https://sts.us-west-2.amazonaws.com/", data="Action=GetCallerIdentity&Version=2011-06-15",
                           headers={"Content-Type": "application/x-www-form-urlencoded"}, timeout=5)
    assert answer.status_code == 403 and "MissingAuthenticationToken" in answer.text


def test_a_wrong_secret_is_signature_does_not_match(fresh):
    key_id, _ = fresh.world.admin_credentials
    iam = boto3.Session(aws_access_key_id=key_id, aws_secret_access_key="x" * 40).client("iam")
    assert code_and_message(iam.list_users)[::2] == ("SignatureDoesNotMatch", 403)


def test_an_unknown_key_is_invalid_client_token_id(fresh):
    sts = boto3.Session(aws_access_key_id="AKIA" + "Z" * 16, aws_secret_access_key="x" * 40,
                        region_name="us-west-2").client("sts")
    assert code_and_message(sts.get_caller_identity)[::2] == ("InvalidClientTokenId", 403)


def test_a_signature_scoped_to_another_service_is_refused(fresh):
    key_id, secret = fresh.world.admin_credentials
    request = AWSRequest("POST", "https://iam.amazonaws.com/", data=LIST_USERS,
                         headers={"Content-Type": "application/x-www-form-urlencoded"})
    SigV4Auth(Credentials(key_id, secret), "bedrock", "us-east-1").add_auth(request)
    answer = requests.post(request.url, data=LIST_USERS, headers=dict(request.headers), timeout=5)
    assert answer.status_code == 403 and "<Code>SignatureDoesNotMatch</Code>" in answer.text


def test_anyone_signed_may_ask_who_they_are(fresh):
    user = key_user("nobody", policy=allow({"Effect": "Deny", "Action": "*", "Resource": "*"}))
    assert as_user(user, "sts").get_caller_identity()["Arn"].endswith(":user/nobody")


# -- authorization ---------------------------------------------------------------------------------

def test_a_bedrock_only_user_cannot_make_keys_for_the_admin(fresh):
    iam = as_user(key_user("bedrock-user", policy=BEDROCK_ONLY), "iam")
    code, message, http = code_and_message(lambda: iam.create_access_key(UserName="workbook-admin"))
    assert (code, http) == ("AccessDenied", 403)
    assert message == (f"User: arn:aws:iam::{ACCOUNT}:user/bedrock-user is not authorized to perform: "
                       f"iam:CreateAccessKey on resource: {ADMIN_ARN} because no identity-based policy "
                       f"allows the iam:CreateAccessKey action")
    code, _, _ = code_and_message(lambda: iam.create_service_specific_credential(
        UserName="workbook-admin", ServiceName="bedrock.amazonaws.com"))
    assert code == "AccessDenied"
    assert client("iam").list_access_keys(UserName="workbook-admin")["AccessKeyMetadata"].__len__() == 1


def test_key_age_is_capped_with_service_specific_credential_age_days(fresh):
    """The guardrails lesson: keys of at most 30 days, for Bedrock only, for oneself only."""
    policy = allow({"Effect": "Allow", "Action": "iam:CreateServiceSpecificCredential",
                    "Resource": "arn:aws:iam::*:user/${aws:username}",
                    "Condition": {"NumericLessThanEquals": {"iam:ServiceSpecificCredentialAgeDays": "30"},
                                  "StringEquals": {"iam:ServiceSpecificCredentialServiceName": "bedrock.amazonaws.com"}}})
    iam = as_user(key_user("capped", policy=policy), "iam")
    made = iam.create_service_specific_credential(UserName="capped", ServiceName="bedrock.amazonaws.com",
                                                  CredentialAgeDays=30)
    assert made["ServiceSpecificCredential"]["ServiceName"] == "bedrock.amazonaws.com"
    for kwargs in ({"CredentialAgeDays": 90}, {}):  # too old, or never expiring (no age in the context)
        code, message, _ = code_and_message(lambda: iam.create_service_specific_credential(
            UserName="capped", ServiceName="bedrock.amazonaws.com", **kwargs))
        assert code == "AccessDenied" and "iam:CreateServiceSpecificCredential" in message
    code, _, _ = code_and_message(lambda: iam.create_service_specific_credential(
        UserName="workbook-admin", ServiceName="bedrock.amazonaws.com", CredentialAgeDays=1))
    assert code == "AccessDenied"


def test_an_scp_can_deny_bedrock_key_creation_even_to_the_admin(fresh):
    deny = allow({"Effect": "Deny", "Action": "iam:CreateServiceSpecificCredential", "Resource": "*",
                  "Condition": {"StringEquals": {"iam:ServiceSpecificCredentialServiceName": "bedrock.amazonaws.com"}}})
    fresh.organization.set_scps([[FULL_AWS_ACCESS, deny]])
    code, message, _ = code_and_message(lambda: client("iam").create_service_specific_credential(
        UserName="workbook-admin", ServiceName="bedrock.amazonaws.com"))
    assert code == "AccessDenied" and "with an explicit deny in a service control policy: arn:aws:organizations::" in message
    assert client("iam").get_user(UserName="workbook-admin")  # what the SCP does not deny still works


def test_iam_sees_us_east_1_as_the_requested_region(fresh):
    policy = allow({"Effect": "Allow", "Action": "iam:GetUser", "Resource": "*",
                    "Condition": {"StringEquals": {"aws:RequestedRegion": "us-east-1"}}})
    iam = as_user(key_user("regional", policy=policy), "iam")
    assert iam.get_user(UserName="regional")["User"]["UserName"] == "regional"


def test_an_explicit_deny_beats_administrator_access(fresh):
    iam = client("iam")
    iam.put_user_policy(UserName="workbook-admin", PolicyName="NoKeys", PolicyDocument=json.dumps(
        allow({"Effect": "Deny", "Action": "iam:CreateAccessKey", "Resource": "*"})))
    code, message, _ = code_and_message(lambda: iam.create_access_key(UserName="workbook-admin"))
    assert code == "AccessDenied" and message.endswith("with an explicit deny in an identity-based policy")


# -- sts:AssumeRole and trust policies ---------------------------------------------------------------

def make_role(name, principal, condition=None):
    statement = {"Effect": "Allow", "Principal": {"AWS": principal}, "Action": "sts:AssumeRole"}
    if condition:
        statement["Condition"] = condition
    return client("iam").create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(allow(statement)))["Role"]["Arn"]


ASSUME_ANY = allow({"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"})


def test_trusting_the_account_needs_an_identity_policy_too(fresh):
    role = make_role("account-trust", f"arn:aws:iam::{ACCOUNT}:root")
    allowed = as_user(key_user("may-assume", policy=ASSUME_ANY), "sts")
    assert allowed.assume_role(RoleArn=role, RoleSessionName="s1")["AssumedRoleUser"]["Arn"].endswith("/s1")
    refused = as_user(key_user("may-not", policy=BEDROCK_ONLY), "sts")
    code, message, http = code_and_message(lambda: refused.assume_role(RoleArn=role, RoleSessionName="s1"))
    assert (code, http) == ("AccessDenied", 403)
    assert message.startswith(f"User: arn:aws:iam::{ACCOUNT}:user/may-not is not authorized to perform: "
                              f"sts:AssumeRole on resource: {role}")


def test_trusting_a_user_by_arn_is_enough_on_its_own(fresh):
    user = key_user("trusted", policy=BEDROCK_ONLY)
    role = make_role("user-trust", f"arn:aws:iam::{ACCOUNT}:user/trusted")
    assert as_user(user, "sts").assume_role(RoleArn=role, RoleSessionName="s1")["Credentials"]
    other = as_user(key_user("other", policy=ASSUME_ANY), "sts")
    assert code_and_message(lambda: other.assume_role(RoleArn=role, RoleSessionName="s1"))[0] == "AccessDenied"


def test_a_role_arn_in_a_trust_policy_lets_that_role_s_sessions_assume(fresh):
    first = make_role("first", f"arn:aws:iam::{ACCOUNT}:root")
    second = make_role("second", first)
    credentials = client("sts").assume_role(RoleArn=first, RoleSessionName="hop")["Credentials"]
    session = boto3.Session(aws_access_key_id=credentials["AccessKeyId"],
                            aws_secret_access_key=credentials["SecretAccessKey"],
                            aws_session_token=credentials["SessionToken"], region_name="us-west-2")
    assert session.client("sts").assume_role(RoleArn=second, RoleSessionName="hop2")["Credentials"]


def test_trust_conditions_are_evaluated(fresh):
    role = make_role("conditional", f"arn:aws:iam::{ACCOUNT}:root", {
        "StringEquals": {"sts:ExternalId": "course-42"},
        "StringLike": {"aws:PrincipalArn": f"arn:aws:iam::{ACCOUNT}:user/team-*"}})
    team = as_user(key_user("team-a", policy=ASSUME_ANY), "sts")
    assert team.assume_role(RoleArn=role, RoleSessionName="s1", ExternalId="course-42")["Credentials"]
    assert code_and_message(lambda: team.assume_role(RoleArn=role, RoleSessionName="s1"))[0] == "AccessDenied"
    outsider = as_user(key_user("outsider", policy=ASSUME_ANY), "sts")
    assert code_and_message(lambda: outsider.assume_role(
        RoleArn=role, RoleSessionName="s1", ExternalId="course-42"))[0] == "AccessDenied"


def test_a_deny_in_the_trust_policy_wins(fresh):
    document = allow({"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}, "Action": "sts:AssumeRole"},
                     {"Effect": "Deny", "Principal": {"AWS": ADMIN_ARN}, "Action": "sts:*"})
    role = client("iam").create_role(RoleName="no-admin", AssumeRolePolicyDocument=json.dumps(document))["Role"]["Arn"]
    assert code_and_message(lambda: client("sts").assume_role(RoleArn=role, RoleSessionName="s1"))[0] == "AccessDenied"


def test_a_missing_role_is_access_denied(fresh):
    code, _, _ = code_and_message(lambda: client("sts").assume_role(
        RoleArn=f"arn:aws:iam::{ACCOUNT}:role/none", RoleSessionName="s1"))
    assert code == "AccessDenied"


# -- policy size quotas ----------------------------------------------------------------------------

def big_policy(characters):
    resources = [f"arn:aws:s3:::bucket-{i:06d}" for i in range(characters // 30)]
    return json.dumps(allow({"Effect": "Allow", "Action": "s3:GetObject", "Resource": resources}))


def test_a_megabyte_inline_policy_is_refused(fresh):
    code, message, http = code_and_message(lambda: client("iam").put_user_policy(
        UserName="workbook-admin", PolicyName="Huge", PolicyDocument=big_policy(1_800_000)))
    assert (code, http) == ("LimitExceeded", 409)
    assert message == "Maximum policy size of 2048 bytes exceeded for user workbook-admin"


def test_a_user_s_inline_policies_together_stay_under_2048_characters(fresh):
    iam = client("iam")
    iam.put_user_policy(UserName="workbook-admin", PolicyName="A", PolicyDocument=big_policy(1200))
    iam.put_user_policy(UserName="workbook-admin", PolicyName="A", PolicyDocument=big_policy(1200))  # replaces
    assert code_and_message(lambda: iam.put_user_policy(
        UserName="workbook-admin", PolicyName="B", PolicyDocument=big_policy(1200)))[0] == "LimitExceeded"


def test_managed_and_trust_policy_quotas(fresh):
    iam = client("iam")
    assert iam.create_policy(PolicyName="fits", PolicyDocument=big_policy(5500))
    assert code_and_message(lambda: iam.create_policy(PolicyName="big", PolicyDocument=big_policy(7000)))[:1] == ("LimitExceeded",)
    trust = json.loads(big_policy(3000))
    trust["Statement"][0] = {"Effect": "Allow", "Principal": {"AWS": [f"arn:aws:iam::{ACCOUNT}:user/u{i:05d}" for i in range(80)]},
                             "Action": "sts:AssumeRole"}
    assert code_and_message(lambda: iam.create_role(
        RoleName="wide", AssumeRolePolicyDocument=json.dumps(trust)))[0] == "LimitExceeded"
