"""Notebook 07's machinery: the model-only policy, offline decisions, outcomes, and the policy explorer
widget driven without a browser (setting `.value` fires observers, `Button.click()` fires handlers)."""
import json

import boto3
import pytest

from helpers.workbook.decide import MANTLE, key_call_verdict
from helpers.workbook.explorer import Request, policy_explorer, render
from helpers.workbook.outcome import outcome
from helpers.workbook.policies import model_only_policy

PROFILE = "us.anthropic.claude-haiku-4-5-20251001-v1:0"
MODEL = "anthropic.claude-haiku-4-5-20251001-v1:0"
ACCOUNT = "111122223333"
PROFILE_ARN = f"arn:aws:bedrock:us-west-2:{ACCOUNT}:inference-profile/{PROFILE}"
ALL = ["us-east-1", "us-east-2", "us-west-1", "us-west-2"]


def policy(regions=ALL, **kw):
    return model_only_policy(PROFILE_ARN, MODEL, regions, **kw)


@pytest.mark.parametrize("call, expected", [
    (("Converse", PROFILE, "us-west-2", "LONG_TERM"), "allowed"),
    (("ConverseStream", PROFILE, "us-west-2", "SHORT_TERM"), "allowed"),
    (("Converse", MODEL, "us-west-2", "LONG_TERM"), "implicitDeny"),
    (("Converse", "us.anthropic.claude-haiku-5-5", "us-west-2", "LONG_TERM"), "implicitDeny"),
    (("Converse", PROFILE, "us-east-1", "SHORT_TERM"), "implicitDeny"),
    (("Converse", "no.such-model", "us-west-2", "SHORT_TERM"), "not a policy question"),
    ((MANTLE, "anthropic.claude-haiku-4-5", "us-west-2", "LONG_TERM"), "implicitDeny"),
])
def test_decisions_of_the_haiku_only_policy(call, expected):
    assert key_call_verdict(policy(), *call, ACCOUNT).decision == expected


def test_routing_to_a_region_the_policy_leaves_out_is_refused_on_the_model_arn():
    verdict = key_call_verdict(policy(["us-east-1", "us-west-2"]), "Converse", PROFILE, "us-west-2", "LONG_TERM", ACCOUNT,
                     destination="us-east-2")
    assert verdict.decision == "implicitDeny"
    assert verdict.deciding.resource == f"arn:aws:bedrock:us-east-2::foundation-model/{MODEL}"
    assert "because no identity-based policy allows the bedrock:InvokeModel action" in verdict.message()


def test_an_explicit_deny_names_its_statement():
    document = policy()
    document["Statement"].append({"Sid": "NoLongTermKeys", "Effect": "Deny", "Action": "bedrock:CallWithBearerToken",
                                  "Resource": "*", "Condition": {"StringEquals": {"bedrock:BearerTokenType": "LONG_TERM"}}})
    assert key_call_verdict(document, "Converse", PROFILE, "us-west-2", "SHORT_TERM", ACCOUNT).allowed
    verdict = key_call_verdict(document, "Converse", PROFILE, "us-west-2", "LONG_TERM", ACCOUNT)
    assert verdict.decision == "explicitDeny"
    assert verdict.statements() == ['statement "NoLongTermKeys" (Deny) in identity policy #1']


def test_streaming_needs_its_own_action():
    assert key_call_verdict(policy(actions=["bedrock:InvokeModel"]), "ConverseStream", PROFILE, "us-west-2", "SHORT_TERM",
                  ACCOUNT).deciding.action == "bedrock:InvokeModelWithResponseStream"


def test_outcome_of_requests_and_boto3(course):
    import requests
    assert outcome(lambda: requests.get("https://bedrock-runtime.us-west-2.amazonaws.com/nowhere")).startswith("refused: 40")
    assert outcome(lambda: boto3.client("iam", region_name="us-west-2").list_users()) == "allowed: 200"
    assert outcome(lambda: boto3.client("iam", region_name="us-west-2").get_user(UserName="nobody")).startswith(
        "refused: 404 NoSuchEntity: ")


def test_render_says_when_the_policy_does_not_parse():
    text = render("{not json", Request("Converse", PROFILE, "us-west-2", "LONG_TERM"), ACCOUNT, "u")
    assert "does not parse" in text


def test_the_explorer_updates_on_every_change_and_confirms_with_a_real_call(course):
    explorer = policy_explorer(course, policy(), models=[PROFILE, MODEL], regions=["us-west-2", "us-east-1"],
                               destinations=ALL)
    assert "✓ allowed" in explorer.answer.value
    explorer.model.value = MODEL
    assert "✗ implicitDeny" in explorer.answer.value and "foundation-model" in explorer.answer.value
    explorer.button.click()
    assert explorer.confirmed.value.startswith("<pre class='policy-confirmed' style='white-space:pre-wrap'>The call: refused: 403 ")
    assert "Answered by the sandbox (as AWS documents: IAM access-denied messages)" in explorer.confirmed.value
    assert "is not authorized to perform: bedrock:InvokeModel" in explorer.confirmed.value
    assert "they agree ✓" in explorer.confirmed.value

    explorer.model.value = PROFILE
    explorer.key_type.value = "SHORT_TERM"
    explorer.operation.value = "ConverseStream"
    assert explorer.confirmed.value == ""          # a change clears the last confirmation
    explorer.button.click()
    assert "The call: allowed: 200" in explorer.confirmed.value and "they agree ✓" in explorer.confirmed.value

    explorer.destination.value = "us-east-2"        # a policy without us-east-2, routed there
    explorer.policy.value = json.dumps(policy(["us-east-1", "us-west-2"]))
    assert "✗ implicitDeny" in explorer.answer.value and "us-east-2::foundation-model" in explorer.answer.value
    explorer.button.click()
    assert "refused: 403" in explorer.confirmed.value and "they agree ✓" in explorer.confirmed.value
    assert course.sandbox.router.pinned is None     # the pin is lifted after the call

    explorer.policy.value = "{"
    assert "does not parse" in explorer.answer.value
    explorer.button.click()
    assert "Could not confirm" in explorer.confirmed.value
    course.clean_up()
    assert not [u for u in boto3.client("iam", region_name="us-west-2").list_users()["Users"] if u["UserName"].startswith("t-")]

    explorer.policy.value = json.dumps(policy())   # a click after clean-up makes nothing again
    explorer.button.click()
    assert "Nothing done:" in explorer.confirmed.value and "clean-up ran" in explorer.confirmed.value
    assert not [u for u in boto3.client("iam", region_name="us-west-2").list_users()["Users"] if u["UserName"].startswith("t-")]


def test_a_closed_explorer_makes_nothing_and_saves_a_sentence_not_its_children(course):
    explorer = policy_explorer(course, policy(), models=[PROFILE], destinations=ALL)
    assert "VBox" not in repr(explorer) and "run this cell" in repr(explorer)
    assert explorer._repr_mimebundle_()["text/plain"] == repr(explorer)
    assert list(explorer.destination.options) == ["default", *ALL]
    explorer.close()
    explorer.button.click()
    assert "Nothing done: the explorer was closed" in explorer.confirmed.value
    assert not [u for u in boto3.client("iam", region_name="us-west-2").list_users()["Users"] if u["UserName"].startswith("t-")]


def test_the_streaming_exercise():
    from helpers.workbook.checks import passes, problem

    assert problem("07-allow-streaming", policy(actions=["bedrock:InvokeModel"])).startswith("ConverseStream with a SHORT_TERM")
    assert passes("07-allow-streaming", policy(actions=["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"]))
    assert passes("07-allow-streaming", policy())
    wide = policy()
    wide["Statement"][1]["Resource"] = "*"
    assert "also allows" in problem("07-allow-streaming", wide)
    half = policy(actions=["bedrock:InvokeModel"])
    half["Statement"][1]["Action"] = ["bedrock:InvokeModel*"]
    assert "on arn:aws:bedrock:us-east-1::foundation-model" in problem("07-allow-streaming", half)
    assert "no inference-profile ARN" in problem("07-allow-streaming", {"Statement": []})
    blanket = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
    assert "it allows every model" in problem("07-allow-streaming", blanket)
    another = policy()
    another["Statement"][2]["Resource"] = "arn:aws:bedrock:*::foundation-model/*"
    another["Statement"][1]["Resource"] = [PROFILE_ARN, PROFILE_ARN.replace(PROFILE, "us.anthropic.claude-sonnet-4-5-20250929-v1:0")]
    another["Statement"][2].pop("Condition")
    assert "also allows" in problem("07-allow-streaming", another)



def test_the_who_refused_exercise_rejects_each_wrong_letter():
    from helpers.workbook.checks import passes, problem

    assert passes("07-who-refused", {"a": "iam", "b": "key", "c": "model"})
    assert problem("07-who-refused", {"a": "key", "b": "key", "c": "model"}).startswith("a: ")
    assert problem("07-who-refused", {"a": "iam", "b": "iam", "c": "model"}).startswith("b: ")
    assert problem("07-who-refused", {"a": "iam", "b": "key", "c": "iam"}).startswith("c: ")
    assert "not 'IAM'" in problem("07-who-refused", {"a": "IAM", "b": "key", "c": "model"})
    assert "keys" in problem("07-who-refused", {"a": "iam"})


def test_an_explorer_made_again_and_again_still_confirms_with_both_kinds_of_key(course):
    """Each explorer makes its own keys for the same user; IAM allows two of each kind, so re-running
    the cell a third time must make room (the oldest key goes), not answer LimitExceeded."""
    for _ in range(4):
        explorer = policy_explorer(course, policy(), models=[PROFILE], destinations=ALL)
        for key_type in ("SHORT_TERM", "LONG_TERM"):
            explorer.key_type.value = key_type
            explorer.button.click()
            assert "The call: allowed: 200" in explorer.confirmed.value, explorer.confirmed.value
