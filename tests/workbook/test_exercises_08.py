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
    assert "S3" in problem("08-revoke-at-ten", variant(Action="bedrock:*"))
    assert "IAM user" in problem("08-revoke-at-ten", variant(Condition=users_too))
    assert "only allows" in problem("08-revoke-at-ten", variant(Effect="Allow"))
    assert "refuse" in problem("08-revoke-at-ten", "{not json")
    assert not passes("08-revoke-at-ten", ...)
