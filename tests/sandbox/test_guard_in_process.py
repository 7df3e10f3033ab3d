"""The IAM/STS guard's own refusals (`guard.py`): who may act on "the caller", AssumeRole, write quotas.

Real boto3 calls (raw SigV4-signed requests where boto3 cannot send them) answered in-process
(`in_process.py`); each refusal is checked for IAM's code, HTTP status and words, and that nothing
changed.
"""
import json

import pytest
from botocore.credentials import Credentials
from botocore.exceptions import ClientError

from .in_process import session, signed
from .test_iam_resources_in_process import (ACCOUNT, ARN, BEDROCK, NOTHING_ON_IAM, admin, allow, as_, statement,
                                            trusting_the_account, user)

ADMIN = "workbook-admin"
OWN_KEYS = allow(statement(["iam:*AccessKey*", "iam:*ServiceSpecificCredential*", "iam:GetUser"],
                           f"{ARN}:user/${{aws:username}}"))
ALL = allow(statement("*"))


def refused(call):
    """(code, message, HTTP status) of a call that must fail."""
    with pytest.raises(ClientError) as caught:
        call()
    response = caught.value.response
    return response["Error"]["Code"], response["Error"]["Message"], response["ResponseMetadata"]["HTTPStatusCode"]


def admin_state(box):
    iam = admin(box)
    keys = iam.list_access_keys(UserName=ADMIN)["AccessKeyMetadata"]
    credentials = iam.list_service_specific_credentials(UserName=ADMIN)["ServiceSpecificCredentials"]
    return ([(k["AccessKeyId"], k["Status"]) for k in keys], [(c["ServiceSpecificCredentialId"], c["Status"]) for c in credentials])


def role_session(box, name="operator", policy_arn="arn:aws:iam::aws:policy/AdministratorAccess"):
    """An assumed-role session (the admin assumes a role trusting the account)."""
    iam = admin(box)
    arn = iam.create_role(RoleName=name, AssumeRolePolicyDocument=trusting_the_account())["Role"]["Arn"]
    iam.attach_role_policy(RoleName=name, PolicyArn=policy_arn)
    found = admin(box, "sts").assume_role(RoleArn=arn, RoleSessionName="s1")["Credentials"]
    return Credentials(found["AccessKeyId"], found["SecretAccessKey"], found["SessionToken"])


# -- authentication comes first --------------------------------------------------------------------

def test_a_wrong_secret_is_refused_before_anything_runs(fresh):
    key_id, _ = fresh.world.admin_credentials
    iam = session(fresh, aws_access_key_id=key_id, aws_secret_access_key="wrong" * 8).client("iam")
    assert refused(lambda: iam.create_user(UserName="intruder"))[:2] == ("SignatureDoesNotMatch", (
        "The request signature we calculated does not match the signature you provided. Check your AWS "
        "Secret Access Key and signing method. Consult the service documentation for details."))
    assert [u["UserName"] for u in admin(fresh).list_users()["Users"]] == [ADMIN]


def test_what_sts_lets_anyone_ask_needs_no_permission(fresh):
    nobody = user(fresh, "nobody", allow(statement("*", effect="Deny")))
    sts = as_(fresh, nobody, "sts")
    assert sts.get_caller_identity()["Arn"] == f"{ARN}:user/nobody"
    assert sts.get_session_token()["Credentials"]
    assert sts.get_access_key_info(AccessKeyId=fresh.world.admin_credentials[0])["Account"] == ACCOUNT


def test_a_missing_required_parameter_is_a_validation_error(fresh):
    answer = signed(fresh, user(fresh, "nobody", ALL), "Action=CreateUser&Version=2010-05-08")
    assert (answer.status_code, answer.code) == (400, "ValidationError")
    assert ("1 validation error detected: Value null at 'userName' failed to satisfy constraint: "
            "Member must not be null") in answer.text


# -- an operation on "the caller" ------------------------------------------------------------------

def test_a_learner_cannot_touch_the_admins_keys_by_id(fresh):
    admin_key = admin(fresh).create_service_specific_credential(UserName=ADMIN, ServiceName=BEDROCK)
    credential_id = admin_key["ServiceSpecificCredential"]["ServiceSpecificCredentialId"]
    key_id = fresh.world.admin_credentials[0]
    before = admin_state(fresh)
    iam = as_(fresh, user(fresh, "learner", OWN_KEYS))
    for call in (lambda: iam.reset_service_specific_credential(ServiceSpecificCredentialId=credential_id),
                 lambda: iam.update_service_specific_credential(ServiceSpecificCredentialId=credential_id, Status="Inactive"),
                 lambda: iam.delete_service_specific_credential(ServiceSpecificCredentialId=credential_id)):
        assert refused(call) == ("NoSuchEntity", f"The Service Specific Credential with id {credential_id} cannot be found.", 404)
    for call in (lambda: iam.update_access_key(AccessKeyId=key_id, Status="Inactive"),
                 lambda: iam.delete_access_key(AccessKeyId=key_id)):
        assert refused(call) == ("NoSuchEntity", f"The Access Key with id {key_id} cannot be found", 404)
    assert admin_state(fresh) == before


def test_a_learner_manages_its_own_keys_by_id(fresh):
    iam = as_(fresh, user(fresh, "learner", OWN_KEYS))
    made = iam.create_service_specific_credential(UserName="learner", ServiceName=BEDROCK)["ServiceSpecificCredential"]
    credential_id = made["ServiceSpecificCredentialId"]
    assert iam.reset_service_specific_credential(ServiceSpecificCredentialId=credential_id)[
        "ServiceSpecificCredential"]["UserName"] == "learner"
    iam.update_service_specific_credential(ServiceSpecificCredentialId=credential_id, Status="Inactive")
    iam.delete_service_specific_credential(ServiceSpecificCredentialId=credential_id)
    spare = iam.create_access_key()["AccessKey"]
    iam.update_access_key(AccessKeyId=spare["AccessKeyId"], Status="Inactive")
    iam.delete_access_key(AccessKeyId=spare["AccessKeyId"])
    assert len(iam.list_access_keys()["AccessKeyMetadata"]) == 1


def test_an_unknown_id_is_answered_by_moto(fresh):
    iam = as_(fresh, user(fresh, "learner", OWN_KEYS))
    code, message, status = refused(lambda: iam.delete_access_key(AccessKeyId="AKIAIOSFODNN7EXAMPLE"))
    assert (code, status) == ("NoSuchEntity", 404) and "AKIAIOSFODNN7EXAMPLE" in message
    code, message, status = refused(lambda: iam.reset_service_specific_credential(ServiceSpecificCredentialId="ACCA" + "0" * 17))
    assert (code, status) == ("NoSuchEntity", 404)


def test_a_named_user_is_not_the_caller(fresh):
    learner = user(fresh, "learner", OWN_KEYS)
    key_id = learner.access_key
    admin(fresh).update_access_key(UserName="learner", AccessKeyId=key_id, Status="Inactive")
    assert admin(fresh).list_access_keys(UserName="learner")["AccessKeyMetadata"][0]["Status"] == "Inactive"
    credential_id = admin(fresh).create_service_specific_credential(UserName="learner", ServiceName=BEDROCK)[
        "ServiceSpecificCredential"]["ServiceSpecificCredentialId"]
    admin(fresh).delete_service_specific_credential(UserName="learner", ServiceSpecificCredentialId=credential_id)


def test_an_operation_on_the_caller_needs_a_user(fresh):
    iam = as_(fresh, role_session(fresh))
    message = "Must specify userName when calling with non-User credentials"
    assert refused(iam.get_user) == ("ValidationError", message, 400)
    assert refused(lambda: iam.delete_access_key(AccessKeyId=fresh.world.admin_credentials[0])) == ("ValidationError", message, 400)
    assert refused(iam.list_service_specific_credentials) == ("ValidationError", message, 400)
    assert iam.get_user(UserName=ADMIN)["User"]["UserName"] == ADMIN
    assert iam.create_user(UserName="made-by-a-role")["User"]
    admin(fresh).create_service_specific_credential(UserName=ADMIN, ServiceName=BEDROCK)
    every = iam.list_service_specific_credentials(AllUsers=True)["ServiceSpecificCredentials"]
    assert [c["UserName"] for c in every] == [ADMIN]


# -- AssumeRole --------------------------------------------------------------------------------------

def test_a_role_that_does_not_exist_is_access_denied(fresh):
    sts = admin(fresh, "sts")
    role = f"{ARN}:role/none"
    assert refused(lambda: sts.assume_role(RoleArn=role, RoleSessionName="s1")) == ("AccessDenied", (
        f"User: {ARN}:user/{ADMIN} is not authorized to perform: sts:AssumeRole on resource: {role}"), 403)


def test_a_role_that_trusts_someone_else_is_access_denied(fresh):
    role = admin(fresh).create_role(RoleName="theirs", AssumeRolePolicyDocument=json.dumps(allow(
        {"Effect": "Allow", "Principal": {"AWS": f"{ARN}:user/someone"}, "Action": "sts:AssumeRole"})))["Role"]["Arn"]
    assert refused(lambda: admin(fresh, "sts").assume_role(RoleArn=role, RoleSessionName="s1")) == ("AccessDenied", (
        f"User: {ARN}:user/{ADMIN} is not authorized to perform: sts:AssumeRole on resource: {role}"), 403)


def test_a_deny_in_the_trust_policy_wins(fresh):
    role = admin(fresh).create_role(RoleName="denies", AssumeRolePolicyDocument=json.dumps(allow(
        {"Effect": "Allow", "Principal": {"AWS": ACCOUNT}, "Action": "sts:AssumeRole"},
        {"Effect": "Deny", "Principal": {"AWS": f"{ARN}:user/{ADMIN}"}, "Action": "sts:AssumeRole"})))["Role"]["Arn"]
    assert refused(lambda: admin(fresh, "sts").assume_role(RoleArn=role, RoleSessionName="s1"))[0] == "AccessDenied"


def test_being_named_in_the_trust_policy_needs_no_identity_policy(fresh):
    named = user(fresh, "named")
    role = admin(fresh).create_role(RoleName="named", AssumeRolePolicyDocument=json.dumps(allow(
        {"Effect": "Allow", "Principal": {"AWS": f"{ARN}:user/named"}, "Action": "sts:AssumeRole"})))["Role"]["Arn"]
    assert as_(fresh, named, "sts").assume_role(RoleArn=role, RoleSessionName="s1")["Credentials"]


def test_trusting_the_account_needs_an_identity_policy_and_says_why(fresh):
    role = admin(fresh).create_role(RoleName="open", AssumeRolePolicyDocument=trusting_the_account())["Role"]["Arn"]
    code, message, status = refused(lambda: as_(fresh, user(fresh, "nobody"), "sts").assume_role(
        RoleArn=role, RoleSessionName="s1"))
    assert (code, status) == ("AccessDenied", 403)
    assert message == (f"User: {ARN}:user/nobody is not authorized to perform: sts:AssumeRole on resource: {role} "
                       "because no identity-based policy allows the sts:AssumeRole action")


def test_the_trust_policy_sees_the_callers_context(fresh):
    role = admin(fresh).create_role(RoleName="own-name", AssumeRolePolicyDocument=trusting_the_account(Condition={
        "StringEquals": {"sts:RoleSessionName": "${aws:username}"}}))["Role"]["Arn"]
    sts = admin(fresh, "sts")
    assert sts.assume_role(RoleArn=role, RoleSessionName=ADMIN)["Credentials"]
    assert refused(lambda: sts.assume_role(RoleArn=role, RoleSessionName="someone"))[0] == "AccessDenied"


def test_a_session_may_last_as_long_as_the_role_allows_and_no_longer(fresh):
    role = admin(fresh).create_role(RoleName="hour", AssumeRolePolicyDocument=trusting_the_account())["Role"]["Arn"]
    sts = admin(fresh, "sts")
    assert sts.assume_role(RoleArn=role, RoleSessionName="s1", DurationSeconds=3600)["Credentials"]
    assert refused(lambda: sts.assume_role(RoleArn=role, RoleSessionName="s1", DurationSeconds=3601)) == (
        "ValidationError", "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.", 400)
    assert sts.assume_role(RoleArn=role, RoleSessionName="s1")["Credentials"]


# -- what IAM refuses once authorized ------------------------------------------------------------------

def test_over_a_quota_is_limit_exceeded_409_and_a_malformed_policy_400(fresh):
    iam = admin(fresh)
    big = json.dumps(allow(statement("s3:GetObject", [f"arn:aws:s3:::bucket-{i:06d}" for i in range(300)])))
    assert refused(lambda: iam.create_policy(PolicyName="big", PolicyDocument=big)) == (
        "LimitExceeded", "Cannot exceed quota for PolicySize: 6144", 409)
    assert refused(lambda: iam.create_policy(PolicyName="bad", PolicyDocument='{"Statement": "x"}')) == (
        "MalformedPolicyDocument", "Syntax errors in policy.", 400)
    for trust in ({"Statement": [{"Effect": "Allow", "NotPrincipal": {"AWS": ACCOUNT}, "Action": "sts:AssumeRole"}]},
                  {"Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole"}]}):
        assert refused(lambda: iam.create_role(RoleName="bad", AssumeRolePolicyDocument=json.dumps(trust))) == (
            "MalformedPolicyDocument", "Syntax errors in policy.", 400)
    role = iam.create_role(RoleName="r", AssumeRolePolicyDocument=trusting_the_account())["Role"]["Arn"]
    code, message, status = refused(lambda: admin(fresh, "sts").assume_role(
        RoleArn=role, RoleSessionName="s1", Policy=json.dumps(allow(statement("s3:GetObject", "arn:aws:s3:::" + "b" * 2048)))))
    assert (code, status) == ("ValidationError", 400) and "less than or equal to 2048" in message
    assert iam.list_policies(Scope="Local")["Policies"] == []


# -- the layers the guard evaluates ---------------------------------------------------------------------

def test_an_scp_binds_iam_calls_and_assume_role(fresh):
    fresh.organization.set_scps([[ALL, allow(statement(["iam:CreateUser", "sts:AssumeRole"], effect="Deny"))]])
    try:
        assert refused(lambda: admin(fresh).create_user(UserName="blocked"))[:1] == ("AccessDenied",)
        role_arn = admin(fresh).create_role(RoleName="r", AssumeRolePolicyDocument=trusting_the_account())["Role"]["Arn"]
        code, message, _ = refused(lambda: admin(fresh, "sts").assume_role(RoleArn=role_arn, RoleSessionName="s1"))
        assert code == "AccessDenied" and "service control policy" in message
    finally:
        fresh.organization.set_scps(None)
    assert admin(fresh).create_user(UserName="allowed")["User"]


def test_conditions_on_time_read_the_sandbox_clock(fresh):
    """The sandbox lives on 2026-06-01 here (`fresh`): a policy valid until July holds, one from July not."""
    iam = as_(fresh, user(fresh, "timed", allow(
        statement("iam:GetUser", f"{ARN}:user/timed", {"DateLessThan": {"aws:CurrentTime": "2026-07-01T00:00:00Z"}}),
        statement("iam:ListAccessKeys", f"{ARN}:user/timed", {"DateGreaterThan": {"aws:CurrentTime": "2026-07-01T00:00:00Z"}}))))
    assert iam.get_user()["User"]["UserName"] == "timed"
    assert refused(iam.list_access_keys)[0] == "AccessDenied"


def test_the_callers_own_policy_sees_assume_roles_condition_keys(fresh):
    role_arn = admin(fresh).create_role(RoleName="open", AssumeRolePolicyDocument=trusting_the_account())["Role"]["Arn"]
    sts = as_(fresh, user(fresh, "alice", allow(statement("sts:AssumeRole", role_arn, {
        "StringEquals": {"sts:RoleSessionName": "${aws:username}"}}))), "sts")
    assert sts.assume_role(RoleArn=role_arn, RoleSessionName="alice")["Credentials"]
    assert refused(lambda: sts.assume_role(RoleArn=role_arn, RoleSessionName="bob"))[0] == "AccessDenied"
