"""The aws target's guard rails (helpers/workbook/live.py), the preflight, and the workshop's policies."""
import json
from pathlib import Path

import boto3
import pytest
from botocore.exceptions import ClientError

from helpers.policy import evaluate
from helpers.workbook import hints, live, plans, propagation
from helpers.workbook.course import AwsCourse
from helpers.workbook.live import LiveRefused
from helpers.workbook.parameters import check

POLICIES = Path(__file__).resolve().parents[2] / "workshop" / "policies"
ACCOUNT = "111122223333"
MODEL = "us.anthropic.claude-haiku-4-5-20251001-v1:0"


def policy(name):
    return json.loads((POLICIES / name).read_text())


# --- confirmation -----------------------------------------------------------------------------
def test_the_account_is_confirmed_by_the_variable_or_at_the_prompt():
    assert "WORKBOOK_CONFIRM_ACCOUNT" in live.confirm_account(ACCOUNT, {"WORKBOOK_CONFIRM_ACCOUNT": ACCOUNT})
    assert "prompt" in live.confirm_account(ACCOUNT, {}, ask=lambda prompt: ACCOUNT)


def test_another_account_or_no_answer_stops_the_run():
    with pytest.raises(LiveRefused, match="credentials are for account 111122223333"):
        live.confirm_account(ACCOUNT, {"WORKBOOK_CONFIRM_ACCOUNT": "999999999999"})
    with pytest.raises(LiveRefused, match="Not confirmed"):
        live.confirm_account(ACCOUNT, {}, ask=lambda prompt: "yes")

    def no_stdin(prompt):
        raise EOFError  # papermill's kernels: StdinNotImplementedError, the same way out
    with pytest.raises(LiveRefused, match="set WORKBOOK_CONFIRM_ACCOUNT=111122223333"):
        live.confirm_account(ACCOUNT, {}, ask=no_stdin)


# --- sandbox credentials never go to AWS -------------------------------------------------------
def test_a_kernel_that_started_the_sandbox_is_refused(course):
    with pytest.raises(LiveRefused, match="Restart the kernel"):
        live.check_environment({})


def test_sandbox_settings_without_their_proxy_are_refused():
    marked = {"AWS_CA_BUNDLE": "/tmp/bedrock-sandbox-123-abc/ca.pem"}
    with pytest.raises(LiveRefused, match="no proxy"):
        live.check_environment(marked, in_kernel_sandbox=False)
    with pytest.raises(LiveRefused):
        live.check_environment({**marked, "HTTPS_PROXY": "http://proxy.example.com:3128"}, in_kernel_sandbox=False)
    # the sandbox outside the kernel (the rehearsal), and a corporate CA: allowed
    live.check_environment({**marked, "HTTPS_PROXY": "http://127.0.0.1:4567"}, in_kernel_sandbox=False)
    live.check_environment({"AWS_CA_BUNDLE": "/etc/corporate-ca.pem"}, in_kernel_sandbox=False)


# --- eventual consistency (propagation.py) -----------------------------------------------------
def sandbox_session():
    """A boto3 session of its own on the sandbox's environment (the course fixture set it)."""
    return boto3.session.Session()


def test_each_iam_change_waits_once_and_reads_and_refusals_never_wait(course):
    waits = []
    session = sandbox_session()
    assert propagation.settle_iam_changes(session.events, 7, sleep=waits.append) == 7
    iam, runtime = session.client("iam"), session.client("bedrock-runtime")
    iam.create_user(UserName="t-fresh")
    iam.put_user_policy(UserName="t-fresh", PolicyName="p", PolicyDocument=json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*"}]}))
    assert waits == [7, 7]
    iam.list_users()
    iam.get_user(UserName="t-fresh")
    with pytest.raises(ClientError):
        iam.create_user(UserName="t-fresh")  # refused: nothing changed, nothing to wait for
    key = iam.create_service_specific_credential(UserName="t-fresh", ServiceName="bedrock.amazonaws.com")
    assert waits == [7, 7, 7]
    secret = key["ServiceSpecificCredential"]["ServiceCredentialSecret"]
    import requests
    denied = requests.post("https://bedrock-runtime.us-west-2.amazonaws.com/model/m/converse", json={},
                           headers={"Authorization": f"Bearer {secret}"})
    assert denied.status_code == 403  # the expected refusal comes at once: no wait, no retry
    with pytest.raises(ClientError):
        runtime.converse(modelId="no-such-model", messages=[])
    assert waits == [7, 7, 7]


def test_the_wait_is_configuration(monkeypatch):
    assert propagation.settle_seconds({}) == propagation.DEFAULT_SECONDS
    assert propagation.settle_seconds({propagation.SETTLE_VARIABLE: "0"}) == 0
    with pytest.raises(ValueError, match="WORKBOOK_IAM_SETTLE_SECONDS='soon' is not a number of seconds."):
        propagation.settle_seconds({propagation.SETTLE_VARIABLE: "soon"})
    assert [propagation.is_change(o) for o in ("CreateUser", "PutUserPolicy", "AttachPolicy", "ListUsers",
                                              "GetUser", "SimulatePrincipalPolicy")] == [True] * 3 + [False] * 3


def test_on_the_sandbox_nothing_is_registered_and_wait_for_iam_just_calls(course, capsys):
    calls = []
    assert course.wait_for_iam(lambda: calls.append(1) or "ok", until=lambda a: False) == "ok"
    assert calls == [1] and capsys.readouterr().out == ""
    handlers = boto3.DEFAULT_SESSION.events if boto3.DEFAULT_SESSION else sandbox_session().events
    assert not any("settle" in getattr(h, "__name__", "") for h in handlers._emitter._lookup_cache.get(
        "after-call.iam.CreateUser", []))


# --- advice under errors -------------------------------------------------------------------------
def test_two_keys_per_user_is_explained_with_the_user_and_the_way_out(course):
    iam = boto3.client("iam")
    iam.create_user(UserName="t-key-user")
    for _ in range(2):
        iam.create_service_specific_credential(UserName="t-key-user", ServiceName="bedrock.amazonaws.com")
    with pytest.raises(ClientError) as caught:
        iam.create_service_specific_credential(UserName="t-key-user", ServiceName="bedrock.amazonaws.com")
    advice = hints.explain(caught.value, "t", "us-west-2")
    assert "User t-key-user already has two long-term keys" in advice
    assert "python -m helpers.workbook.cleanup --prefix t" in advice
    with pytest.raises(ClientError) as caught:
        iam.create_user(UserName="t-key-user")
    assert "Left over from an earlier run" in hints.explain(caught.value, "t", "us-west-2")
    assert hints.explain(ValueError("x"), "t", "us-west-2") is None


# --- the preflight and the workshop's policies ---------------------------------------------------
@pytest.fixture
def participant(course):
    """IAM user p07 with only the participant policy (a managed policy: it is over the inline size)."""
    iam = boto3.client("iam")
    arn = iam.create_policy(PolicyName="workshop-participant",
                            PolicyDocument=json.dumps(policy("participant-policy.json")))["Policy"]["Arn"]
    iam.create_user(UserName="p07")
    iam.attach_user_policy(UserName="p07", PolicyArn=arn)
    yield f"arn:aws:iam::{ACCOUNT}:user/p07"
    iam.detach_user_policy(UserName="p07", PolicyArn=arn)


@pytest.mark.parametrize("notebook", sorted(plans.PLANS))
def test_the_participant_policy_allows_every_plan_under_its_own_prefix_only(participant, notebook):
    iam = boto3.client("iam")
    own = plans.needs_of(notebook, account=ACCOUNT, region="us-west-2", prefix="p07", model=MODEL)
    assert live.check_permissions(iam, participant, own) == []
    other = plans.needs_of(notebook, account=ACCOUNT, region="us-west-2", prefix="p08", model=MODEL)
    missing = live.check_permissions(iam, participant, other)
    assert all(any(f":{kind}/p08-" in n.resource for kind in ("user", "role", "policy")) for n in missing)
    assert bool(missing) == bool(plans.PLANS[notebook].makes)


def test_the_participant_policy_refuses_escalation_and_neighbours(participant):
    document = policy("participant-policy.json")
    context = {"aws:username": "p07"}
    for action, resource, keys in [
        ("iam:AttachUserPolicy", f"arn:aws:iam::{ACCOUNT}:user/p07-key-user",
         {"iam:PolicyARN": "arn:aws:iam::aws:policy/AdministratorAccess"}),
        ("iam:DeleteUser", f"arn:aws:iam::{ACCOUNT}:user/p08-key-user", {}),
        ("iam:CreateServiceSpecificCredential", f"arn:aws:iam::{ACCOUNT}:user/p07", {}),   # its own user
        ("iam:AttachUserPolicy", f"arn:aws:iam::{ACCOUNT}:user/p07", {"iam:PolicyARN": "arn:aws:iam::aws:policy/AmazonBedrockLimitedAccess"}),
        ("iam:PassRole", f"arn:aws:iam::{ACCOUNT}:role/p07-app-role", {}),
        ("iam:SimulatePrincipalPolicy", f"arn:aws:iam::{ACCOUNT}:user/p08", {}),
    ]:
        assert not evaluate(action, resource, {**context, **keys}, identity_policies=[document]).allowed, action


def test_preflight_stops_with_one_list_before_anything_is_made(participant, capsys):
    aws = AwsCourse.__new__(AwsCourse)  # the preflight alone, as participant p07 with another's prefix
    aws.region, aws.prefix, aws.notebook, aws.account = "us-west-2", "p08", "02", ACCOUNT
    aws.choice = check("us-west-2", MODEL, "p08", "02")
    aws.identity = {"Account": ACCOUNT, "Arn": participant}
    with pytest.raises(LiveRefused) as refused:
        aws.preflight()
    message = str(refused.value)
    assert message.startswith(f"{participant} lacks ") and "nothing was made" in message
    assert f"  - iam:CreateUser on arn:aws:iam::{ACCOUNT}:user/p08-key-user" in message
    assert "participant-policy.json" in message
    assert "This run creates: IAM user p08-key-user" in capsys.readouterr().out
    assert not [u for u in boto3.client("iam").list_users()["Users"] if u["UserName"].startswith("p08-")]
    aws.prefix = "p07"
    assert aws.preflight() == []


def test_preflight_warns_and_goes_on_when_the_caller_may_not_simulate(course, capsys):
    iam = boto3.client("iam")
    iam.create_user(UserName="nosim")
    aws = AwsCourse.__new__(AwsCourse)
    aws.region, aws.prefix, aws.notebook, aws.account = "us-west-2", "nosim", "02", ACCOUNT
    aws.choice = check("us-west-2", MODEL, "nosim", "02")
    aws.identity = {"Account": ACCOUNT, "Arn": f"arn:aws:iam::{ACCOUNT}:user/nosim"}
    key = iam.create_access_key(UserName="nosim")["AccessKey"]
    as_nosim = boto3.Session(aws_access_key_id=key["AccessKeyId"], aws_secret_access_key=key["SecretAccessKey"],
                             region_name="us-west-2").client("iam")
    assert live.check_permissions(as_nosim, aws.identity["Arn"], plans.needs_of(
        "02", account=ACCOUNT, region="us-west-2", prefix="nosim", model=MODEL)) is None


def test_an_assumed_role_is_simulated_as_its_role():
    assert live.simulation_source({"Account": ACCOUNT, "Arn": f"arn:aws:sts::{ACCOUNT}:assumed-role/ci/run-42"}) \
        == f"arn:aws:iam::{ACCOUNT}:role/ci"
    assert live.simulation_source({"Account": ACCOUNT, "Arn": f"arn:aws:iam::{ACCOUNT}:root"}) is None


def test_the_trainer_policy_cleans_any_participant_and_grants_only_the_participant_policy():
    document = policy("trainer-policy.json")
    allowed = lambda action, resource, **keys: evaluate(action, resource, keys, identity_policies=[document]).allowed
    assert allowed("iam:DeleteUser", f"arn:aws:iam::{ACCOUNT}:user/p31-key-user")
    assert allowed("iam:DeletePolicy", f"arn:aws:iam::{ACCOUNT}:policy/p31-haiku-only")
    assert allowed("iam:AttachUserPolicy", f"arn:aws:iam::{ACCOUNT}:user/p31",
                   **{"iam:PolicyARN": f"arn:aws:iam::{ACCOUNT}:policy/workshop-participant"})
    assert not allowed("iam:AttachUserPolicy", f"arn:aws:iam::{ACCOUNT}:user/p31",
                       **{"iam:PolicyARN": "arn:aws:iam::aws:policy/AdministratorAccess"})
    assert not allowed("iam:DeleteUser", f"arn:aws:iam::{ACCOUNT}:user/workbook-admin")


def test_the_scp_keeps_what_participants_create_to_bedrock():
    scp = [[{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]},
            policy("created-principals-scp.json")]]
    admin = [{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}]

    def allowed(principal, action):
        return evaluate(action, "*", {"aws:PrincipalArn": f"arn:aws:iam::{ACCOUNT}:{principal}"},
                        identity_policies=admin, scps=scp).allowed
    assert not allowed("user/p07-key-user", "iam:CreateUser")  # even with AdministratorAccess inline
    assert allowed("user/p07-key-user", "bedrock:InvokeModel")
    assert allowed("role/p07-app-role", "bedrock-mantle:CreateInference")
    assert allowed("user/p07", "iam:CreateUser")  # the participant, and the trainer, are not held


def test_the_ci_role_policy_allows_every_plan_under_a_ci_prefix_only():
    document = policy("ci-role-policy.json")
    for notebook in plans.PLANS:
        for prefix, expected in (("ci-42", True), ("p07", False)):
            needs = plans.needs_of(notebook, account=ACCOUNT, region="us-west-2", prefix=prefix, model=MODEL)
            decided = [evaluate(n.action, n.resource, dict(n.context), identity_policies=[document]).allowed
                       for n in needs if expected or f"/{prefix}-" in n.resource
                       and n.action != "iam:ListServiceSpecificCredentials"]  # metadata of every user: the audit
            assert all(decided) if expected else not any(decided), (notebook, prefix)


def test_converse_gets_a_small_token_limit_unless_the_cell_sets_one():
    from botocore.stub import Stubber

    session = boto3.Session(aws_access_key_id="AKIAEXAMPLE", aws_secret_access_key="x", region_name="us-west-2")
    live.limit_tokens(session.events)
    runtime = session.client("bedrock-runtime")
    reply = {"output": {"message": {"role": "assistant", "content": [{"text": "hi"}]}}, "stopReason": "end_turn",
             "usage": {"inputTokens": 1, "outputTokens": 1, "totalTokens": 2}, "metrics": {"latencyMs": 1}}
    hello = [{"role": "user", "content": [{"text": "hello"}]}]
    with Stubber(runtime) as stub:
        stub.add_response("converse", reply, {"modelId": MODEL, "messages": hello,
                                              "inferenceConfig": {"maxTokens": live.MAX_TOKENS}})
        stub.add_response("converse", reply, {"modelId": MODEL, "messages": hello, "inferenceConfig": {"maxTokens": 5}})
        runtime.converse(modelId=MODEL, messages=hello)
        runtime.converse(modelId=MODEL, messages=hello, inferenceConfig={"maxTokens": 5})


def test_a_clean_up_waits_for_none_of_its_deletions(course):
    waits = []
    propagation.settle_iam_changes(boto3.DEFAULT_SESSION.events, 3, sleep=waits.append)
    try:
        iam = boto3.client("iam")
        iam.create_user(UserName="t-gone")
        assert waits == [3]
        course.remove_owned()
        assert waits == [3] and not [u for u in iam.list_users()["Users"] if u["UserName"] == "t-gone"]
    finally:
        for service in propagation.SERVICES:
            boto3.DEFAULT_SESSION.events.unregister(f"after-call.{service}", unique_id=f"workbook-iam-settle-{service}")
