"""IAM service-specific credentials in moto, driven through boto3 (so botocore parses every reply)."""
import base64
import re
from datetime import timedelta

import pytest
from botocore.exceptions import ClientError

from helpers.sandbox import iam_credentials
from tests.sandbox.test_world import ACCOUNT, aws, make_user, moto_endpoint, session_world, world  # noqa: F401

BEDROCK = "bedrock.amazonaws.com"
SCANNER = re.compile(r"^ABSK[A-Za-z0-9+/]{109,269}={0,2}$")


def create(iam, user="alice", **kwargs):
    return iam.create_service_specific_credential(UserName=user, ServiceName=BEDROCK, **kwargs)["ServiceSpecificCredential"]


def code(error: ClientError) -> tuple[str, int]:
    return error.response["Error"]["Code"], error.response["ResponseMetadata"]["HTTPStatusCode"]


def test_create_returns_the_whole_key_once(world, aws):
    iam = aws("iam")
    make_user(iam)
    credential = create(iam, CredentialAgeDays=30)
    assert set(credential) == {"CreateDate", "ExpirationDate", "ServiceName", "ServiceCredentialAlias",
                               "ServiceCredentialSecret", "ServiceSpecificCredentialId", "UserName", "Status"}
    assert credential["ServiceCredentialAlias"] == f"alice-at-{ACCOUNT}"
    assert credential["ServiceSpecificCredentialId"].startswith("ACCA")
    assert credential["Status"] == "Active"
    assert credential["ExpirationDate"] - credential["CreateDate"] == timedelta(days=30)
    key = credential["ServiceCredentialSecret"]
    assert SCANNER.match(key)
    alias, _, secret = base64.b64decode(key[4:]).decode().partition(":")
    assert alias == credential["ServiceCredentialAlias"] and len(secret) >= 40
    listed = iam.list_service_specific_credentials(UserName="alice")["ServiceSpecificCredentials"]
    assert len(listed) == 1 and "ServiceCredentialSecret" not in listed[0]
    assert listed[0]["ServiceSpecificCredentialId"] == credential["ServiceSpecificCredentialId"]


def test_no_age_means_no_expiry_and_ids_repeat_after_reset(world, aws):
    make_user(aws("iam"))
    first = create(aws("iam"))
    assert "ExpirationDate" not in first
    world.reset()
    make_user(aws("iam"))
    again = create(aws("iam"))
    assert again["ServiceSpecificCredentialId"] == first["ServiceSpecificCredentialId"]
    assert again["ServiceCredentialSecret"] == first["ServiceCredentialSecret"]


def test_limits_and_errors(world, aws):
    iam = aws("iam")
    make_user(iam)
    create(iam)
    create(iam)
    cases = [
        (lambda: create(iam), ("LimitExceeded", 409), iam.exceptions.LimitExceededException),
        (lambda: create(iam, user="nobody"), ("NoSuchEntity", 404), iam.exceptions.NoSuchEntityException),
        (lambda: iam.create_service_specific_credential(UserName="alice", ServiceName="s3.amazonaws.com"),
         ("NotSupportedService", 404), iam.exceptions.ServiceNotSupportedException),
        (lambda: create(iam, CredentialAgeDays=36601), ("ValidationError", 400), ClientError),
        (lambda: iam.update_service_specific_credential(UserName="alice", ServiceSpecificCredentialId="ACCA" + "X" * 17,
                                                        Status="Inactive"), ("NoSuchEntity", 404),
         iam.exceptions.NoSuchEntityException),
        (lambda: iam.reset_service_specific_credential(ServiceSpecificCredentialId="ACCA" + "X" * 17),
         ("NoSuchEntity", 404), iam.exceptions.NoSuchEntityException),
        (lambda: iam.delete_service_specific_credential(ServiceSpecificCredentialId="ACCA" + "X" * 17),
         ("NoSuchEntity", 404), iam.exceptions.NoSuchEntityException),
        (lambda: iam.list_service_specific_credentials(UserName="nobody"), ("NoSuchEntity", 404),
         iam.exceptions.NoSuchEntityException),
    ]
    for call, expected, exception in cases:
        with pytest.raises(exception) as raised:
            call()
        assert code(raised.value) == expected


def test_two_per_user_per_service_and_delete_user_conflict(world, aws):
    iam = aws("iam")
    make_user(iam, "alice")
    make_user(iam, "bob")
    ids = [create(iam, "alice")["ServiceSpecificCredentialId"] for _ in range(2)]
    create(iam, "bob")  # another user's quota is their own
    assert len(iam.list_service_specific_credentials(AllUsers=True)["ServiceSpecificCredentials"]) == 3
    with pytest.raises(iam.exceptions.DeleteConflictException):
        iam.delete_user(UserName="bob")
    for credential_id in ids:
        iam.delete_service_specific_credential(UserName="alice", ServiceSpecificCredentialId=credential_id)
    iam.delete_user_policy(UserName="alice", PolicyName="invoke")
    iam.delete_user(UserName="alice")
    assert [c["UserName"] for c in iam.list_service_specific_credentials(AllUsers=True)["ServiceSpecificCredentials"]] == ["bob"]


def test_update_reset_and_expiry_follow_the_clock(world, aws):
    iam = aws("iam")
    make_user(iam)
    credential = create(iam, CredentialAgeDays=1)
    credential_id = credential["ServiceSpecificCredentialId"]

    def status():
        return iam.list_service_specific_credentials(UserName="alice")["ServiceSpecificCredentials"][0]["Status"]

    iam.update_service_specific_credential(UserName="alice", ServiceSpecificCredentialId=credential_id, Status="Inactive")
    assert status() == "Inactive"
    iam.update_service_specific_credential(ServiceSpecificCredentialId=credential_id, Status="Active")
    assert status() == "Active"
    new = iam.reset_service_specific_credential(UserName="alice", ServiceSpecificCredentialId=credential_id)
    assert new["ServiceSpecificCredential"]["ServiceCredentialSecret"] != credential["ServiceCredentialSecret"]
    world.clock.advance(days=1, seconds=1)
    assert status() == "Expired"
    [stored] = world.service_credentials(f"alice-at-{ACCOUNT}")
    assert stored.status == "Expired" and stored.secret == new["ServiceSpecificCredential"]["ServiceCredentialSecret"]
    assert stored.secret not in repr(stored)


def test_install_is_idempotent_and_survives_backend_reset(world, aws):
    iam_credentials.install()
    iam_credentials.install(world.clock)
    world.iam.reset()  # moto's own reset: state goes, the actions stay
    world.reset()
    make_user(aws("iam"))
    assert create(aws("iam"))["Status"] == "Active"
