"""Notebook 08's checker: the revoke policy, judged by the evaluator on sessions before and after the click."""
import copy
import json

from helpers.workbook.checks import passes, problem

RIGHT = {"Version": "2012-10-17", "Statement": [{
    "Effect": "Deny", "Action": ["*"], "Resource": ["*"],
    "Condition": {"DateLessThan": {"aws:TokenIssueTime": "2026-12-01T10:00:00Z"}}}]}


def variant(**statement):
    policy = copy.deepcopy(RIGHT)
    policy["Statement"][0].update(statement)
    return policy


def test_the_consoles_policy_passes_as_a_dict_or_json():
    assert passes("08-revoke-at-ten", RIGHT) and passes("08-revoke-at-ten", json.dumps(RIGHT))


def test_each_wrong_turn_is_named():
    later = {"DateGreaterThan": {"aws:TokenIssueTime": "2026-12-01T10:00:00Z"}}
    users_too = {"DateLessThanIfExists": {"aws:TokenIssueTime": "2026-12-01T10:00:00Z"}}
    assert "09:59:59" in problem("08-revoke-at-ten", variant(Condition=later))
    assert "every action" in problem("08-revoke-at-ten", variant(Action="bedrock:*"))
    assert "IAM user" in problem("08-revoke-at-ten", variant(Condition=users_too))
    assert "only allows" in problem("08-revoke-at-ten", variant(Effect="Allow"))
    assert "refuse" in problem("08-revoke-at-ten", "{not json")
    assert not passes("08-revoke-at-ten", ...)


def test_a_deny_on_some_services_is_not_a_deny_on_everything():
    """The click denies every action and resource: a list of services, or one resource, is not `*`."""
    assert "every action" in problem("08-revoke-at-ten", variant(Action=["bedrock:*", "s3:*"]))
    assert "every action" in problem("08-revoke-at-ten", variant(Action=["bedrock:*", "s3:*", "iam:*", "sts:*"]))
    assert "every resource" in problem("08-revoke-at-ten", variant(Resource="arn:aws:bedrock:*"))
    assert "every resource" in problem("08-revoke-at-ten", variant(Resource=["arn:aws:s3:::*", "arn:aws:bedrock:*"]))
    assert passes("08-revoke-at-ten", variant(Action="*", Resource="*"))


def test_rotation_order():
    from helpers.workbook.checks.nb08 import ROTATION_STEPS
    assert passes("08-rotation-order", list(ROTATION_STEPS))
    assert "does not exist yet" in problem("08-rotation-order", ["switch the application to B", "make B", "deactivate A", "delete A"])
    assert "still uses it" in problem("08-rotation-order", ["make B", "deactivate A", "switch the application to B", "delete A"])
    assert "deactivate first" in problem("08-rotation-order", ["make B", "switch the application to B", "delete A", "deactivate A"])
    assert "each once" in problem("08-rotation-order", ["make B", "make B", "deactivate A", "delete A"])
    assert "each once" in problem("08-rotation-order", "make B, switch, deactivate, delete")


def test_which_move():
    from helpers.workbook.checks.nb08 import SITUATIONS
    right = {letter: move for letter, (_, move) in SITUATIONS.items()}
    assert passes("08-which-move", right)
    assert "rotation keeps the application working" in problem("08-which-move", {**right, "a": "reset"})
    assert "IAM stores nothing" in problem("08-which-move", {**right, "d": "deactivate"})
    assert "none of the moves" in problem("08-which-move", {**right, "d": "delete it"})
    assert "no answer yet for d" in problem("08-which-move", {**right, "d": ...})
    assert not passes("08-which-move", ["rotate"] * 5)
