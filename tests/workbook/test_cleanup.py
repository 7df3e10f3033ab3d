"""Clean-up as plan then delete: what a prefix owns, its removal, and the stand-alone command."""
import json

import boto3
import pytest

from helpers.workbook import cleanup

POLICY = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": "bedrock:InvokeModel", "Resource": "*"}]})
TRUST = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                                                          "Principal": {"AWS": "arn:aws:iam::111122223333:root"}}]})


def make_everything(prefix: str) -> None:
    """One of each thing a notebook makes, named with `prefix`."""
    iam = boto3.client("iam")
    user, role = f"{prefix}-user", f"{prefix}-role"
    iam.create_user(UserName=user)
    iam.create_service_specific_credential(UserName=user, ServiceName="bedrock.amazonaws.com")
    iam.create_access_key(UserName=user)
    iam.put_user_policy(UserName=user, PolicyName="inline", PolicyDocument=POLICY)
    arn = iam.create_policy(PolicyName=f"{prefix}-haiku-only", PolicyDocument=POLICY)["Policy"]["Arn"]
    iam.create_policy_version(PolicyArn=arn, PolicyDocument=POLICY, SetAsDefault=True)
    iam.attach_user_policy(UserName=user, PolicyArn=arn)
    iam.create_role(RoleName=role, AssumeRolePolicyDocument=TRUST)
    iam.attach_role_policy(RoleName=role, PolicyArn=arn)
    iam.attach_role_policy(RoleName=role, PolicyArn="arn:aws:iam::aws:policy/AmazonBedrockLimitedAccess")


def test_plan_lists_only_the_prefix_and_delete_removes_it_all(course):
    make_everything("p01")
    make_everything("p02")
    iam = boto3.client("iam")
    items = cleanup.plan(iam, "p01")
    assert [i.describe() for i in items] == [
        "user p01-user (1 service-specific credentials, 1 access keys, 1 inline policies, 1 attached policies)",
        "role p01-role (2 attached policies)",
        "customer-managed policy p01-haiku-only",
    ]
    assert cleanup.delete(iam, items) == items
    assert cleanup.plan(iam, "p01") == []
    assert len(cleanup.plan(iam, "p02")) == 3  # the neighbour's things are untouched
    assert cleanup.delete(iam, items) == []  # already gone: nothing, no error


def test_the_course_clean_up_takes_policies_too(course, capsys):
    make_everything("t")
    course.clean_up()
    assert "Removed: user t-user, role t-role, policy t-haiku-only" in capsys.readouterr().out
    assert cleanup.plan(boto3.client("iam"), "t") == []


def test_the_command_lists_then_deletes_with_yes(course, capsys):
    make_everything("p03")
    assert cleanup.main(["--prefix", "p03", "--dry-run"]) == 0
    assert len(cleanup.plan(boto3.client("iam"), "p03")) == 3
    assert cleanup.main(["--prefix", "p03", "--yes"]) == 0
    out = capsys.readouterr().out
    assert "Will delete 3 item(s) named p03-…:" in out and "Deleted 3 item(s)." in out
    assert "Account 111122223333, as arn:aws:iam::111122223333:user/workbook-admin." in out
    assert cleanup.main(["--prefix", "p03", "--yes"]) == 0
    assert "Nothing to delete" in capsys.readouterr().out


def test_the_command_asks_and_never_deletes_unasked(course, capsys, monkeypatch):
    make_everything("p04")
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    assert cleanup.main(["--prefix", "p04"]) == 2
    assert "--yes" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda prompt: "n")
    assert cleanup.main(["--prefix", "p04"]) == 1
    assert len(cleanup.plan(boto3.client("iam"), "p04")) == 3
    monkeypatch.setattr("builtins.input", lambda prompt: "y")
    assert cleanup.main(["--prefix", "p04"]) == 0
    assert cleanup.plan(boto3.client("iam"), "p04") == []


def test_the_command_refuses_another_account_than_the_confirmed_one(course, capsys, monkeypatch):
    make_everything("p05")
    monkeypatch.setenv("WORKBOOK_CONFIRM_ACCOUNT", "999999999999")
    assert cleanup.main(["--prefix", "p05", "--yes"]) == 2
    assert "999999999999" in capsys.readouterr().err
    assert len(cleanup.plan(boto3.client("iam"), "p05")) == 3


@pytest.mark.parametrize("prefix", ["", "a b", "x;y"])
def test_the_command_refuses_a_bad_prefix(prefix):
    with pytest.raises(SystemExit):
        cleanup.main(["--prefix", prefix, "--yes"])
