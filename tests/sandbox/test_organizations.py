"""The Organizations API through boto3: the sandbox's account is a member account with delegated policy
management, so it creates, attaches, detaches and lists SCPs; the evaluator enforces what is attached
(on Bedrock, IAM and Organizations calls alike), and an SCP's Deny is quoted with the policy's ARN."""
import json
import re

import boto3
import pytest
from aws_bedrock_token_generator import provide_token
from botocore.exceptions import ClientError

from .conftest import MESSAGES, bearer_client
from .test_bedrock_runtime import ACCOUNT, Grantee, allow

SCP = "SERVICE_CONTROL_POLICY"
DENY_KEYS = {"Version": "2012-10-17", "Statement": [
    {"Effect": "Deny", "Action": ["bedrock:CallWithBearerToken", "bedrock-mantle:CallWithBearerToken"], "Resource": "*"}]}
HAIKU_45_US = "us.anthropic.claude-haiku-4-5-20251001-v1:0"
SCP_ARN = re.compile(r"arn:aws:organizations::444455556666:policy/o-[a-z0-9]{10}/service_control_policy/p-[a-z0-9]{8}")


def organizations(**credentials):
    return boto3.Session(**credentials).client("organizations", region_name="us-east-1")


def key_call():
    runtime = bearer_client("bedrock-runtime", provide_token(region="us-west-2"))
    return runtime.converse(modelId=HAIKU_45_US, messages=MESSAGES)


def code_and_message(call):
    with pytest.raises(ClientError) as refused:
        call()
    return refused.value.response["Error"]["Code"], refused.value.response["Error"]["Message"]


def structure(org):
    root = org.list_roots()["Roots"][0]
    ou = org.list_organizational_units_for_parent(ParentId=root["Id"])["OrganizationalUnits"][0]
    return root["Id"], ou["Id"]


def test_the_account_is_a_member_under_an_ou_with_full_aws_access_everywhere(today):
    org = organizations()
    described = org.describe_organization()["Organization"]
    assert described["MasterAccountId"] == "444455556666" != ACCOUNT
    root, ou = structure(org)
    assert org.list_parents(ChildId=ACCOUNT)["Parents"] == [{"Id": ou, "Type": "ORGANIZATIONAL_UNIT"}]
    for target in (root, ou, ACCOUNT):
        attached = org.list_policies_for_target(TargetId=target, Filter=SCP)["Policies"]
        assert [(p["Name"], p["Arn"]) for p in attached] == [
            ("FullAWSAccess", "arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess")]
    assert key_call()["output"]


@pytest.mark.parametrize("level", ["account", "ou", "root"])
def test_an_attached_scp_is_enforced_and_quoted_by_arn_until_detached(today, level):
    org = organizations()
    root, ou = structure(org)
    target = {"account": ACCOUNT, "ou": ou, "root": root}[level]
    policy = org.create_policy(Name="deny-keys", Description="No API keys", Type=SCP,
                               Content=json.dumps(DENY_KEYS))["Policy"]["PolicySummary"]
    assert SCP_ARN.fullmatch(policy["Arn"])
    org.attach_policy(PolicyId=policy["Id"], TargetId=target)
    assert [t["TargetId"] for t in org.list_targets_for_policy(PolicyId=policy["Id"])["Targets"]] == [target]
    code, message = code_and_message(key_call)
    assert code == "AccessDeniedException"
    assert message == (f"User: arn:aws:iam::{ACCOUNT}:user/workbook-admin is not authorized to perform: "
                       f"bedrock:CallWithBearerToken on resource: * with an explicit deny in a service control "
                       f"policy: {policy['Arn']}")
    org.detach_policy(PolicyId=policy["Id"], TargetId=target)
    assert key_call()["output"]
    org.delete_policy(PolicyId=policy["Id"])
    assert "deny-keys" not in {p["Name"] for p in org.list_policies(Filter=SCP)["Policies"]}


def test_an_scp_is_quoted_on_iam_refusals_too(today):
    org = organizations()
    deny = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Deny", "Action": "iam:CreateServiceSpecificCredential", "Resource": "*"}]}
    policy = org.create_policy(Name="no-long-term-keys", Description="d", Type=SCP, Content=json.dumps(deny))
    org.attach_policy(PolicyId=policy["Policy"]["PolicySummary"]["Id"], TargetId=ACCOUNT)
    iam = boto3.client("iam")
    code, message = code_and_message(lambda: iam.create_service_specific_credential(
        UserName="workbook-admin", ServiceName="bedrock.amazonaws.com"))
    assert code == "AccessDenied" and message.endswith(
        f"with an explicit deny in a service control policy: {policy['Policy']['PolicySummary']['Arn']}")


@pytest.mark.parametrize("call", [
    lambda org: org.create_organizational_unit(ParentId=structure(org)[0], Name="more"),
    lambda org: org.create_account(Email="a@example.com", AccountName="another"),
    lambda org: org.enable_policy_type(RootId=structure(org)[0], PolicyType="TAG_POLICY"),
    lambda org: org.move_account(AccountId=ACCOUNT, SourceParentId=structure(org)[1],
                                 DestinationParentId=structure(org)[0]),
])
def test_what_only_the_management_account_may_do_is_refused(today, call):
    assert code_and_message(lambda: call(organizations())) == (
        "AccessDeniedException", "You don't have permissions to access this resource.")


def test_iam_decides_first_a_user_without_organizations_permissions_is_refused(today):
    user = Grantee(allow("bedrock:InvokeModel", "*"))
    org = organizations(**user._credentials)
    code, message = code_and_message(org.list_roots)
    assert code == "AccessDeniedException"
    assert message == (f"User: {user.arn} is not authorized to perform: organizations:ListRoots on resource: * "
                       f"because no identity-based policy allows the organizations:ListRoots action")


def test_set_scps_is_a_shortcut_over_the_same_state(today):
    today.organization.set_scps([[{"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "*", "Resource": "*"}]}, DENY_KEYS]])
    org = organizations()
    root, _ = structure(org)
    names = [p["Name"] for p in org.list_policies_for_target(TargetId=root, Filter=SCP)["Policies"]]
    assert names == ["FullAWSAccess", "sandbox-level-0-2"]
    assert code_and_message(key_call)[1].startswith("User: ")
    today.organization.set_scps(None)
    assert [p["Name"] for p in org.list_policies_for_target(TargetId=root, Filter=SCP)["Policies"]] == ["FullAWSAccess"]
    assert key_call()["output"]


def test_a_reset_restores_the_organization(today):
    org = organizations()
    policy = org.create_policy(Name="deny-keys", Description="d", Type=SCP, Content=json.dumps(DENY_KEYS))
    org.attach_policy(PolicyId=policy["Policy"]["PolicySummary"]["Id"], TargetId=ACCOUNT)
    today.reset()
    assert [p["Name"] for p in org.list_policies(Filter=SCP)["Policies"]] == ["FullAWSAccess"]
    assert key_call()["output"]


def test_the_last_scp_of_a_target_cannot_be_detached(today):
    """AWS: every root, OU and account keeps at least one SCP (ConstraintViolationException)."""
    org = organizations()
    code, message = code_and_message(lambda: org.detach_policy(PolicyId="p-FullAWSAccess", TargetId=ACCOUNT))
    assert code == "ConstraintViolationException" and "fewer than the minimum number of policies" in message
    policy = org.create_policy(Name="deny-keys", Description="d", Type=SCP, Content=json.dumps(DENY_KEYS))
    org.attach_policy(PolicyId=policy["Policy"]["PolicySummary"]["Id"], TargetId=ACCOUNT)
    org.detach_policy(PolicyId="p-FullAWSAccess", TargetId=ACCOUNT)  # a deny-only level: nothing is allowed
    code, message = code_and_message(lambda: boto3.client("bedrock", region_name="us-west-2").list_foundation_models())
    assert message.endswith("because no service control policy allows the bedrock:ListFoundationModels action")
