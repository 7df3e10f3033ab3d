"""World: moto's IAM/STS state, seeded, read out as copies. Driven through real boto3 clients.

The fixtures here (a moto server for IAM/STS, a World, boto3 clients) are shared with the
test_auth_*.py and test_iam_credentials.py files, which import them.
"""
import json
from datetime import timedelta

import boto3
import pytest
from moto.server import ThreadedMotoServer

from helpers.sandbox.call import Principal
from helpers.sandbox.world import ADMIN_USER, World

ACCOUNT = "111122223333"
TRUST = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}, "Action": "sts:AssumeRole"}]})
ALLOW_INVOKE = {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": "bedrock:InvokeModel", "Resource": "*"}]}


@pytest.fixture(scope="session")
def moto_endpoint():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture(scope="session")
def session_world():
    return World()


@pytest.fixture
def world(session_world):
    session_world.reset()
    return session_world


@pytest.fixture
def aws(world, moto_endpoint):
    """Make a boto3 client for IAM or STS at the moto server, as the admin by default."""
    def make(service, key_id=None, secret=None, token=None):
        admin_id, admin_secret = world.admin_credentials
        return boto3.client(service, endpoint_url=moto_endpoint, region_name="us-east-1",
                            aws_access_key_id=key_id or admin_id, aws_secret_access_key=secret or admin_secret,
                            aws_session_token=token)
    return make


def make_user(iam, name="alice", policy=ALLOW_INVOKE):
    iam.create_user(UserName=name)
    if policy is not None:
        iam.put_user_policy(UserName=name, PolicyName="invoke", PolicyDocument=json.dumps(policy))
    key = iam.create_access_key(UserName=name)["AccessKey"]
    return key["AccessKeyId"], key["SecretAccessKey"]


def assume(aws, role="bedrock-role", session="s1", **kwargs):
    iam = aws("iam")
    try:
        iam.create_role(RoleName=role, AssumeRolePolicyDocument=TRUST)
        iam.put_role_policy(RoleName=role, PolicyName="invoke", PolicyDocument=json.dumps(ALLOW_INVOKE))
    except iam.exceptions.EntityAlreadyExistsException:
        pass
    arn = f"arn:aws:iam::{ACCOUNT}:role/{role}"
    return aws("sts").assume_role(RoleArn=arn, RoleSessionName=session, **kwargs)["Credentials"]


# -- tests -----------------------------------------------------------------------------------------

def test_reset_is_deterministic_and_admin_can_call_iam(world, aws):
    first = world.admin_credentials
    assert first[0].startswith("AKIA") and len(first[1]) == 40
    aws("iam").create_user(UserName="someone")
    world.reset()
    assert world.admin_credentials == first
    users = [u["UserName"] for u in aws("iam").list_users()["Users"]]
    assert users == [ADMIN_USER]
    attached = aws("iam").list_attached_user_policies(UserName=ADMIN_USER)["AttachedPolicies"]
    assert attached == [{"PolicyName": "AdministratorAccess", "PolicyArn": "arn:aws:iam::aws:policy/AdministratorAccess"}]
    assert aws("sts").get_caller_identity()["Arn"] == f"arn:aws:iam::{ACCOUNT}:user/{ADMIN_USER}"


def test_managed_policies_are_real_documents(world, aws):
    iam = aws("iam")
    for name in ("AmazonBedrockLimitedAccess", "AmazonBedrockFullAccess"):
        policy = iam.get_policy(PolicyArn=f"arn:aws:iam::aws:policy/{name}")["Policy"]
        document = iam.get_policy_version(PolicyArn=policy["Arn"], VersionId=policy["DefaultVersionId"])
        statements = document["PolicyVersion"]["Document"]["Statement"]
        actions = [a for s in statements for a in (s["Action"] if isinstance(s["Action"], list) else [s["Action"]])]
        assert ("bedrock:CallWithBearerToken" in actions) or ("bedrock:*" in actions)


def test_access_key_of_a_user(world, aws):
    key_id, secret = make_user(aws("iam"))
    key = world.access_key(key_id)
    assert key.secret == secret and key.session_token is None and key.expires is None and key.active
    assert key.arn == f"arn:aws:iam::{ACCOUNT}:user/alice" and key.kind == "user" and key.name == "alice"
    assert secret not in repr(key)
    aws("iam").update_access_key(UserName="alice", AccessKeyId=key_id, Status="Inactive")
    assert world.access_key(key_id).active is False
    aws("iam").delete_access_key(UserName="alice", AccessKeyId=key_id)
    assert world.access_key(key_id) is None
    assert world.access_key("AKIAIOSFODNN7EXAMPLE") is None


def test_access_key_of_an_assumed_role_session(world, aws):
    credentials = assume(aws, DurationSeconds=900)
    key = world.access_key(credentials["AccessKeyId"])
    assert key.secret == credentials["SecretAccessKey"] and key.session_token == credentials["SessionToken"]
    assert key.kind == "assumed-role" and key.name == "bedrock-role"
    assert key.arn == f"arn:aws:sts::{ACCOUNT}:assumed-role/bedrock-role/s1"
    assert key.user_id.startswith("AROA") and key.user_id.endswith(":s1")
    assert timedelta(seconds=899) < key.expires - world.clock.now() <= timedelta(seconds=900)
    assert abs(key.token_issue_time - world.clock.now()) < timedelta(seconds=5)
    world.clock.advance(minutes=20)
    assert world.access_key(credentials["AccessKeyId"]).expires < world.clock.now()


def test_policies_of_a_user_with_groups(world, aws):
    iam = aws("iam")
    make_user(iam)
    iam.attach_user_policy(UserName="alice", PolicyArn="arn:aws:iam::aws:policy/AmazonBedrockLimitedAccess")
    iam.create_group(GroupName="team")
    iam.add_user_to_group(GroupName="team", UserName="alice")
    iam.put_group_policy(GroupName="team", PolicyName="deny-all", PolicyDocument=json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*"}]}))
    iam.attach_group_policy(GroupName="team", PolicyArn="arn:aws:iam::aws:policy/AmazonBedrockReadOnly")
    principal = Principal(arn=f"arn:aws:iam::{ACCOUNT}:user/alice", kind="user", name="alice",
                          account=ACCOUNT, user_id="x")
    policies = world.policies_for(principal)
    names = [name for name, _ in policies.identity]
    assert names == ["invoke", "arn:aws:iam::aws:policy/AmazonBedrockLimitedAccess", "deny-all",
                     "arn:aws:iam::aws:policy/AmazonBedrockReadOnly"]
    assert policies.identity[0][1] == ALLOW_INVOKE
    assert policies.boundary is None and policies.session is None
    policies.identity[0][1]["Statement"].clear()  # a copy: moto's state is untouched
    assert world.policies_for(principal).identity[0][1] == ALLOW_INVOKE


def test_policies_of_a_session_with_boundary_and_session_policies(world, aws):
    iam = aws("iam")
    iam.create_role(RoleName="bounded", AssumeRolePolicyDocument=TRUST,
                    PermissionsBoundary="arn:aws:iam::aws:policy/AmazonBedrockLimitedAccess")
    iam.attach_role_policy(RoleName="bounded", PolicyArn="arn:aws:iam::aws:policy/AmazonBedrockFullAccess")
    session_policy = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "bedrock:Converse*", "Resource": "*"}]}
    credentials = aws("sts").assume_role(
        RoleArn=f"arn:aws:iam::{ACCOUNT}:role/bounded", RoleSessionName="narrow", Policy=json.dumps(session_policy),
        PolicyArns=[{"arn": "arn:aws:iam::aws:policy/AmazonBedrockReadOnly"}])["Credentials"]
    plain = aws("sts").assume_role(RoleArn=f"arn:aws:iam::{ACCOUNT}:role/bounded",
                                   RoleSessionName="plain")["Credentials"]
    principal = world.access_key(credentials["AccessKeyId"]).principal("sigv4")
    policies = world.policies_for(principal)
    assert [n for n, _ in policies.identity] == ["arn:aws:iam::aws:policy/AmazonBedrockFullAccess"]
    assert policies.boundary[0] == "arn:aws:iam::aws:policy/AmazonBedrockLimitedAccess"
    assert policies.session[0] == ("session-policy", session_policy)
    assert policies.session[1][0] == "arn:aws:iam::aws:policy/AmazonBedrockReadOnly"
    assert world.policies_for(world.access_key(plain["AccessKeyId"]).principal("sigv4")).session is None


def test_clock_reads_client_stamps_at_the_offset_then_in_force(world):
    clock = world.clock
    before = clock.real_now()
    clock.advance(hours=13)
    after = clock.real_now()
    assert clock.to_sandbox(before) == before
    assert abs(clock.to_sandbox(after) - (after + timedelta(hours=13))) < timedelta(seconds=1)
    assert abs(clock.now() - (clock.real_now() + timedelta(hours=13))) < timedelta(seconds=1)
    clock.reset()
    assert clock.offset == timedelta(0)
