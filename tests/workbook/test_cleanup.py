"""The clean-up finds everything named with the prefix, removes it in an order IAM accepts, and is a no-op after."""
import json

import boto3

DENY_KEYS = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Deny", "Action": "bedrock:CallWithBearerToken", "Resource": "*"}]})


def test_plan_lists_what_must_go_first_then_clean_up_removes_it_and_leaves_others(course, capsys):
    iam = boto3.client("iam")
    user, role, other = course.name("user"), course.name("role"), "someone-else"
    iam.create_user(UserName=user)
    iam.create_service_specific_credential(UserName=user, ServiceName="bedrock.amazonaws.com")
    iam.create_access_key(UserName=user)
    iam.put_user_policy(UserName=user, PolicyName="inline", PolicyDocument=DENY_KEYS)
    iam.create_role(RoleName=role, AssumeRolePolicyDocument="{}")
    iam.attach_role_policy(RoleName=role, PolicyArn="arn:aws:iam::aws:policy/AmazonBedrockLimitedAccess")
    arn = iam.create_policy(PolicyName=course.name("deny-keys"), PolicyDocument=DENY_KEYS)["Policy"]["Arn"]
    iam.create_policy_version(PolicyArn=arn, PolicyDocument=DENY_KEYS, SetAsDefault=True)
    iam.attach_role_policy(RoleName=role, PolicyArn=arn)
    iam.create_user(UserName=other)
    iam.attach_user_policy(UserName=other, PolicyArn=arn)  # someone else holds our policy

    plan = [(r.action, r.kind, r.of) for r in course.clean_up_plan()]
    assert plan == [
        ("delete", "long-term key", user), ("delete", "access key", user), ("delete", "inline policy", user),
        ("delete", "user", ""),
        ("detach", "attached policy", role), ("detach", "attached policy", role), ("delete", "role", ""),
        ("detach", "policy", f"user {other}"), ("delete", "policy version", "t-deny-keys"), ("delete", "policy", ""),
    ]
    assert [u["UserName"] for u in iam.list_users()["Users"]].count(user) == 1  # the plan changed nothing

    course.clean_up()
    course.clean_up()
    out = capsys.readouterr().out
    assert "Removed: user t-user, role t-role, policy t-deny-keys" in out and "Nothing to remove" in out
    assert course.clean_up_plan() == []
    assert iam.list_attached_user_policies(UserName=other)["AttachedPolicies"] == []
    assert [u["UserName"] for u in iam.list_users()["Users"]].count(other) == 1


def test_a_step_whose_target_is_already_gone_is_skipped(course, monkeypatch):
    from helpers.workbook import cleanup

    iam = boto3.client("iam")
    iam.create_user(UserName=course.name("user"))
    stale = cleanup.clean_up_plan(iam, "t")
    iam.delete_user(UserName=course.name("user"))  # another clean-up got there first
    monkeypatch.setattr(cleanup, "clean_up_plan", lambda *_: stale)
    assert course.remove_owned() == []
