"""The IAM/STS guard authorizes exactly what moto executes (issue 13), and IAM's input rules.

Each attack is one a least-privilege learner could send: through boto3 where boto3 can say it, as a
raw SigV4-signed request where it cannot (an undeclared parameter, a duplicate, a Path where the
operation takes none). After each attempt the admin's access keys and Bedrock API key are checked
unchanged: the same ids, the same statuses, and the same secrets still working.
"""
import json

import boto3
import pytest
import requests
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from helpers.policy.examples import ALLOW_ALL

from .conftest import client, converses, error_of, key_user

ACCOUNT = "111122223333"
ADMIN = "workbook-admin"
ADMIN_ARN = f"arn:aws:iam::{ACCOUNT}:user/{ADMIN}"
IAM_URL = "https://iam.amazonaws.com/"
BEDROCK = "bedrock.amazonaws.com"


def allow(*statements):
    return {"Version": "2012-10-17", "Statement": list(statements)}


def statement(action, resource, condition=None, effect="Allow"):
    found = {"Effect": effect, "Action": action, "Resource": resource}
    if condition:
        found["Condition"] = condition
    return found


OWN_KEYS = allow(statement(["iam:*AccessKey*", "iam:*ServiceSpecificCredential*", "iam:GetUser"],
                           f"arn:aws:iam::{ACCOUNT}:user/${{aws:username}}"))


def as_user(provider, service="iam", region="us-west-2"):
    credentials = provider.load()
    return boto3.Session(aws_access_key_id=credentials.access_key, aws_secret_access_key=credentials.secret_key,
                         region_name=region).client(service)


def signed(provider, body, query="", service="iam", url=IAM_URL, content_type="application/x-www-form-urlencoded"):
    """A raw SigV4-signed query request (botocore's signer, sent with requests): the parsed answer."""
    credentials = provider.load()
    full = url + (f"?{query}" if query else "")
    request = AWSRequest("POST", full, data=body, headers={"Content-Type": content_type})
    SigV4Auth(Credentials(credentials.access_key, credentials.secret_key), service, "us-east-1").add_auth(request)
    return requests.post(full, data=body, headers=dict(request.headers), timeout=10)


def code_of(answer):
    text = answer.text
    return text.split("<Code>")[1].split("</Code>")[0] if "<Code>" in text else None


def codes(call):
    error = error_of(call)
    return error["Error"]["Code"], error["Error"]["Message"]


@pytest.fixture
def admin(fresh):
    """The admin's credentials as they stand: checked unchanged after the test's attacks."""
    iam = client("iam")
    key = iam.create_service_specific_credential(UserName=ADMIN, ServiceName=BEDROCK)["ServiceSpecificCredential"]
    before = _state(iam)
    yield key
    assert _state(iam) == before, "the admin's keys changed"
    assert converses(key["ServiceCredentialSecret"]), "the admin's Bedrock key stopped working"
    assert client("sts").get_caller_identity()["Arn"] == ADMIN_ARN, "the admin's access key stopped working"


def _state(iam):
    keys = iam.list_access_keys(UserName=ADMIN)["AccessKeyMetadata"]
    credentials = iam.list_service_specific_credentials(UserName=ADMIN)["ServiceSpecificCredentials"]
    return ([(k["AccessKeyId"], k["Status"]) for k in keys],
            [(c["ServiceSpecificCredentialId"], c["Status"]) for c in credentials])


def admin_key_id(fresh):
    return fresh.world.admin_credentials[0]


# -- extra entity parameters never change the resource ---------------------------------------------

def test_a_role_name_beside_the_user_name_does_not_move_create_access_key_to_the_role(admin):
    client("iam").create_role(RoleName="mine", AssumeRolePolicyDocument=json.dumps(allow(
        {"Effect": "Allow", "Principal": {"AWS": ACCOUNT}, "Action": "sts:AssumeRole"})))
    learner = key_user("learner", policy=allow(statement("iam:*", f"arn:aws:iam::{ACCOUNT}:role/mine")))
    answer = signed(learner, f"Action=CreateAccessKey&Version=2010-05-08&UserName={ADMIN}&RoleName=mine")
    assert (answer.status_code, code_of(answer)) == (403, "AccessDenied")
    assert f"iam:CreateAccessKey on resource: {ADMIN_ARN}" in answer.text


def test_a_user_name_beside_the_policy_arn_does_not_move_create_policy_version_to_the_user(admin):
    arn = client("iam").create_policy(PolicyName="course", PolicyDocument=json.dumps(allow(
        statement("bedrock:InvokeModel", "*"))))["Policy"]["Arn"]
    learner = key_user("learner", policy=allow(statement("iam:*", f"arn:aws:iam::{ACCOUNT}:user/learner")))
    document = json.dumps(ALLOW_ALL)
    answer = signed(learner, {"Action": "CreatePolicyVersion", "Version": "2010-05-08", "PolicyArn": arn,
                              "PolicyDocument": document, "SetAsDefault": "true", "UserName": "learner"})
    assert (answer.status_code, code_of(answer)) == (403, "AccessDenied")
    assert [v["VersionId"] for v in client("iam").list_policy_versions(PolicyArn=arn)["Versions"]] == ["v1"]


def test_the_group_is_the_resource_of_add_user_to_group(admin):
    client("iam").create_group(GroupName="admins")
    learner = key_user("learner", policy=allow(statement("iam:AddUserToGroup", f"arn:aws:iam::{ACCOUNT}:user/learner")))
    assert codes(lambda: as_user(learner).add_user_to_group(GroupName="admins", UserName="learner"))[0] == "AccessDenied"
    assert client("iam").get_group(GroupName="admins")["Users"] == []


# -- the entity's real path, never the caller's ------------------------------------------------------

STUDENTS = allow(statement("iam:CreateAccessKey", f"arn:aws:iam::{ACCOUNT}:user/students/*"))


def test_a_path_in_the_request_does_not_move_an_existing_user_into_a_path_scoped_policy(admin):
    iam = client("iam")
    iam.create_user(UserName="ops-admin", Path="/admins/")
    iam.create_user(UserName="student-1", Path="/students/")
    helpdesk = key_user("helpdesk", policy=STUDENTS)
    answer = signed(helpdesk, "Action=CreateAccessKey&Version=2010-05-08&UserName=ops-admin&Path=/students/")
    assert (answer.status_code, code_of(answer)) == (403, "AccessDenied")
    assert f"on resource: arn:aws:iam::{ACCOUNT}:user/admins/ops-admin" in answer.text
    assert iam.list_access_keys(UserName="ops-admin")["AccessKeyMetadata"] == []
    made = as_user(helpdesk).create_access_key(UserName="student-1")["AccessKey"]  # the path policy still works
    assert made["UserName"] == "student-1"


def test_create_user_is_authorized_on_the_new_users_path(admin):
    helpdesk = key_user("helpdesk", policy=allow(statement("iam:CreateUser", f"arn:aws:iam::{ACCOUNT}:user/students/*")))
    assert as_user(helpdesk).create_user(UserName="student-2", Path="/students/")["User"]["Path"] == "/students/"
    assert codes(lambda: as_user(helpdesk).create_user(UserName="admin-2", Path="/admins/"))[0] == "AccessDenied"


# -- duplicate parameters: the guard reads the value moto takes ------------------------------------

def test_a_duplicate_user_name_is_read_as_moto_reads_it(admin):
    learner = key_user("learner", policy=OWN_KEYS)
    for query, body in ((f"UserName={ADMIN}", "Action=CreateAccessKey&Version=2010-05-08&UserName=learner"),
                        ("", f"Action=CreateAccessKey&Version=2010-05-08&UserName={ADMIN}&UserName=learner")):
        answer = signed(learner, body, query)
        assert (answer.status_code, code_of(answer)) == (403, "AccessDenied"), answer.text
    answer = signed(learner, f"Action=CreateAccessKey&Version=2010-05-08&UserName=learner&UserName={ADMIN}")
    assert answer.status_code == 200 and "<UserName>learner</UserName>" in answer.text


# -- a missing UserName means the caller ------------------------------------------------------------

def test_without_a_user_name_a_learner_cannot_touch_the_admins_bedrock_key(admin):
    iam = as_user(key_user("learner", policy=OWN_KEYS))
    admin_id = admin["ServiceSpecificCredentialId"]
    for call in (lambda: iam.reset_service_specific_credential(ServiceSpecificCredentialId=admin_id),
                 lambda: iam.update_service_specific_credential(ServiceSpecificCredentialId=admin_id, Status="Inactive"),
                 lambda: iam.delete_service_specific_credential(ServiceSpecificCredentialId=admin_id)):
        code, message = codes(call)
        assert code == "NoSuchEntity"
        assert message == f"The Service Specific Credential with id {admin_id} cannot be found."


def test_without_a_user_name_a_learner_cannot_touch_the_admins_access_key(admin, fresh):
    iam = as_user(key_user("learner", policy=OWN_KEYS))
    key_id = admin_key_id(fresh)
    for call in (lambda: iam.update_access_key(AccessKeyId=key_id, Status="Inactive"),
                 lambda: iam.delete_access_key(AccessKeyId=key_id)):
        assert codes(call) == ("NoSuchEntity", f"The Access Key with id {key_id} cannot be found")


def test_without_a_user_name_a_learner_manages_its_own_keys(admin):
    learner = key_user("learner", policy=OWN_KEYS)
    iam = as_user(learner)
    made = iam.create_service_specific_credential(UserName="learner", ServiceName=BEDROCK)["ServiceSpecificCredential"]
    reset = iam.reset_service_specific_credential(ServiceSpecificCredentialId=made["ServiceSpecificCredentialId"])
    assert reset["ServiceSpecificCredential"]["UserName"] == "learner"
    iam.delete_service_specific_credential(ServiceSpecificCredentialId=made["ServiceSpecificCredentialId"])
    spare = iam.create_access_key()["AccessKey"]
    assert spare["UserName"] == "learner"
    iam.delete_access_key(AccessKeyId=spare["AccessKeyId"])


def test_an_empty_user_name_is_a_validation_error_not_the_keys_owner(admin, fresh):
    learner = key_user("learner", policy=allow(statement("iam:DeleteAccessKey", f"arn:aws:iam::{ACCOUNT}:user/*")))
    answer = signed(learner, f"Action=DeleteAccessKey&Version=2010-05-08&UserName=&AccessKeyId={admin_key_id(fresh)}")
    assert (answer.status_code, code_of(answer)) == (400, "ValidationError")
    assert "Value '' at 'userName' failed to satisfy constraint: Member must have length greater than or equal to 1" \
        in answer.text


# -- ListServiceSpecificCredentials AllUsers -------------------------------------------------------

def test_all_users_needs_the_right_on_every_user_and_pages_across_the_account(admin):
    learner = key_user("learner", policy=OWN_KEYS)
    assert codes(lambda: as_user(learner).list_service_specific_credentials(AllUsers=True))[0] == "AccessDenied"
    iam = client("iam")
    iam.create_service_specific_credential(UserName="learner", ServiceName=BEDROCK)
    everyone = iam.list_service_specific_credentials(AllUsers=True)["ServiceSpecificCredentials"]
    assert sorted(c["UserName"] for c in everyone) == ["learner", ADMIN]
    first = iam.list_service_specific_credentials(AllUsers=True, MaxItems=1)  # botocore has no paginator for it
    second = iam.list_service_specific_credentials(AllUsers=True, MaxItems=1, Marker=first["Marker"])
    assert first["IsTruncated"] and not second["IsTruncated"] and "Marker" not in second
    assert [c["UserName"] for c in first["ServiceSpecificCredentials"] + second["ServiceSpecificCredentials"]] == \
        sorted(c["UserName"] for c in everyone)
    auditor = key_user("auditor", policy=allow(statement("iam:ListServiceSpecificCredentials",
                                                         f"arn:aws:iam::{ACCOUNT}:user/*")))
    assert len(as_user(auditor).list_service_specific_credentials(AllUsers=True)["ServiceSpecificCredentials"]) == 2
    assert codes(lambda: iam.list_service_specific_credentials(AllUsers=True, UserName="learner"))[0] == "ValidationError"


# -- trust policies --------------------------------------------------------------------------------

def test_not_principal_in_a_trust_policy_is_refused_when_written(admin):
    document = allow({"Effect": "Allow", "Principal": {"AWS": ACCOUNT}, "Action": "sts:AssumeRole"},
                     {"Effect": "Deny", "NotPrincipal": {"AWS": [ADMIN_ARN, f"arn:aws:iam::{ACCOUNT}:root"]},
                      "Action": "sts:AssumeRole"})
    assert codes(lambda: client("iam").create_role(RoleName="admins-only", AssumeRolePolicyDocument=json.dumps(
        document))) == ("MalformedPolicyDocument", "Syntax errors in policy.")
    assert codes(lambda: client("iam").get_role(RoleName="admins-only"))[0] == "NoSuchEntity"


def test_a_trust_policy_trusting_everyone_still_needs_an_identity_policy(admin):
    role = client("iam").create_role(RoleName="open", AssumeRolePolicyDocument=json.dumps(allow(
        {"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole"})))["Role"]["Arn"]
    assert codes(lambda: as_user(key_user("nobody", policy=OWN_KEYS), "sts").assume_role(
        RoleArn=role, RoleSessionName="s1"))[0] == "AccessDenied"
    allowed = key_user("may", policy=allow(statement("sts:AssumeRole", role)))
    assert as_user(allowed, "sts").assume_role(RoleArn=role, RoleSessionName="s1")["Credentials"]


def test_role_session_name_is_a_condition_key(admin):
    role = client("iam").create_role(RoleName="named", AssumeRolePolicyDocument=json.dumps(allow(
        {"Effect": "Allow", "Principal": {"AWS": ACCOUNT}, "Action": "sts:AssumeRole",
         "Condition": {"StringEquals": {"sts:RoleSessionName": "${aws:username}"}}})))["Role"]["Arn"]
    sts = as_user(key_user("alice", policy=allow(statement("sts:AssumeRole", role))), "sts")
    assert sts.assume_role(RoleArn=role, RoleSessionName="alice")["Credentials"]
    assert codes(lambda: sts.assume_role(RoleArn=role, RoleSessionName="bob"))[0] == "AccessDenied"


def test_a_session_longer_than_the_roles_maximum_is_refused(admin):
    role = client("iam").create_role(RoleName="hour", AssumeRolePolicyDocument=json.dumps(allow(
        {"Effect": "Allow", "Principal": {"AWS": ACCOUNT}, "Action": "sts:AssumeRole"})))["Role"]["Arn"]
    sts = client("sts")
    assert codes(lambda: sts.assume_role(RoleArn=role, RoleSessionName="s1", DurationSeconds=43200)) == (
        "ValidationError", "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.")
    assert sts.assume_role(RoleArn=role, RoleSessionName="s1", DurationSeconds=3600)["Credentials"]
    client("iam").update_role(RoleName="hour", MaxSessionDuration=43200)
    assert sts.assume_role(RoleArn=role, RoleSessionName="s1", DurationSeconds=43200)["Credentials"]


# -- permissions boundaries and iam:PolicyARN -----------------------------------------------------

def test_a_user_created_with_a_boundary_keeps_it_and_is_held_to_it(admin):
    iam = client("iam")
    boundary = iam.create_policy(PolicyName="bedrock-only", PolicyDocument=json.dumps(allow(
        statement("bedrock:*", "*"))))["Policy"]["Arn"]
    helpdesk = key_user("helpdesk", policy=allow(
        statement("iam:CreateUser", "*", {"StringEquals": {"iam:PermissionsBoundary": boundary}})))
    assert codes(lambda: as_user(helpdesk).create_user(UserName="free"))[0] == "AccessDenied"
    as_user(helpdesk).create_user(UserName="bounded", PermissionsBoundary=boundary)
    assert iam.get_user(UserName="bounded")["User"]["PermissionsBoundary"]["PermissionsBoundaryArn"] == boundary
    iam.put_user_policy(UserName="bounded", PolicyName="all", PolicyDocument=json.dumps(ALLOW_ALL))
    key = iam.create_access_key(UserName="bounded")["AccessKey"]
    bounded = boto3.Session(aws_access_key_id=key["AccessKeyId"], aws_secret_access_key=key["SecretAccessKey"],
                            region_name="us-west-2").client("iam")
    assert codes(lambda: bounded.create_access_key(UserName=ADMIN))[0] == "AccessDenied"
    iam.delete_user_permissions_boundary(UserName="bounded")
    assert "PermissionsBoundary" not in iam.get_user(UserName="bounded")["User"]


def test_attach_is_limited_by_the_policy_arn_condition_key(admin):
    iam = client("iam")
    mine = iam.create_policy(PolicyName="mine", PolicyDocument=json.dumps(allow(statement("bedrock:*", "*"))))["Policy"]["Arn"]
    learner = as_user(key_user("learner", policy=allow(statement(
        "iam:AttachUserPolicy", f"arn:aws:iam::{ACCOUNT}:user/learner", {"ArnEquals": {"iam:PolicyARN": mine}}))))
    learner.attach_user_policy(UserName="learner", PolicyArn=mine)
    code, message = codes(lambda: learner.attach_user_policy(
        UserName="learner", PolicyArn="arn:aws:iam::aws:policy/AdministratorAccess"))
    assert code == "AccessDenied" and "iam:AttachUserPolicy" in message


# -- malformed policies, refused when written ------------------------------------------------------

MALFORMED = {
    "a Statement that is a string": '{"Version": "2012-10-17", "Statement": "Allow everything"}',
    "an unknown condition operator": json.dumps(allow(statement("s3:*", "*", {"StringEqualsPlease": {"aws:username": "x"}}))),
    "a lone surrogate": '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", '
                        '"Resource": "arn:aws:s3:::\\ud800"}]}',
    "a NUL": '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::a\\u0000"}]}',
}


@pytest.mark.parametrize("document", MALFORMED.values(), ids=MALFORMED.keys())
def test_a_malformed_identity_policy_is_refused(admin, document):
    iam = client("iam")
    for call in (lambda: iam.put_user_policy(UserName=ADMIN, PolicyName="bad", PolicyDocument=document),
                 lambda: iam.create_policy(PolicyName="bad", PolicyDocument=document)):
        assert codes(call) == ("MalformedPolicyDocument", "Syntax errors in policy.")
    assert iam.list_user_policies(UserName=ADMIN)["PolicyNames"] == []


def trust_with(**extra):
    return json.dumps(allow({"Effect": "Allow", "Principal": {"AWS": ACCOUNT}, "Action": "sts:AssumeRole", **extra}))


MALFORMED_TRUST = {
    "a Statement that is a string": '{"Version": "2012-10-17", "Statement": "trust everyone"}',
    "an unknown condition operator": trust_with(Condition={"StringEqualsPlease": {"sts:ExternalId": "x"}}),
    "a lone surrogate": trust_with(Condition={"StringEquals": {"sts:ExternalId": "\ud800"}}),
    "a NUL": trust_with(Condition={"StringEquals": {"sts:ExternalId": "\u0000"}}),
    "no Principal": json.dumps(allow({"Effect": "Allow", "Action": "sts:AssumeRole"})),
}


@pytest.mark.parametrize("document", MALFORMED_TRUST.values(), ids=MALFORMED_TRUST.keys())
def test_a_malformed_trust_policy_is_refused(admin, document):
    iam = client("iam")
    assert codes(lambda: iam.create_role(RoleName="bad", AssumeRolePolicyDocument=document)) == (
        "MalformedPolicyDocument", "Syntax errors in policy.")
    iam.create_role(RoleName="good", AssumeRolePolicyDocument=trust_with())
    assert codes(lambda: iam.update_assume_role_policy(RoleName="good", PolicyDocument=document))[0] == \
        "MalformedPolicyDocument"
    assert json.loads(json.dumps(iam.get_role(RoleName="good")["Role"]["AssumeRolePolicyDocument"])) == json.loads(trust_with())


@pytest.mark.parametrize("document", MALFORMED.values(), ids=MALFORMED.keys())
def test_a_malformed_session_policy_is_refused(admin, document):
    role = client("iam").create_role(RoleName="good", AssumeRolePolicyDocument=trust_with())["Role"]["Arn"]
    assert codes(lambda: client("sts").assume_role(RoleArn=role, RoleSessionName="s1", Policy=document)) == (
        "MalformedPolicyDocument", "Syntax errors in policy.")


# -- quotas ----------------------------------------------------------------------------------------

def big(characters):
    return json.dumps(allow(statement("s3:GetObject", [f"arn:aws:s3:::bucket-{i:06d}" for i in range(characters // 30)])))


def test_a_new_policy_version_is_held_to_the_managed_policy_quota(admin):
    iam = client("iam")
    arn = iam.create_policy(PolicyName="growing", PolicyDocument=big(100))["Policy"]["Arn"]
    assert iam.create_policy_version(PolicyArn=arn, PolicyDocument=big(6000))["PolicyVersion"]
    assert codes(lambda: iam.create_policy_version(PolicyArn=arn, PolicyDocument=big(6400))) == (
        "LimitExceeded", "Cannot exceed quota for PolicySize: 6144")


def test_a_session_policy_is_held_to_2048_characters(admin):
    role = client("iam").create_role(RoleName="sessions", AssumeRolePolicyDocument=json.dumps(allow(
        {"Effect": "Allow", "Principal": {"AWS": ACCOUNT}, "Action": "sts:AssumeRole"})))["Role"]["Arn"]
    sts = client("sts")
    fits = json.dumps(allow(statement("s3:GetObject", "arn:aws:s3:::" + "b" * 1900)))
    assert len(fits) <= 2048 and sts.assume_role(RoleArn=role, RoleSessionName="s1", Policy=fits)["Credentials"]
    over = json.dumps(allow(statement("s3:GetObject", "arn:aws:s3:::" + "b" * 2048)))
    code, message = codes(lambda: sts.assume_role(RoleArn=role, RoleSessionName="s1", Policy=over))
    assert code == "ValidationError" and "Member must have length less than or equal to 2048" in message


# -- IAM's name rules ------------------------------------------------------------------------------

@pytest.mark.parametrize("call, field, rule", [
    (lambda iam: iam.create_user(UserName="u" * 65), "userName", "Member must have length less than or equal to 64"),
    (lambda iam: iam.create_user(UserName="wbé"), "userName", "Member must satisfy regular expression pattern: [\\w+=,.@-]+"),
    (lambda iam: iam.create_user(UserName="a b"), "userName", "Member must satisfy regular expression pattern: [\\w+=,.@-]+"),
    (lambda iam: iam.create_role(RoleName="r" * 65, AssumeRolePolicyDocument="{}"), "roleName",
     "Member must have length less than or equal to 64"),
    (lambda iam: iam.create_policy(PolicyName="p" * 129, PolicyDocument="{}"), "policyName",
     "Member must have length less than or equal to 128"),
])
def test_names_follow_iams_rules(admin, call, field, rule):
    code, message = codes(lambda: call(client("iam")))
    assert code == "ValidationError"
    assert f"' at '{field}' failed to satisfy constraint: {rule}" in message
    assert message.startswith("1 validation error detected: Value '")


def test_names_at_the_limits_are_accepted(admin):
    iam = client("iam")
    assert iam.create_user(UserName="u" * 64)["User"]
    assert iam.create_user(UserName="a_b+c=d,e.f@g-h")["User"]
    assert iam.create_policy(PolicyName="p" * 128, PolicyDocument=json.dumps(ALLOW_ALL))["Policy"]


def exactly(characters, action="s3:GetObject"):
    """A compact policy document of exactly `characters` characters (none of them white space)."""
    document = allow(statement(action, "arn:aws:s3:::"))
    bare = len(json.dumps(document, separators=(",", ":")))
    document["Statement"][0]["Resource"] += "b" * (characters - bare)
    text = json.dumps(document, separators=(",", ":"))
    assert len(text) == characters
    return text


@pytest.mark.parametrize("put, quota", [
    (lambda iam, text: iam.put_user_policy(UserName=ADMIN, PolicyName="p", PolicyDocument=text), 2048),
    (lambda iam, text: iam.put_group_policy(GroupName="g", PolicyName="p", PolicyDocument=text), 5120),
    (lambda iam, text: iam.put_role_policy(RoleName="r", PolicyName="p", PolicyDocument=text), 10240),
], ids=["user", "group", "role"])
def test_inline_quotas_hold_at_their_exact_limits(admin, put, quota):
    iam = client("iam")
    iam.create_group(GroupName="g")
    iam.create_role(RoleName="r", AssumeRolePolicyDocument=trust_with())
    kind, name = {2048: ("user", ADMIN), 5120: ("group", "g"), 10240: ("role", "r")}[quota]
    assert codes(lambda: put(iam, exactly(quota + 1))) == (
        "LimitExceeded", f"Maximum policy size of {quota} bytes exceeded for {kind} {name}")
    put(iam, exactly(quota))
    spaced = exactly(quota).replace(",", ", ")  # white space is not counted
    put(iam, spaced)


def test_the_managed_policy_and_trust_quotas_hold_at_their_exact_limits(admin):
    iam = client("iam")
    assert iam.create_policy(PolicyName="fits", PolicyDocument=exactly(6144))["Policy"]
    assert codes(lambda: iam.create_policy(PolicyName="over", PolicyDocument=exactly(6145)))[0] == "LimitExceeded"
    trust = json.loads(trust_with())
    trust["Statement"][0]["Condition"] = {"StringEquals": {"sts:ExternalId": ""}}
    bare = len(json.dumps(trust, separators=(",", ":")))
    trust["Statement"][0]["Condition"]["StringEquals"]["sts:ExternalId"] = "x" * (2048 - bare)
    fits = json.dumps(trust, separators=(",", ":"))
    over = fits.replace('"x', '"xx')
    iam.create_role(RoleName="fits", AssumeRolePolicyDocument=fits)
    iam.update_assume_role_policy(RoleName="fits", PolicyDocument=fits)
    for call in (lambda: iam.create_role(RoleName="over", AssumeRolePolicyDocument=over),
                 lambda: iam.update_assume_role_policy(RoleName="fits", PolicyDocument=over)):
        assert codes(call) == ("LimitExceeded", "Cannot exceed quota for ACLSizePerRole: 2048")


def test_the_session_policy_quota_holds_at_its_exact_limit(admin):
    role = client("iam").create_role(RoleName="sessions", AssumeRolePolicyDocument=trust_with())["Role"]["Arn"]
    sts = client("sts")
    assert sts.assume_role(RoleArn=role, RoleSessionName="s1", Policy=exactly(2048))["Credentials"]
    assert codes(lambda: sts.assume_role(RoleArn=role, RoleSessionName="s1", Policy=exactly(2049))) == (
        "ValidationError", "1 validation error detected: Value at 'policy' failed to satisfy constraint: "
                           "Member must have length less than or equal to 2048")


def test_a_policy_for_a_missing_user_is_no_such_entity_at_the_quota(admin):
    code, _ = codes(lambda: client("iam").put_user_policy(UserName="nobody", PolicyName="p", PolicyDocument=exactly(2048)))
    assert code == "NoSuchEntity"


def test_what_sts_lets_anyone_ask_needs_no_permission(admin, fresh):
    nobody = key_user("nobody", policy=allow(statement("*", "*", effect="Deny")))
    sts = as_user(nobody, "sts")
    assert sts.get_caller_identity()["Arn"].endswith(":user/nobody")
    assert sts.get_session_token()["Credentials"]
    assert sts.get_access_key_info(AccessKeyId=admin_key_id(fresh))["Account"] == ACCOUNT
    assert codes(lambda: sts.assume_role(RoleArn=f"arn:aws:iam::{ACCOUNT}:role/none", RoleSessionName="s1"))[0] == \
        "AccessDenied"


# -- one resource per operation, for each kind -----------------------------------------------------

def test_the_instance_profile_is_the_resource_of_add_role_to_instance_profile(admin):
    iam = client("iam")
    iam.create_role(RoleName="app", AssumeRolePolicyDocument=trust_with())
    iam.create_instance_profile(InstanceProfileName="box")
    on_role = as_user(key_user("on-role", policy=allow(statement("iam:AddRoleToInstanceProfile",
                                                                  f"arn:aws:iam::{ACCOUNT}:role/app"))))
    assert codes(lambda: on_role.add_role_to_instance_profile(InstanceProfileName="box", RoleName="app"))[0] == "AccessDenied"
    on_profile = as_user(key_user("on-profile", policy=allow(statement(
        "iam:AddRoleToInstanceProfile", f"arn:aws:iam::{ACCOUNT}:instance-profile/box"))))
    on_profile.add_role_to_instance_profile(InstanceProfileName="box", RoleName="app")


def test_identity_provider_arns_are_their_operations_resources(admin):
    iam = client("iam")
    iam.put_user_policy(UserName=ADMIN, PolicyName="NoProviders", PolicyDocument=json.dumps(allow(
        statement("iam:*", [f"arn:aws:iam::{ACCOUNT}:oidc-provider/*", f"arn:aws:iam::{ACCOUNT}:saml-provider/*"],
                  effect="Deny"))))
    assert codes(lambda: iam.get_open_id_connect_provider(
        OpenIDConnectProviderArn=f"arn:aws:iam::{ACCOUNT}:oidc-provider/example.com"))[0] == "AccessDenied"
    assert codes(lambda: iam.get_saml_provider(
        SAMLProviderArn=f"arn:aws:iam::{ACCOUNT}:saml-provider/corp"))[0] == "AccessDenied"
    iam.delete_user_policy(UserName=ADMIN, PolicyName="NoProviders")
    assert codes(lambda: iam.get_open_id_connect_provider(
        OpenIDConnectProviderArn=f"arn:aws:iam::{ACCOUNT}:oidc-provider/example.com"))[0] == "NoSuchEntity"


def test_create_policy_is_authorized_on_the_new_policys_path(admin):
    author = as_user(key_user("author", policy=allow(statement("iam:CreatePolicy", f"arn:aws:iam::{ACCOUNT}:policy/course/*"))))
    document = json.dumps(allow(statement("bedrock:InvokeModel", "*")))
    assert author.create_policy(PolicyName="ok", Path="/course/", PolicyDocument=document)["Policy"]["Path"] == "/course/"
    assert codes(lambda: author.create_policy(PolicyName="no", PolicyDocument=document))[0] == "AccessDenied"


@pytest.mark.parametrize("allowed, kind", [("ListUsers", "user"), ("ListRoles", "role"), ("ListGroups", "group"),
                                           ("ListPolicies", "policy")])
def test_each_list_operation_is_on_its_own_kind(admin, allowed, kind):
    iam = as_user(key_user("lister", policy=allow(statement("iam:List*", f"arn:aws:iam::{ACCOUNT}:{kind}/*"))))
    calls = {"ListUsers": iam.list_users, "ListRoles": iam.list_roles, "ListGroups": iam.list_groups,
             "ListPolicies": iam.list_policies}
    for name, call in calls.items():
        if name == allowed:
            call()
        else:
            assert codes(call)[0] == "AccessDenied", name


def test_get_federation_token_is_on_the_federated_user(admin):
    sts = as_user(key_user("broker", policy=allow(statement("sts:GetFederationToken",
                                                            f"arn:aws:sts::{ACCOUNT}:federated-user/alice-*"))), "sts")
    assert sts.get_federation_token(Name="alice-1")["Credentials"]
    assert codes(lambda: sts.get_federation_token(Name="bob"))[0] == "AccessDenied"


def test_a_parameter_moto_cannot_read_is_malformed_query_string(admin):
    answer = signed(key_user("learner", policy=OWN_KEYS), "Action=AssumeRole&Version=2011-06-15&RoleSessionName=s1"
                    f"&RoleArn=arn:aws:iam::{ACCOUNT}:role/x&DurationSeconds=an-hour", service="sts",
                    url="https://sts.us-east-1.amazonaws.com/")
    assert (answer.status_code, code_of(answer)) == (400, "MalformedQueryString")


def test_a_trust_policy_with_one_statement_object_trusts(admin):
    document = {"Statement": {"Effect": "Allow", "Principal": {"AWS": ADMIN_ARN}, "Action": "sts:AssumeRole"}}
    role = client("iam").create_role(RoleName="single", AssumeRolePolicyDocument=json.dumps(document))["Role"]["Arn"]
    assert client("sts").assume_role(RoleArn=role, RoleSessionName="s1")["Credentials"]


def test_a_later_trust_statement_is_read_when_an_earlier_one_names_someone_else(admin):
    document = allow({"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:user/someone"}, "Action": "sts:AssumeRole"},
                     {"Effect": "Allow", "Principal": {"AWS": ADMIN_ARN}, "Action": "sts:AssumeRole"})
    role = client("iam").create_role(RoleName="second", AssumeRolePolicyDocument=json.dumps(document))["Role"]["Arn"]
    assert client("sts").assume_role(RoleArn=role, RoleSessionName="s1")["Credentials"]


def test_being_named_by_arn_is_kept_when_a_later_statement_trusts_the_account(admin):
    user = key_user("named", policy=allow(statement("bedrock:*", "*")))  # nothing allows sts:AssumeRole
    document = allow({"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:user/named"}, "Action": "sts:AssumeRole"},
                     {"Effect": "Allow", "Principal": {"AWS": ACCOUNT}, "Action": "sts:AssumeRole"})
    role = client("iam").create_role(RoleName="both", AssumeRolePolicyDocument=json.dumps(document))["Role"]["Arn"]
    assert as_user(user, "sts").assume_role(RoleArn=role, RoleSessionName="s1")["Credentials"]
