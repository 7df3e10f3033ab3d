"""The sandbox's state as clients see it: reset, the admin, account 111122223333, the AWS managed
policies, which policies decide a call (user, groups, role, boundary, session policies), the clock.

Every policy placement is proved by a Bedrock call that a statement in exactly that place decides,
read from the AccessDenied message AWS words.
"""
import functools
import json
from datetime import datetime, timedelta, timezone
from urllib.parse import quote

import boto3
import requests
from aws_bedrock_token_generator import provide_token
from botocore.exceptions import ClientError

from .conftest import HAIKU, MESSAGES, Static, client, error_of

ACCOUNT = "111122223333"
REGION = "us-west-2"
MISTRAL = "mistral.mistral-7b-instruct-v0:2"
INVALID = "Authentication failed: Please make sure your API Key is valid."
BODY = json.dumps({"messages": MESSAGES}).encode()
TRUST = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}, "Action": "sts:AssumeRole"}]})
HTTP = requests.Session()


@functools.cache
def admin(service):
    """A client of the sandbox admin, made once: the admin's key is the same after every reset."""
    return client(service, REGION)


@functools.cache
def _session():
    """One boto3 session for every principal's clients: its loader reads each service model once."""
    return boto3.Session(region_name=REGION)


def policy(*statements):
    return json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": effect, "Action": action, "Resource": resource} for effect, action, resource in statements]})


def model_arn(model_id):
    return f"arn:aws:bedrock:{REGION}::foundation-model/{model_id}"


class Caller:
    """Bedrock through boto3, signed with one principal's credentials (the client made once)."""

    def __init__(self, key_id, secret, token=None):
        self.credentials = {"aws_access_key_id": key_id, "aws_secret_access_key": secret, "aws_session_token": token}

    @functools.cached_property
    def runtime(self):
        return _session().client("bedrock-runtime", **self.credentials)

    @functools.cached_property
    def control(self):
        return _session().client("bedrock", **self.credentials)

    def converse(self, model):
        return self.outcome(lambda: self.runtime.converse(modelId=model, messages=MESSAGES))

    def list_models(self):
        return self.outcome(self.control.list_foundation_models)

    def get_model(self, model):
        return self.outcome(lambda: self.control.get_foundation_model(modelIdentifier=model))

    @staticmethod
    def outcome(call):
        """"allowed", or the AccessDenied message's reason ("because no ... allows ...", "with an explicit deny ...")."""
        try:
            call()
            return "allowed"
        except ClientError as error:
            assert error.response["Error"]["Code"] == "AccessDeniedException", error.response
            message = error.response["Error"]["Message"]
            return message[message.index(" because ") + 1:] if " because " in message else message[
                message.index(" with ") + 1:]


def scenario():
    """A fixed sequence of calls; everything it returns should repeat after a reset."""
    iam, sts = admin("iam"), admin("sts")
    user = iam.create_user(UserName="alice")["User"]
    key = iam.create_access_key(UserName="alice")["AccessKey"]
    role = iam.create_role(RoleName="bedrock-role", AssumeRolePolicyDocument=TRUST)["Role"]
    session = sts.assume_role(RoleArn=role["Arn"], RoleSessionName="s1")["Credentials"]
    credential = iam.create_service_specific_credential(UserName="alice", ServiceName="bedrock.amazonaws.com")[
        "ServiceSpecificCredential"]
    caller = client("sts", REGION, aws_access_key_id=session["AccessKeyId"],
                    aws_secret_access_key=session["SecretAccessKey"],
                    aws_session_token=session["SessionToken"]).get_caller_identity()
    return {
        "admin keys": [k["AccessKeyId"] for k in iam.list_access_keys(UserName="workbook-admin")["AccessKeyMetadata"]],
        "user": (user["UserId"], user["Arn"]), "access key": (key["AccessKeyId"], key["SecretAccessKey"]),
        "role": (role["RoleId"], role["Arn"]),
        "session": (session["AccessKeyId"], session["SecretAccessKey"], session["SessionToken"]),
        "caller": (caller["UserId"], caller["Arn"], caller["Account"]),
        "credential": (credential["ServiceSpecificCredentialId"], credential["ServiceCredentialSecret"]),
    }


def test_reset_is_deterministic_and_clean(fresh):
    """The same calls after a reset give the same ids and secrets (moto draws request ids from the
    same seeded generator, so it is the same *sequence* of IAM/STS calls that repeats)."""
    admin_key = fresh.world.admin_credentials
    first = scenario()
    fresh.reset()
    assert fresh.world.admin_credentials == admin_key
    second = scenario()
    assert second == first
    assert first["admin keys"] == [admin_key[0]]
    assert first["caller"][1:] == (f"arn:aws:sts::{ACCOUNT}:assumed-role/bedrock-role/s1", ACCOUNT)

    fresh.reset()
    assert [u["UserName"] for u in admin("iam").list_users()["Users"]] == ["workbook-admin"]
    assert admin("iam").list_roles()["Roles"] == []
    assert admin("iam").list_service_specific_credentials(AllUsers=True)["ServiceSpecificCredentials"] == []
    old_key = first["access key"]
    signed_by_old = client("bedrock", REGION, aws_access_key_id=old_key[0], aws_secret_access_key=old_key[1])
    assert error_of(signed_by_old.list_foundation_models)["Error"]["Code"] == "UnrecognizedClientException"
    refused = _bearer_converse(first["credential"][1], HAIKU)
    assert (refused.status_code, refused.json()) == (403, {"Message": INVALID})


def test_the_admin_can_call_iam_and_sts_in_account_111122223333(fresh):
    iam = admin("iam")
    assert [u["UserName"] for u in iam.list_users()["Users"]] == ["workbook-admin"]
    assert iam.list_attached_user_policies(UserName="workbook-admin")["AttachedPolicies"] == [
        {"PolicyName": "AdministratorAccess", "PolicyArn": "arn:aws:iam::aws:policy/AdministratorAccess"}]
    identity = admin("sts").get_caller_identity()
    assert identity["Account"] == ACCOUNT
    assert identity["Arn"] == f"arn:aws:iam::{ACCOUNT}:user/workbook-admin"
    assert iam.get_user()["User"]["Arn"] == identity["Arn"]
    assert iam.create_user(UserName="bob")["User"]["Arn"] == f"arn:aws:iam::{ACCOUNT}:user/bob"


def test_the_aws_managed_policies_the_course_uses_are_the_real_documents(fresh):
    iam = admin("iam")
    expected = {  # a statement each document must have, as AWS publishes it
        "AdministratorAccess": ("*", "*"),
        "AmazonBedrockFullAccess": ("bedrock:*", "*"),
        "AmazonBedrockLimitedAccess": ("bedrock:CallWithBearerToken", "*"),
        "AmazonBedrockReadOnly": ("bedrock:List*", "*"),
        "IAMFullAccess": ("iam:*", "*"),
        "IAMReadOnlyAccess": ("iam:Get*", "*"),
        "ReadOnlyAccess": ("bedrock:GetFoundationModel", "*"),
    }
    for name, (action, resource) in expected.items():
        arn = f"arn:aws:iam::aws:policy/{name}"
        found = iam.get_policy(PolicyArn=arn)["Policy"]
        assert (found["PolicyName"], found["Arn"], found["Path"]) == (name, arn, "/")
        version = iam.get_policy_version(PolicyArn=arn, VersionId=found["DefaultVersionId"])["PolicyVersion"]
        assert version["IsDefaultVersion"] and version["Document"]["Version"] == "2012-10-17"
        statements = version["Document"]["Statement"]
        statements = statements if isinstance(statements, list) else [statements]
        assert any(s["Effect"] == "Allow" and action in _listed(s["Action"]) and s["Resource"] == resource
                   for s in statements), name
    limited = iam.get_policy_version(PolicyArn="arn:aws:iam::aws:policy/AmazonBedrockLimitedAccess",
                                     VersionId=iam.get_policy(PolicyArn="arn:aws:iam::aws:policy/AmazonBedrockLimitedAccess")
                                     ["Policy"]["DefaultVersionId"])["PolicyVersion"]["Document"]
    assert {"bedrock:InvokeModel", "bedrock:Get*", "bedrock:List*"} <= set(_listed(limited["Statement"][0]["Action"]))


def test_each_aws_managed_policy_is_moto_s_whole_entry(fresh):
    """The sandbox reads only the course's entries out of moto's 5 MB copy: each must be the entry a
    full parse gives, version and document."""
    from moto.iam.aws_managed_policies import aws_managed_policies_data

    from helpers.sandbox.world import MANAGED_POLICIES

    everything, iam = json.loads(aws_managed_policies_data), admin("iam")
    for name in MANAGED_POLICIES:
        arn = f"arn:aws:iam::aws:policy/{name}"
        version_id = iam.get_policy(PolicyArn=arn)["Policy"]["DefaultVersionId"]
        document = iam.get_policy_version(PolicyArn=arn, VersionId=version_id)["PolicyVersion"]["Document"]
        assert (version_id, document) == (everything[name]["DefaultVersionId"], everything[name]["Document"]), name


def test_managed_policy_entries_read_alike_from_any_layout():
    """moto's one-key-per-line layout is read entry by entry; another layout (a moto upgrade) whole."""
    from helpers.sandbox.world import entries

    data = {"A": {"Document": {"Statement": [{"Action": "a:*"}]}}, "AB": {"x": 1}, "B": {"y": [1, "}"]}}
    moto_like = "\n{\n" + ",\n".join(f' "{k}":{json.dumps(v)}' for k, v in data.items()) + "\n}"
    for text in (moto_like, json.dumps(data), json.dumps(data, indent=4)):
        assert entries(text, ["B", "A"]) == {"B": data["B"], "A": data["A"]}, text


def _listed(value):
    return value if isinstance(value, list) else [value]


def test_managed_policies_decide_calls_as_written(fresh):
    iam = admin("iam")
    iam.create_user(UserName="reader")
    iam.attach_user_policy(UserName="reader", PolicyArn="arn:aws:iam::aws:policy/AmazonBedrockReadOnly")
    key = iam.create_access_key(UserName="reader")["AccessKey"]
    reader = Caller(key["AccessKeyId"], key["SecretAccessKey"])
    assert reader.list_models() == "allowed"
    assert reader.converse(HAIKU) == "because no identity-based policy allows the bedrock:InvokeModel action"
    iam.attach_user_policy(UserName="reader", PolicyArn="arn:aws:iam::aws:policy/AmazonBedrockLimitedAccess")
    assert reader.converse(HAIKU) == "allowed"
    bearer = provide_token(aws_credentials_provider=Static(key["AccessKeyId"], key["SecretAccessKey"]))
    assert _bearer_converse(bearer, HAIKU).status_code == 200  # LimitedAccess allows bedrock:CallWithBearerToken


def _bearer_converse(key, model):
    return HTTP.post(f"https://bedrock-runtime.{REGION}.amazonaws.com/model/{quote(model, safe='')}/converse",
                     data=BODY, headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"})


def test_every_policy_of_a_user_and_its_groups_decides(fresh):
    """Inline and attached policies of the user and of its group: each allows or denies one call."""
    iam = admin("iam")
    iam.create_user(UserName="alice")
    iam.put_user_policy(UserName="alice", PolicyName="haiku", PolicyDocument=policy(
        ("Allow", "bedrock:InvokeModel", model_arn(HAIKU))))
    iam.create_policy(PolicyName="get-models", PolicyDocument=policy(("Allow", "bedrock:GetFoundationModel", "*")))
    iam.attach_user_policy(UserName="alice", PolicyArn=f"arn:aws:iam::{ACCOUNT}:policy/get-models")
    iam.create_group(GroupName="team")
    iam.add_user_to_group(GroupName="team", UserName="alice")
    iam.put_group_policy(GroupName="team", PolicyName="mistral", PolicyDocument=policy(
        ("Allow", "bedrock:InvokeModel", model_arn(MISTRAL)),
        ("Deny", "bedrock:GetFoundationModel", model_arn(MISTRAL))))
    iam.attach_group_policy(GroupName="team", PolicyArn="arn:aws:iam::aws:policy/AmazonBedrockReadOnly")
    key = iam.create_access_key(UserName="alice")["AccessKey"]
    alice = Caller(key["AccessKeyId"], key["SecretAccessKey"])

    assert alice.converse(HAIKU) == "allowed"            # the user's inline policy
    assert alice.get_model(HAIKU) == "allowed"           # the user's attached policy (and the group's ReadOnly)
    assert alice.converse(MISTRAL) == "allowed"          # the group's inline policy
    assert alice.get_model(MISTRAL) == "with an explicit deny in an identity-based policy"  # the group's deny
    assert alice.list_models() == "allowed"              # the group's attached AmazonBedrockReadOnly

    no_invoke = "because no identity-based policy allows the bedrock:InvokeModel action"
    iam.delete_user_policy(UserName="alice", PolicyName="haiku")
    assert (alice.converse(HAIKU), alice.converse(MISTRAL)) == (no_invoke, "allowed")
    iam.detach_group_policy(GroupName="team", PolicyArn="arn:aws:iam::aws:policy/AmazonBedrockReadOnly")
    assert alice.list_models() == "because no identity-based policy allows the bedrock:ListFoundationModels action"
    assert alice.get_model(HAIKU) == "allowed"  # still the user's attached policy
    iam.detach_user_policy(UserName="alice", PolicyArn=f"arn:aws:iam::{ACCOUNT}:policy/get-models")
    assert alice.get_model(HAIKU) == "because no identity-based policy allows the bedrock:GetFoundationModel action"
    iam.delete_group_policy(GroupName="team", PolicyName="mistral")
    assert alice.converse(MISTRAL) == no_invoke
    iam.put_user_policy(UserName="alice", PolicyName="all", PolicyDocument=policy(("Allow", "bedrock:*", "*")))
    assert alice.get_model(MISTRAL) == "allowed"  # the group's deny went with its policy
    iam.remove_user_from_group(GroupName="team", UserName="alice")
    iam.put_group_policy(GroupName="team", PolicyName="deny", PolicyDocument=policy(("Deny", "*", "*")))
    assert alice.converse(HAIKU) == "allowed"  # a group she left no longer counts


def test_a_sessions_boundary_and_session_policies_each_decide(fresh):
    """Role policy, permissions boundary, inline session Policy and PolicyArns: each one decides a call."""
    iam, sts = admin("iam"), admin("sts")
    iam.create_policy(PolicyName="boundary", PolicyDocument=policy(
        ("Allow", "bedrock:InvokeModel", model_arn(HAIKU)), ("Allow", "bedrock:List*", "*"),
        ("Allow", "bedrock:GetFoundationModel", "*")))
    iam.create_policy(PolicyName="list-only", PolicyDocument=policy(("Allow", "bedrock:ListFoundationModels", "*")))
    iam.create_role(RoleName="bounded", AssumeRolePolicyDocument=TRUST,
                    PermissionsBoundary=f"arn:aws:iam::{ACCOUNT}:policy/boundary")
    iam.attach_role_policy(RoleName="bounded", PolicyArn="arn:aws:iam::aws:policy/AmazonBedrockFullAccess")
    role = f"arn:aws:iam::{ACCOUNT}:role/bounded"

    def caller(**session_policies):
        credentials = sts.assume_role(RoleArn=role, RoleSessionName="s1", **session_policies)["Credentials"]
        return Caller(credentials["AccessKeyId"], credentials["SecretAccessKey"], credentials["SessionToken"])

    plain = caller()
    assert plain.converse(HAIKU) == "allowed"
    assert plain.converse(MISTRAL) == "because no permissions boundary allows the bedrock:InvokeModel action"
    assert plain.get_model(MISTRAL) == "allowed"

    narrowed = caller(Policy=policy(("Allow", "bedrock:InvokeModel", "*")),
                      PolicyArns=[{"arn": f"arn:aws:iam::{ACCOUNT}:policy/list-only"}])
    assert narrowed.converse(HAIKU) == "allowed"           # the inline session policy
    assert narrowed.list_models() == "allowed"             # the session's PolicyArns
    assert narrowed.get_model(HAIKU) == "because no session policy allows the bedrock:GetFoundationModel action"
    assert narrowed.converse(MISTRAL) == "because no permissions boundary allows the bedrock:InvokeModel action"

    inline_only = caller(Policy=policy(("Allow", "bedrock:InvokeModel", "*")))
    assert inline_only.list_models() == "because no session policy allows the bedrock:ListFoundationModels action"
    arns_only = caller(PolicyArns=[{"arn": f"arn:aws:iam::{ACCOUNT}:policy/list-only"}])
    assert arns_only.list_models() == "allowed"
    assert arns_only.converse(HAIKU) == "because no session policy allows the bedrock:InvokeModel action"
    denying = caller(Policy=policy(("Allow", "bedrock:*", "*"), ("Deny", "bedrock:InvokeModel", model_arn(HAIKU))))
    assert denying.converse(HAIKU) == "with an explicit deny in a session policy"

    iam.detach_role_policy(RoleName="bounded", PolicyArn="arn:aws:iam::aws:policy/AmazonBedrockFullAccess")
    assert plain.converse(HAIKU) == "because no identity-based policy allows the bedrock:InvokeModel action"
    iam.delete_role_permissions_boundary(RoleName="bounded")
    iam.put_role_policy(RoleName="bounded", PolicyName="all", PolicyDocument=policy(("Allow", "bedrock:*", "*")))
    assert plain.converse(MISTRAL) == "allowed"  # the boundary is gone


def test_the_default_version_of_a_customer_managed_policy_decides(fresh):
    iam = admin("iam")
    iam.create_user(UserName="alice")
    arn = iam.create_policy(PolicyName="models", PolicyDocument=policy(
        ("Allow", "bedrock:InvokeModel", model_arn(HAIKU))))["Policy"]["Arn"]
    iam.attach_user_policy(UserName="alice", PolicyArn=arn)
    key = iam.create_access_key(UserName="alice")["AccessKey"]
    alice = Caller(key["AccessKeyId"], key["SecretAccessKey"])
    assert (alice.converse(HAIKU), alice.converse(MISTRAL)) == (
        "allowed", "because no identity-based policy allows the bedrock:InvokeModel action")
    iam.create_policy_version(PolicyArn=arn, PolicyDocument=policy(("Allow", "bedrock:InvokeModel", model_arn(MISTRAL))))
    assert (alice.converse(HAIKU), alice.converse(MISTRAL)) == (  # a new version that is not the default
        "allowed", "because no identity-based policy allows the bedrock:InvokeModel action")
    iam.set_default_policy_version(PolicyArn=arn, VersionId="v2")
    assert (alice.converse(HAIKU), alice.converse(MISTRAL)) == (
        "because no identity-based policy allows the bedrock:InvokeModel action", "allowed")


def test_a_boundary_that_no_longer_exists_allows_nothing(fresh):
    """moto lets the boundary's policy be deleted (IAM would refuse); the sandbox then fails closed."""
    iam = admin("iam")
    arn = iam.create_policy(PolicyName="edge", PolicyDocument=policy(("Allow", "bedrock:*", "*")))["Policy"]["Arn"]
    iam.create_role(RoleName="edgy", AssumeRolePolicyDocument=TRUST, PermissionsBoundary=arn)
    iam.put_role_policy(RoleName="edgy", PolicyName="all", PolicyDocument=policy(("Allow", "bedrock:*", "*")))
    credentials = admin("sts").assume_role(RoleArn=f"arn:aws:iam::{ACCOUNT}:role/edgy",
                                           RoleSessionName="s1")["Credentials"]
    session = Caller(credentials["AccessKeyId"], credentials["SecretAccessKey"], credentials["SessionToken"])
    assert session.converse(HAIKU) == "allowed"
    iam.delete_policy(PolicyArn=arn)
    assert session.converse(HAIKU) == "because no permissions boundary allows the bedrock:InvokeModel action"


def test_a_session_whose_role_was_deleted_is_denied(fresh):
    iam = admin("iam")
    iam.create_role(RoleName="gone", AssumeRolePolicyDocument=TRUST)
    iam.put_role_policy(RoleName="gone", PolicyName="all", PolicyDocument=policy(("Allow", "bedrock:*", "*")))
    credentials = admin("sts").assume_role(RoleArn=f"arn:aws:iam::{ACCOUNT}:role/gone",
                                           RoleSessionName="left")["Credentials"]
    session = Caller(credentials["AccessKeyId"], credentials["SecretAccessKey"], credentials["SessionToken"])
    assert session.converse(HAIKU) == "allowed"
    iam.delete_role_policy(RoleName="gone", PolicyName="all")
    iam.delete_role(RoleName="gone")
    assert session.converse(HAIKU) == "because no identity-based policy allows the bedrock:InvokeModel action"


def test_a_policy_iam_refuses_is_refused_when_written_not_at_every_call(fresh):
    """moto accepts these; IAM and STS refuse them (MalformedPolicyDocument), and so does the sandbox."""
    iam = admin("iam")
    iam.create_user(UserName="alice")
    iam.create_role(RoleName="r", AssumeRolePolicyDocument=TRUST)  # a trust policy names a principal
    with_principal = json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": "*", "Action": "bedrock:*", "Resource": "*"}]})
    hyphen_sid = json.dumps({"Version": "2012-10-17", "Statement": [
        {"Sid": "not-alphanumeric", "Effect": "Allow", "Action": "bedrock:*", "Resource": "*"}]})
    for document in (with_principal, hyphen_sid):
        for write in (lambda: iam.put_user_policy(UserName="alice", PolicyName="p", PolicyDocument=document),
                      lambda: iam.put_role_policy(RoleName="r", PolicyName="p", PolicyDocument=document),
                      lambda: iam.create_policy(PolicyName="p", PolicyDocument=document),
                      lambda: admin("sts").assume_role(RoleArn=f"arn:aws:iam::{ACCOUNT}:role/r",
                                                       RoleSessionName="s1", Policy=document)):
            error = error_of(write)
            assert (error["Error"]["Code"], error["ResponseMetadata"]["HTTPStatusCode"]) == (
                "MalformedPolicyDocument", 400)
    assert iam.list_user_policies(UserName="alice")["PolicyNames"] == []
    assert iam.list_role_policies(RoleName="r")["PolicyNames"] == []


def test_the_clock_reads_each_stamp_at_the_offset_in_force_when_it_was_made(fresh):
    """As clock.py documents: a key made before advance(hours=13) has expired after it; one made
    after is fresh; sandbox dates (CreateDate) follow the clock; reset() brings back real time."""
    iam = admin("iam")
    before = provide_token()
    assert _bearer_converse(before, HAIKU).status_code == 200
    iam.create_user(UserName="alice")
    created = iam.create_service_specific_credential(UserName="alice", ServiceName="bedrock.amazonaws.com")[
        "ServiceSpecificCredential"]["CreateDate"]
    fresh.clock.advance(hours=13)
    assert fresh.clock.now() - created > timedelta(hours=13)
    expired = _bearer_converse(before, HAIKU)
    assert (expired.status_code, expired.json()) == (403, {"Message": "Bearer Token has expired"})
    after = provide_token()
    assert _bearer_converse(after, HAIKU).status_code == 200
    later = iam.create_service_specific_credential(UserName="alice", ServiceName="bedrock.amazonaws.com")[
        "ServiceSpecificCredential"]["CreateDate"]
    assert timedelta(hours=13) <= later - created < timedelta(hours=13, seconds=10)
    fresh.reset()  # real time again, for every stamp (so today's model: Claude 3 Haiku is past its end)
    assert _bearer_converse(before, "us.anthropic.claude-haiku-4-5-20251001-v1:0").status_code == 200
    iam.create_user(UserName="alice")
    now = iam.create_service_specific_credential(UserName="alice", ServiceName="bedrock.amazonaws.com")[
        "ServiceSpecificCredential"]["CreateDate"]
    assert abs(now - datetime.now(timezone.utc)) < timedelta(seconds=10)
