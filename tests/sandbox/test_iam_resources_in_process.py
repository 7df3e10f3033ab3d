"""Which resource and condition keys the IAM/STS guard authorizes each request on (`iam_requests.py`).

Each call is a real boto3 call (or a raw SigV4-signed request where boto3 cannot say it) answered
by the sandbox's app in-process (`in_process.py`): the same parser, guard and moto as over the
proxy, fast enough for the mutation tests (MUTATION.md). The resource is read from the refusal's
own words ("... on resource: <arn> because ..."), as a learner reads it.
"""
import json
import re

import pytest
from botocore.credentials import Credentials
from botocore.exceptions import ClientError

from .in_process import session, signed

ACCOUNT = "111122223333"
ARN = f"arn:aws:iam::{ACCOUNT}"
BEDROCK = "bedrock.amazonaws.com"
NOTHING_ON_IAM = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "bedrock:*", "Resource": "*"}]}


def allow(*statements):
    return {"Version": "2012-10-17", "Statement": list(statements)}


def statement(action, resource="*", condition=None, effect="Allow"):
    found = {"Effect": effect, "Action": action, "Resource": resource}
    if condition:
        found["Condition"] = condition
    return found


def trusting_the_account(**extra):
    return json.dumps(allow({"Effect": "Allow", "Principal": {"AWS": ACCOUNT}, "Action": "sts:AssumeRole", **extra}))


def admin(box, service="iam"):
    return session(box).client(service)


def user(box, name, policy=NOTHING_ON_IAM, path="/"):
    """A new IAM user whose one inline policy is `policy`: its access key."""
    iam = admin(box)
    iam.create_user(UserName=name, Path=path)
    iam.put_user_policy(UserName=name, PolicyName="only", PolicyDocument=json.dumps(policy))
    key = iam.create_access_key(UserName=name)["AccessKey"]
    return Credentials(key["AccessKeyId"], key["SecretAccessKey"])


def as_(box, credentials, service="iam"):
    return session(box, aws_access_key_id=credentials.access_key, aws_secret_access_key=credentials.secret_key,
                   aws_session_token=credentials.token).client(service)


def error(call):
    with pytest.raises(ClientError) as caught:
        call()
    return caught.value.response["Error"]["Code"], caught.value.response["Error"]["Message"]


def denied_on(call):
    """The resource an AccessDenied names."""
    code, message = error(call)
    assert code == "AccessDenied", message
    return re.search(r" on resource: (\S+)", message)[1]


@pytest.fixture
def box(fresh):
    """The sandbox, reset, with a few entities on their own paths (two of each kind, so an entity
    found by the wrong name shows in its path)."""
    iam = admin(fresh)
    for kind, make in (("role", lambda n, p: iam.create_role(RoleName=n, Path=p, AssumeRolePolicyDocument=trusting_the_account())),
                       ("group", lambda n, p: iam.create_group(GroupName=n, Path=p)),
                       ("profile", lambda n, p: iam.create_instance_profile(InstanceProfileName=n, Path=p)),
                       ("person", lambda n, p: iam.create_user(UserName=n, Path=p))):
        make(f"{kind}-a", f"/{kind}s-a/")
        make(f"{kind}-b", f"/{kind}s-b/")
    return fresh


def test_an_existing_entity_is_the_resource_at_its_real_path(box):
    iam = as_(box, user(box, "nobody"))
    expected = {
        "get_role": (dict(RoleName="role-b"), f"{ARN}:role/roles-b/role-b"),
        "get_group": (dict(GroupName="group-b"), f"{ARN}:group/groups-b/group-b"),
        "get_instance_profile": (dict(InstanceProfileName="profile-b"), f"{ARN}:instance-profile/profiles-b/profile-b"),
        "get_user": (dict(UserName="person-b"), f"{ARN}:user/persons-b/person-b"),
        "list_access_keys": (dict(UserName="person-a"), f"{ARN}:user/persons-a/person-a"),
    }
    for name, (params, resource) in expected.items():
        assert denied_on(lambda: getattr(iam, name)(**params)) == resource, name


def test_a_missing_entity_is_the_resource_at_the_root_path(box):
    iam = as_(box, user(box, "nobody"))
    assert denied_on(lambda: iam.get_role(RoleName="ghost")) == f"{ARN}:role/ghost"
    assert denied_on(lambda: iam.get_user(UserName="ghost")) == f"{ARN}:user/ghost"


def test_the_operation_fixes_which_named_entity_is_the_resource(box):
    iam = as_(box, user(box, "nobody"))
    managed = f"arn:aws:iam::aws:policy/ReadOnlyAccess"
    cases = [
        (lambda: iam.add_user_to_group(GroupName="group-a", UserName="person-a"), f"{ARN}:group/groups-a/group-a"),
        (lambda: iam.add_role_to_instance_profile(InstanceProfileName="profile-a", RoleName="role-a"),
         f"{ARN}:instance-profile/profiles-a/profile-a"),
        (lambda: iam.attach_role_policy(RoleName="role-a", PolicyArn=managed), f"{ARN}:role/roles-a/role-a"),
        (lambda: iam.attach_user_policy(UserName="person-a", PolicyArn=managed), f"{ARN}:user/persons-a/person-a"),
        (lambda: iam.get_policy(PolicyArn=managed), managed),
        (lambda: iam.get_open_id_connect_provider(OpenIDConnectProviderArn=f"{ARN}:oidc-provider/example.com"),
         f"{ARN}:oidc-provider/example.com"),
        (lambda: iam.get_saml_provider(SAMLProviderArn=f"{ARN}:saml-provider/corp"), f"{ARN}:saml-provider/corp"),
        (lambda: iam.simulate_principal_policy(PolicySourceArn=f"{ARN}:user/persons-a/person-a",
                                               ActionNames=["s3:GetObject"]), f"{ARN}:user/persons-a/person-a"),
        (lambda: iam.get_account_summary(), "*"),
    ]
    for number, (call, resource) in enumerate(cases):
        assert denied_on(call) == resource, number


def test_extra_and_duplicate_parameters_are_read_as_moto_reads_them(box):
    nobody = user(box, "nobody")
    answer = signed(box, nobody, "Action=CreateAccessKey&Version=2010-05-08&UserName=person-a&RoleName=role-b")
    assert (answer.status_code, answer.code) == (403, "AccessDenied")
    assert f"on resource: {ARN}:user/persons-a/person-a " in answer.text
    answer = signed(box, nobody, "Action=CreateAccessKey&Version=2010-05-08&UserName=person-a",
                    query="UserName=person-b")
    assert f"on resource: {ARN}:user/persons-b/person-b " in answer.text
    answer = signed(box, nobody, "Action=CreateAccessKey&Version=2010-05-08&UserName=person-b&Path=/persons-a/")
    assert f"on resource: {ARN}:user/persons-b/person-b " in answer.text


def test_a_create_is_on_the_new_entity_at_the_path_it_asks_for(box):
    iam = as_(box, user(box, "nobody"))
    cases = [
        (lambda: iam.create_user(UserName="n", Path="/new/"), f"{ARN}:user/new/n"),
        (lambda: iam.create_user(UserName="n"), f"{ARN}:user/n"),
        (lambda: iam.create_group(GroupName="n", Path="/new/"), f"{ARN}:group/new/n"),
        (lambda: iam.create_role(RoleName="n", Path="/new/", AssumeRolePolicyDocument=trusting_the_account()),
         f"{ARN}:role/new/n"),
        (lambda: iam.create_instance_profile(InstanceProfileName="n", Path="/new/"), f"{ARN}:instance-profile/new/n"),
        (lambda: iam.create_policy(PolicyName="n", Path="/new/", PolicyDocument=json.dumps(NOTHING_ON_IAM)),
         f"{ARN}:policy/new/n"),
        (lambda: iam.create_policy(PolicyName="n", PolicyDocument=json.dumps(NOTHING_ON_IAM)), f"{ARN}:policy/n"),
    ]
    for number, (call, resource) in enumerate(cases):
        assert denied_on(call) == resource, number


def test_each_list_operation_is_on_its_kind(box):
    iam = as_(box, user(box, "nobody"))
    for call, kind in ((iam.list_users, "user"), (iam.list_roles, "role"), (iam.list_groups, "group"),
                       (iam.list_policies, "policy")):
        assert denied_on(call) == f"{ARN}:{kind}/"


def test_an_operation_on_no_named_user_is_on_the_caller(box):
    iam = as_(box, user(box, "nobody", path="/learners/"))
    me = f"{ARN}:user/learners/nobody"
    calls = {
        "GetUser": iam.get_user, "CreateAccessKey": iam.create_access_key, "ListAccessKeys": iam.list_access_keys,
        "UpdateAccessKey": lambda: iam.update_access_key(AccessKeyId="AKIAIOSFODNN7EXAMPLE", Status="Inactive"),
        "DeleteAccessKey": lambda: iam.delete_access_key(AccessKeyId="AKIAIOSFODNN7EXAMPLE"),
        "ListServiceSpecificCredentials": iam.list_service_specific_credentials,
        "UpdateServiceSpecificCredential": lambda: iam.update_service_specific_credential(
            ServiceSpecificCredentialId="ACCA" + "0" * 17, Status="Inactive"),
        "ResetServiceSpecificCredential": lambda: iam.reset_service_specific_credential(
            ServiceSpecificCredentialId="ACCA" + "0" * 17),
        "DeleteServiceSpecificCredential": lambda: iam.delete_service_specific_credential(
            ServiceSpecificCredentialId="ACCA" + "0" * 17),
        "ListSigningCertificates": iam.list_signing_certificates, "ListSSHPublicKeys": iam.list_ssh_public_keys,
        "ListMFADevices": iam.list_mfa_devices,
    }
    for name, call in calls.items():
        assert denied_on(call) == me, name
    assert denied_on(lambda: iam.list_service_specific_credentials(AllUsers=True)) == f"{ARN}:user/*"


def test_sts_operations_are_on_the_role_the_federated_user_or_everything(box):
    nobody = user(box, "nobody")
    sts = as_(box, nobody, "sts")
    role = f"{ARN}:role/roles-a/role-a"
    assert denied_on(lambda: sts.assume_role(RoleArn=role, RoleSessionName="s1")) == role
    assert denied_on(lambda: sts.get_federation_token(Name="alice")) == f"arn:aws:sts::{ACCOUNT}:federated-user/alice"
    assert denied_on(lambda: sts.decode_authorization_message(EncodedMessage="x")) == "*"


def test_an_unknown_action_is_not_a_parse_failure(box):
    answer = signed(box, user(box, "nobody"), "Action=MakeMeAdmin&Version=2010-05-08")
    assert (answer.status_code, answer.code) == (403, "AccessDenied")
    assert "not authorized to perform: iam:MakeMeAdmin on resource: * " in answer.text


def test_a_request_without_an_action_names_no_action(box):
    answer = signed(box, user(box, "nobody"), "Version=2010-05-08&UserName=person-a")
    assert (answer.status_code, answer.code) == (403, "AccessDenied")
    assert "not authorized to perform: iam: on resource: * " in answer.text


def test_a_value_moto_cannot_read_is_a_malformed_query_string(box):
    answer = signed(box, user(box, "nobody"), "Action=AssumeRole&Version=2011-06-15&RoleSessionName=s1"
                    f"&RoleArn={ARN}:role/x&DurationSeconds=an-hour", service="sts",
                    url="https://sts.us-east-1.amazonaws.com/")
    assert (answer.status_code, answer.code) == (400, "MalformedQueryString")
    assert "The request could not be parsed." in answer.text


# -- condition keys ----------------------------------------------------------------------------------

def test_the_service_name_and_age_of_a_new_bedrock_key_are_condition_keys(box):
    iam = as_(box, user(box, "keys", allow(statement("iam:CreateServiceSpecificCredential", f"{ARN}:user/keys", {
        "StringEquals": {"iam:ServiceSpecificCredentialServiceName": BEDROCK},
        "NumericLessThanEquals": {"iam:ServiceSpecificCredentialAgeDays": "30"}}))))
    made = iam.create_service_specific_credential(UserName="keys", ServiceName=BEDROCK, CredentialAgeDays=30)
    assert made["ServiceSpecificCredential"]["UserName"] == "keys"
    assert error(lambda: iam.create_service_specific_credential(UserName="keys", ServiceName=BEDROCK,
                                                                CredentialAgeDays=31))[0] == "AccessDenied"
    assert error(lambda: iam.create_service_specific_credential(UserName="keys", ServiceName=BEDROCK))[0] == \
        "AccessDenied"  # no age: the key never expires, and the condition's key is absent
    assert error(lambda: iam.create_service_specific_credential(
        UserName="keys", ServiceName="codecommit.amazonaws.com", CredentialAgeDays=30))[0] == "AccessDenied"


def test_a_key_that_never_expires_has_no_age_condition_key(box):
    iam = as_(box, user(box, "keys", allow(statement("iam:CreateServiceSpecificCredential", f"{ARN}:user/keys", {
        "Null": {"iam:ServiceSpecificCredentialAgeDays": "true"}}))))
    assert iam.create_service_specific_credential(UserName="keys", ServiceName=BEDROCK)["ServiceSpecificCredential"]
    assert error(lambda: iam.create_service_specific_credential(UserName="keys", ServiceName=BEDROCK,
                                                                CredentialAgeDays=1))[0] == "AccessDenied"


def test_the_policy_arn_is_a_condition_key_of_attach_and_detach_only(box):
    mine = admin(box).create_policy(PolicyName="mine", PolicyDocument=json.dumps(NOTHING_ON_IAM))["Policy"]["Arn"]
    admins = "arn:aws:iam::aws:policy/AdministratorAccess"
    on_mine = {"ArnEquals": {"iam:PolicyARN": mine}}
    iam = as_(box, user(box, "learner", allow(
        statement(["iam:AttachUserPolicy", "iam:DetachUserPolicy"], f"{ARN}:user/learner", on_mine),
        statement("iam:GetPolicy", "*"),
        statement("iam:GetPolicy", "*", {"Null": {"iam:PolicyARN": "false"}}, effect="Deny"))))
    iam.attach_user_policy(UserName="learner", PolicyArn=mine)
    iam.detach_user_policy(UserName="learner", PolicyArn=mine)
    assert error(lambda: iam.attach_user_policy(UserName="learner", PolicyArn=admins))[0] == "AccessDenied"
    bedrock = "arn:aws:iam::aws:policy/AmazonBedrockLimitedAccess"
    admin(box).attach_user_policy(UserName="learner", PolicyArn=bedrock)
    assert error(lambda: iam.detach_user_policy(UserName="learner", PolicyArn=bedrock))[0] == "AccessDenied"
    assert iam.get_policy(PolicyArn=mine)["Policy"]["Arn"] == mine  # a PolicyArn that is no condition key


def test_the_permissions_boundary_is_a_condition_key(box):
    boundary = admin(box).create_policy(PolicyName="edge", PolicyDocument=json.dumps(NOTHING_ON_IAM))["Policy"]["Arn"]
    iam = as_(box, user(box, "helpdesk", allow(statement("iam:CreateUser", "*", {
        "StringEquals": {"iam:PermissionsBoundary": boundary}}))))
    assert error(lambda: iam.create_user(UserName="free"))[0] == "AccessDenied"
    assert iam.create_user(UserName="bounded", PermissionsBoundary=boundary)["User"]["UserName"] == "bounded"


def test_the_session_name_and_external_id_are_condition_keys_of_assume_role(box):
    role = admin(box).create_role(RoleName="guarded", AssumeRolePolicyDocument=trusting_the_account(Condition={
        "StringEquals": {"sts:ExternalId": "course-42", "sts:RoleSessionName": "${aws:username}"}}))["Role"]["Arn"]
    sts = as_(box, user(box, "alice", allow(statement("sts:AssumeRole", role))), "sts")
    assert sts.assume_role(RoleArn=role, RoleSessionName="alice", ExternalId="course-42")["Credentials"]
    for wrong in (dict(RoleSessionName="bob", ExternalId="course-42"), dict(RoleSessionName="alice", ExternalId="other"),
                  dict(RoleSessionName="alice")):
        assert error(lambda: sts.assume_role(RoleArn=role, **wrong))[0] == "AccessDenied", wrong
