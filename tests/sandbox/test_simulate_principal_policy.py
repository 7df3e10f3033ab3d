"""IAM's policy simulator (SimulatePrincipalPolicy), answered through the sandbox's evaluator, via boto3."""
import json

import pytest

from .conftest import client, error_of, key_user

ACCOUNT = "111122223333"
PROFILE = f"arn:aws:bedrock:us-west-2:{ACCOUNT}:inference-profile/us.anthropic.claude-haiku-4-5-20251001-v1:0"
SCOPED = {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": ["iam:CreateUser", "iam:DeleteUser"], "Resource": f"arn:aws:iam::{ACCOUNT}:user/p07-*"},
    {"Effect": "Deny", "Action": "iam:DeleteUser", "Resource": f"arn:aws:iam::{ACCOUNT}:user/p07-keep"},
    {"Effect": "Allow", "Action": "bedrock:InvokeModel", "Resource": "*",
     "Condition": {"StringEquals": {"aws:RequestedRegion": "us-west-2"}}}]}


def decisions(response):
    return {(r["EvalActionName"], r["EvalResourceName"]): r["EvalDecision"] for r in response["EvaluationResults"]}


def test_a_users_policies_are_simulated_per_action_and_resource(today):
    key_user("p07", policy=SCOPED)
    response = client("iam").simulate_principal_policy(
        PolicySourceArn=f"arn:aws:iam::{ACCOUNT}:user/p07", ActionNames=["iam:CreateUser", "iam:DeleteUser"],
        ResourceArns=[f"arn:aws:iam::{ACCOUNT}:user/p07-a", f"arn:aws:iam::{ACCOUNT}:user/p07-keep",
                      f"arn:aws:iam::{ACCOUNT}:user/p08-a"])
    assert decisions(response) == {
        ("iam:CreateUser", f"arn:aws:iam::{ACCOUNT}:user/p07-a"): "allowed",
        ("iam:CreateUser", f"arn:aws:iam::{ACCOUNT}:user/p07-keep"): "allowed",
        ("iam:CreateUser", f"arn:aws:iam::{ACCOUNT}:user/p08-a"): "implicitDeny",
        ("iam:DeleteUser", f"arn:aws:iam::{ACCOUNT}:user/p07-a"): "allowed",
        ("iam:DeleteUser", f"arn:aws:iam::{ACCOUNT}:user/p07-keep"): "explicitDeny",
        ("iam:DeleteUser", f"arn:aws:iam::{ACCOUNT}:user/p08-a"): "implicitDeny",
    }
    assert not response["IsTruncated"]


def test_conditions_read_the_context_entries_given(today):
    key_user("p07", policy=SCOPED)

    def invoke(region):
        return client("iam").simulate_principal_policy(
            PolicySourceArn=f"arn:aws:iam::{ACCOUNT}:user/p07", ActionNames=["bedrock:InvokeModel"],
            ResourceArns=[PROFILE], ContextEntries=[{"ContextKeyName": "aws:RequestedRegion",
                                                     "ContextKeyValues": [region], "ContextKeyType": "string"}])
    assert decisions(invoke("us-west-2"))[("bedrock:InvokeModel", PROFILE)] == "allowed"
    assert decisions(invoke("eu-west-1"))[("bedrock:InvokeModel", PROFILE)] == "implicitDeny"


def test_a_role_is_simulated_with_its_own_policies_and_scps_apply(today):
    iam = client("iam")
    trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                                                   "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}}]}
    iam.create_role(RoleName="ci-role", AssumeRolePolicyDocument=json.dumps(trust))
    iam.attach_role_policy(RoleName="ci-role", PolicyArn="arn:aws:iam::aws:policy/AmazonBedrockLimitedAccess")
    role = f"arn:aws:iam::{ACCOUNT}:role/ci-role"
    result = iam.simulate_principal_policy(PolicySourceArn=role, ActionNames=["bedrock:InvokeModel", "iam:CreateUser"])
    assert decisions(result) == {("bedrock:InvokeModel", "*"): "allowed", ("iam:CreateUser", "*"): "implicitDeny"}
    today.organization.set_scps([[{"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "*", "Resource": "*"},
        {"Effect": "Deny", "Action": "bedrock:InvokeModel", "Resource": "*"}]}]])
    try:
        result = iam.simulate_principal_policy(PolicySourceArn=role, ActionNames=["bedrock:InvokeModel"])
    finally:
        today.organization.reset()
    [only] = result["EvaluationResults"]
    assert only["EvalDecision"] == "explicitDeny"
    assert only["OrganizationsDecisionDetail"] == {"AllowedByOrganizations": False}


def test_simulating_needs_the_permission_and_an_existing_principal(today):
    credentials = key_user("p07", policy=SCOPED).load()
    as_p07 = client("iam", aws_access_key_id=credentials.access_key, aws_secret_access_key=credentials.secret_key)
    denied = error_of(lambda: as_p07.simulate_principal_policy(
        PolicySourceArn=f"arn:aws:iam::{ACCOUNT}:user/p07", ActionNames=["iam:CreateUser"]))
    assert denied["Error"]["Code"] == "AccessDenied"
    assert f"iam:SimulatePrincipalPolicy on resource: arn:aws:iam::{ACCOUNT}:user/p07" in denied["Error"]["Message"]
    missing = error_of(lambda: client("iam").simulate_principal_policy(
        PolicySourceArn=f"arn:aws:iam::{ACCOUNT}:user/nobody", ActionNames=["iam:CreateUser"]))
    assert (missing["Error"]["Code"], missing["ResponseMetadata"]["HTTPStatusCode"]) == ("NoSuchEntity", 404)


@pytest.mark.parametrize("arn", ["arn:aws:iam::999999999999:user/p07", "arn:aws:s3:::not-an-iam-principal"])
def test_a_source_outside_the_account_is_invalid_input(today, arn):
    assert error_of(lambda: client("iam").simulate_principal_policy(
        PolicySourceArn=arn, ActionNames=["iam:CreateUser"]))["Error"]["Code"] == "InvalidInput"
