"""The clean-up finds everything named with the prefix, removes it in an order IAM accepts, and is a no-op after."""
import json

import boto3
import pytest

from helpers.workbook import cleanup

DENY_KEYS = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Deny", "Action": "bedrock:CallWithBearerToken", "Resource": "*"}]})
TRUST = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                                                          "Principal": {"AWS": "arn:aws:iam::111122223333:root"}}]})


def test_plan_lists_what_must_go_first_then_clean_up_removes_it_and_leaves_others(course, capsys):
    iam = boto3.client("iam")
    user, role, other = course.name("user"), course.name("role"), "someone-else"
    iam.create_user(UserName=user)
    iam.create_service_specific_credential(UserName=user, ServiceName="bedrock.amazonaws.com")
    iam.create_access_key(UserName=user)
    iam.put_user_policy(UserName=user, PolicyName="inline", PolicyDocument=DENY_KEYS)
    iam.create_role(RoleName=role, AssumeRolePolicyDocument=TRUST)
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
    assert "Removed: user t-user, role t-role, policy t-deny-keys\n" in out and "Nothing to remove" in out
    assert course.clean_up_plan() == []
    assert iam.list_attached_user_policies(UserName=other)["AttachedPolicies"] == []
    assert [u["UserName"] for u in iam.list_users()["Users"]].count(other) == 1


def test_a_step_whose_target_is_already_gone_is_skipped(course, monkeypatch):
    from helpers.workbook import cleanup

    iam = boto3.client("iam")
    iam.create_user(UserName=course.name("user"))
    stale = cleanup.clean_up_plan(iam, "t")
    iam.delete_user(UserName=course.name("user"))  # another clean-up got there first
    monkeypatch.setattr(cleanup, "clean_up_plan", lambda *_, **__: stale)
    assert course.remove_owned() == []


# --- the stand-alone command: lists, asks (or --yes), deletes, reports -------------------------
def make_everything(prefix: str, iam=None) -> None:
    """One of each thing a notebook makes, named with `prefix` (the rehearsal's neighbour too)."""
    iam = iam or boto3.client("iam")
    user, role = f"{prefix}-user", f"{prefix}-role"
    iam.create_user(UserName=user)
    iam.create_service_specific_credential(UserName=user, ServiceName="bedrock.amazonaws.com")
    iam.create_access_key(UserName=user)
    iam.put_user_policy(UserName=user, PolicyName="inline", PolicyDocument=DENY_KEYS)
    arn = iam.create_policy(PolicyName=f"{prefix}-deny-keys", PolicyDocument=DENY_KEYS)["Policy"]["Arn"]
    iam.attach_user_policy(UserName=user, PolicyArn=arn)
    iam.create_role(RoleName=role, AssumeRolePolicyDocument=TRUST)
    iam.attach_role_policy(RoleName=role, PolicyArn=arn)


def test_the_command_lists_then_deletes_with_yes(course, capsys):
    make_everything("p03")
    make_everything("p04")
    assert cleanup.main(["--prefix", "p03", "--dry-run"]) == 0
    assert len(cleanup.clean_up_plan(boto3.client("iam"), "p03")) == 8
    assert cleanup.main(["--prefix", "p03", "--yes"]) == 0
    out = capsys.readouterr().out
    assert "Account 111122223333, as arn:aws:iam::111122223333:user/workbook-admin." in out
    assert "Will delete 3 item(s) named p03-…, in 8 step(s):\n  - delete long-term key " in out
    assert "  - delete user p03-user\n" in out and "Deleted: user p03-user, role p03-role, policy p03-deny-keys." in out
    assert cleanup.clean_up_plan(boto3.client("iam"), "p03") == []
    assert len(cleanup.clean_up_plan(boto3.client("iam"), "p04")) == 8  # the neighbour's things are untouched
    assert cleanup.main(["--prefix", "p03", "--yes"]) == 0
    assert "Nothing to delete" in capsys.readouterr().out


def test_the_command_asks_and_never_deletes_unasked(course, capsys, monkeypatch):
    make_everything("p05")
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    assert cleanup.main(["--prefix", "p05"]) == 2
    assert "--yes" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda prompt: "n")
    assert cleanup.main(["--prefix", "p05"]) == 1
    assert cleanup.clean_up_plan(boto3.client("iam"), "p05")
    monkeypatch.setattr("builtins.input", lambda prompt: "y")
    assert cleanup.main(["--prefix", "p05"]) == 0
    assert cleanup.clean_up_plan(boto3.client("iam"), "p05") == []


def test_the_command_refuses_another_account_than_the_confirmed_one(course, capsys, monkeypatch):
    make_everything("p06")
    monkeypatch.setenv("WORKBOOK_CONFIRM_ACCOUNT", "999999999999")
    assert cleanup.main(["--prefix", "p06", "--yes"]) == 2
    assert "999999999999" in capsys.readouterr().err
    assert cleanup.clean_up_plan(boto3.client("iam"), "p06")


@pytest.mark.parametrize("prefix", ["", "a b", "x;y"])
def test_the_command_refuses_a_bad_prefix(prefix):
    with pytest.raises(SystemExit):
        cleanup.main(["--prefix", prefix, "--yes"])


def test_the_inventory_lists_every_name_and_changes_nothing(course):
    make_everything("p07")
    iam = boto3.client("iam")
    names = {name for _, kind, name, _ in cleanup.inventory(iam) if kind in cleanup.KINDS}
    assert {"workbook-admin", "p07-user", "p07-role", "p07-deny-keys"} <= names
    assert cleanup.inventory(iam) == cleanup.inventory(iam)


def test_scps_named_with_the_prefix_are_detached_from_every_target_then_deleted(course):
    """Notebook 09 makes SCPs with the Organizations API: a stopped cell may leave one attached."""
    org = boto3.client("organizations", region_name=course.region)
    iam = boto3.client("iam", region_name=course.region)
    root = org.list_roots()["Roots"][0]["Id"]
    made = {}
    for name in (course.name("deny-keys"), "someone-elses-scp"):
        policy = org.create_policy(Name=name, Description="test", Type="SERVICE_CONTROL_POLICY",
                                   Content=DENY_KEYS)["Policy"]["PolicySummary"]
        made[name] = policy["Id"]
        org.attach_policy(PolicyId=policy["Id"], TargetId=course.account)
    org.attach_policy(PolicyId=made["t-deny-keys"], TargetId=root)

    plan = [(r.action, r.kind, r.name, r.of) for r in cleanup.clean_up_plan(iam, "t", org=org)]
    assert sorted(plan[:2]) == [("detach", "SCP", "t-deny-keys", f"account {course.account}"),
                                ("detach", "SCP", "t-deny-keys", f"root {root}")]
    assert plan[2:3] == [("delete", "SCP", "t-deny-keys", "")]

    assert cleanup.remove_owned(iam, "t", org=org) == ["SCP t-deny-keys"]
    names = [p["Name"] for p in org.list_policies(Filter="SERVICE_CONTROL_POLICY")["Policies"]]
    assert "t-deny-keys" not in names and "someone-elses-scp" in names
    assert cleanup.clean_up_plan(iam, "t", org=org) == []
    assert cleanup.remove_owned(iam, "t", org=org) == []


def test_where_organizations_cannot_be_reached_the_plan_has_no_scp_steps(course):
    """The rehearsal's inventory runs outside the sandbox's environment: no SCP steps, no crash."""
    from botocore.config import Config

    unreachable = boto3.client("organizations", region_name=course.region, endpoint_url="https://127.0.0.1:9",
                               config=Config(retries={"max_attempts": 1}, connect_timeout=1))
    iam = boto3.client("iam", region_name=course.region)
    iam.create_user(UserName=course.name("user"))
    assert [(r.kind, r.name) for r in cleanup.clean_up_plan(iam, "t", org=unreachable)] == [("user", "t-user")]


def test_an_scp_is_made_from_the_files_text_byte_for_byte(course):
    from helpers.workbook.guardrails import scp, scp_text

    org = boto3.client("organizations", region_name=course.region)
    text = scp_text("Deny-Bedrock-long-term-api-keys")
    made = org.create_policy(Name=course.name("scp"), Description="test", Type="SERVICE_CONTROL_POLICY", Content=text)
    assert org.describe_policy(PolicyId=made["Policy"]["PolicySummary"]["Id"])["Policy"]["Content"] == text
    assert json.loads(text) == scp("Deny-Bedrock-long-term-api-keys")
    with pytest.raises(KeyError):
        scp_text("no-such-scp")
