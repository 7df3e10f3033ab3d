"""IAM service-specific credentials (Bedrock long-term keys) through boto3's IAM client.

botocore parses every reply with IAM's own model, so a field the sandbox shapes wrongly, or an
error it names wrongly, shows up here as boto3 would show it to a learner.
"""
import base64
import functools
import re
from datetime import timedelta

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError, ParamValidationError

from .conftest import client, error_of

ACCOUNT = "111122223333"
BEDROCK = "bedrock.amazonaws.com"
SCANNER = re.compile(r"^ABSK[A-Za-z0-9+/]{109,269}={0,2}$")  # the secret scanners' pattern
METADATA = {"CreateDate", "ServiceName", "ServiceCredentialAlias", "ServiceSpecificCredentialId", "UserName", "Status"}
UNKNOWN_ID = "ACCA" + "X" * 17


@functools.cache
def iam(validate=True):
    """The admin's IAM client, made once (the admin's key is the same after every reset)."""
    config = None if validate else Config(parameter_validation=False)  # send what IAM itself must check
    return boto3.Session(region_name="us-west-2").client("iam", config=config)


def long_term_key(name, **kwargs):
    return iam().create_service_specific_credential(UserName=name, ServiceName=BEDROCK, **kwargs)[
        "ServiceSpecificCredential"]


def user(name="alice"):
    iam().create_user(UserName=name)


def listed(name="alice"):
    return iam().list_service_specific_credentials(UserName=name)["ServiceSpecificCredentials"]


def codes(response):
    return response["Error"]["Code"], response["ResponseMetadata"]["HTTPStatusCode"]


def test_create_returns_the_whole_key_once(fresh):
    user()
    credential = long_term_key("alice", CredentialAgeDays=30)
    assert set(credential) == METADATA | {"ExpirationDate", "ServiceCredentialSecret"}
    assert "ServiceApiKeyValue" not in credential and "ServicePassword" not in credential
    assert credential["ServiceCredentialAlias"] == f"alice-at-{ACCOUNT}"
    assert re.fullmatch(r"ACCA[A-Z0-9]{17}", credential["ServiceSpecificCredentialId"])
    assert (credential["Status"], credential["ServiceName"], credential["UserName"]) == ("Active", BEDROCK, "alice")
    assert credential["ExpirationDate"] - credential["CreateDate"] == timedelta(days=30)
    assert abs(credential["CreateDate"] - fresh.clock.now()) < timedelta(seconds=5)
    key = credential["ServiceCredentialSecret"]
    assert SCANNER.match(key)
    alias, _, secret = base64.b64decode(key[4:]).decode().partition(":")
    assert alias == credential["ServiceCredentialAlias"] and len(secret) >= 40

    [metadata] = listed()
    assert set(metadata) == METADATA | {"ExpirationDate"}
    assert {k: credential[k] for k in metadata} == metadata
    assert secret not in str(iam().list_service_specific_credentials(AllUsers=True))


def test_without_an_age_a_key_never_expires(fresh):
    user()
    credential = long_term_key("alice")
    assert set(credential) == METADATA | {"ServiceCredentialSecret"}
    assert "ExpirationDate" not in listed()[0]


def test_age_bounds_are_checked_as_iam_checks_them(fresh):
    user()
    # boto3 checks the model's minimum (1) itself; IAM checks both ends
    with pytest.raises(ParamValidationError, match="CredentialAgeDays"):
        long_term_key("alice", CredentialAgeDays=0)
    unchecked = iam(validate=False)
    for days, bound in [(0, "greater than or equal to 1"), (-5, "greater than or equal to 1"),
                        (36601, "less than or equal to 36600")]:
        response = error_of(lambda: unchecked.create_service_specific_credential(
            UserName="alice", ServiceName=BEDROCK, CredentialAgeDays=days))
        assert codes(response) == ("ValidationError", 400)
        assert f"Value '{days}' at 'credentialAgeDays' failed to satisfy constraint: Member must have value {bound}" \
            in response["Error"]["Message"]
    assert listed() == []
    for days in (1, 36600):
        assert long_term_key("alice", CredentialAgeDays=days)["Status"] == "Active"


def test_errors_carry_iams_codes_and_statuses(fresh):
    user()
    long_term_key("alice")
    long_term_key("alice")
    client_ = iam()
    cases = [
        (lambda: long_term_key("alice"), "LimitExceeded", 409, client_.exceptions.LimitExceededException),
        (lambda: long_term_key("nobody"), "NoSuchEntity", 404, client_.exceptions.NoSuchEntityException),
        (lambda: client_.create_service_specific_credential(UserName="alice", ServiceName="s3.amazonaws.com"),
         "NotSupportedService", 404, client_.exceptions.ServiceNotSupportedException),
        (lambda: client_.list_service_specific_credentials(UserName="alice", ServiceName="codecommit.amazonaws.com"),
         "NotSupportedService", 404, client_.exceptions.ServiceNotSupportedException),
        (lambda: client_.list_service_specific_credentials(UserName="nobody"), "NoSuchEntity", 404,
         client_.exceptions.NoSuchEntityException),
        (lambda: client_.update_service_specific_credential(UserName="alice", ServiceSpecificCredentialId=UNKNOWN_ID,
                                                           Status="Inactive"),
         "NoSuchEntity", 404, client_.exceptions.NoSuchEntityException),
        (lambda: client_.update_service_specific_credential(UserName="nobody", ServiceSpecificCredentialId=UNKNOWN_ID,
                                                           Status="Inactive"),
         "NoSuchEntity", 404, client_.exceptions.NoSuchEntityException),
        (lambda: client_.update_service_specific_credential(UserName="alice", ServiceSpecificCredentialId=listed()[0][
            "ServiceSpecificCredentialId"], Status="Expired"), "ValidationError", 400, ClientError),
        (lambda: client_.reset_service_specific_credential(ServiceSpecificCredentialId=UNKNOWN_ID),
         "NoSuchEntity", 404, client_.exceptions.NoSuchEntityException),
        (lambda: client_.delete_service_specific_credential(ServiceSpecificCredentialId=UNKNOWN_ID),
         "NoSuchEntity", 404, client_.exceptions.NoSuchEntityException),
    ]
    for call, code, status, exception in cases:
        with pytest.raises(exception) as raised:
            call()
        assert codes(raised.value.response) == (code, status), code
        assert raised.value.response["Error"]["Message"]
    assert "quota for ServiceSpecificCredentialsPerUserPerService: 2" in error_of(cases[0][0])["Error"]["Message"]
    assert [c["Status"] for c in listed()] == ["Active", "Active"]


def test_another_users_credential_is_no_such_entity_for_this_user(fresh):
    user("alice")
    user("bob")
    bobs = long_term_key("bob")["ServiceSpecificCredentialId"]
    for call in (lambda: iam().update_service_specific_credential(UserName="alice", ServiceSpecificCredentialId=bobs,
                                                                  Status="Inactive"),
                 lambda: iam().reset_service_specific_credential(UserName="alice", ServiceSpecificCredentialId=bobs),
                 lambda: iam().delete_service_specific_credential(UserName="alice", ServiceSpecificCredentialId=bobs)):
        assert codes(error_of(call)) == ("NoSuchEntity", 404)
    assert [c["Status"] for c in listed("bob")] == ["Active"]


def test_two_per_user_and_deleting_a_user_with_credentials_conflicts(fresh):
    user("alice")
    user("bob")
    ids = [long_term_key("alice")["ServiceSpecificCredentialId"] for _ in range(2)]
    long_term_key("bob")  # another user's quota is their own
    everyone = iam().list_service_specific_credentials(AllUsers=True)["ServiceSpecificCredentials"]
    assert sorted(c["UserName"] for c in everyone) == ["alice", "alice", "bob"]
    assert iam().list_service_specific_credentials(AllUsers=True, ServiceName=BEDROCK)["ServiceSpecificCredentials"] \
        == everyone
    conflict = error_of(lambda: iam().delete_user(UserName="bob"))
    assert codes(conflict) == ("DeleteConflict", 409)
    with pytest.raises(iam().exceptions.DeleteConflictException):
        iam().delete_user(UserName="alice")
    assert codes(error_of(lambda: iam().delete_user(UserName="nobody"))) == ("NoSuchEntity", 404)
    for credential_id in ids:
        iam().delete_service_specific_credential(UserName="alice", ServiceSpecificCredentialId=credential_id)
    key = iam().create_access_key(UserName="alice")["AccessKey"]["AccessKeyId"]  # access keys hold a user too
    refusal = error_of(lambda: iam().delete_user(UserName="alice"))
    assert codes(refusal) == ("DeleteConflict", 409)
    assert refusal["Error"]["Message"] == "Cannot delete entity, must delete access keys first."
    iam().delete_access_key(UserName="alice", AccessKeyId=key)
    iam().delete_user(UserName="alice")
    assert [c["UserName"] for c in iam().list_service_specific_credentials(AllUsers=True)[
        "ServiceSpecificCredentials"]] == ["bob"]


def test_without_a_user_name_iam_means_the_caller(fresh):
    """The admin lists its own credentials when it names no user; a role session must name one."""
    own = long_term_key("workbook-admin")
    mine = iam().list_service_specific_credentials()["ServiceSpecificCredentials"]
    assert [c["ServiceSpecificCredentialId"] for c in mine] == [own["ServiceSpecificCredentialId"]]
    assert mine[0]["UserName"] == "workbook-admin"
    trust = ('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":'
             f'"arn:aws:iam::{ACCOUNT}:root"}},"Action":"sts:AssumeRole"}}]}}')
    iam().create_role(RoleName="admin-role", AssumeRolePolicyDocument=trust)
    iam().attach_role_policy(RoleName="admin-role", PolicyArn="arn:aws:iam::aws:policy/AdministratorAccess")
    session = client("sts").assume_role(RoleArn=f"arn:aws:iam::{ACCOUNT}:role/admin-role",
                                        RoleSessionName="ops")["Credentials"]
    as_role = client("iam", aws_access_key_id=session["AccessKeyId"], aws_secret_access_key=session["SecretAccessKey"],
                     aws_session_token=session["SessionToken"])
    refusal = error_of(as_role.list_service_specific_credentials)
    assert codes(refusal) == ("ValidationError", 400)
    assert refusal["Error"]["Message"] == "Must specify userName when calling with non-User credentials"
    assert len(as_role.list_service_specific_credentials(AllUsers=True)["ServiceSpecificCredentials"]) == 1


def test_update_reset_and_expiry(fresh):
    user()
    credential = long_term_key("alice", CredentialAgeDays=1)
    forever = long_term_key("alice")
    credential_id = credential["ServiceSpecificCredentialId"]
    iam().update_service_specific_credential(UserName="alice", ServiceSpecificCredentialId=credential_id,
                                             Status="Inactive")
    assert [c["Status"] for c in listed()] == ["Inactive", "Active"]
    iam().update_service_specific_credential(UserName="alice", ServiceSpecificCredentialId=credential_id, Status="Active")
    assert [c["Status"] for c in listed()] == ["Active", "Active"]

    new = iam().reset_service_specific_credential(UserName="alice", ServiceSpecificCredentialId=credential_id)[
        "ServiceSpecificCredential"]
    assert set(new) == METADATA | {"ExpirationDate", "ServiceCredentialSecret"}
    assert new["ServiceCredentialSecret"] != credential["ServiceCredentialSecret"]
    assert SCANNER.match(new["ServiceCredentialSecret"])
    assert {k: new[k] for k in METADATA | {"ExpirationDate"}} == {k: credential[k] for k in METADATA | {"ExpirationDate"}}
    again = iam().reset_service_specific_credential(UserName="alice", ServiceSpecificCredentialId=credential_id)[
        "ServiceSpecificCredential"]
    assert again["ServiceCredentialSecret"] not in (new["ServiceCredentialSecret"], credential["ServiceCredentialSecret"])

    fresh.clock.advance(days=1, seconds=1)
    assert [c["Status"] for c in listed()] == ["Expired", "Active"]
    assert "ExpirationDate" not in listed()[1] and forever["ServiceSpecificCredentialId"] == listed()[1][
        "ServiceSpecificCredentialId"]
    # Expired is the clock's verdict, not a status one can set or clear
    iam().update_service_specific_credential(UserName="alice", ServiceSpecificCredentialId=credential_id, Status="Active")
    assert listed()[0]["Status"] == "Expired"
    iam().delete_service_specific_credential(UserName="alice", ServiceSpecificCredentialId=credential_id)
    assert [c["ServiceSpecificCredentialId"] for c in listed()] == [forever["ServiceSpecificCredentialId"]]
