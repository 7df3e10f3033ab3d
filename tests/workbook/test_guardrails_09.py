"""Notebook 09's machinery: AWS's SCPs as data, decision_under_scps(), the exercise checkers.
"""
import json
import subprocess
from pathlib import Path

import pytest

from helpers.workbook.checks import passes, problem
from helpers.workbook.checks.nb09 import guardrail_verdicts
from helpers.workbook.guardrails import FOLDER, decision_under_scps, names, scp, source

BEDROCK = {"iam:ServiceSpecificCredentialServiceName": "bedrock.amazonaws.com"}
USER = "arn:aws:iam::111122223333:user/someone"
# Git blob ids of AWS's files at the commits sources.json names: the copies are byte for byte.
AWS_BLOBS = {
    "Deny-Bedrock-api-keys-longer-than-30-days": "20feff9ae2d560dabf99d59e1e60c9864fa6bc7e",
}


def test_every_scp_is_valid_and_has_a_source():
    sources = json.loads((FOLDER / "sources.json").read_text())
    assert set(names()) == set(sources) - {"_about"}
    for name in names():
        assert scp(name)["Statement"] and source(name)
        entry = sources[name]
        if entry["by"] == "AWS":
            assert len(entry["commit"]) == 40 and entry["path"].endswith(f"/{name}.json")
    assert "written for this course" in source("Deny-Bedrock-api-keys-that-never-expire")


@pytest.mark.parametrize("name,blob", AWS_BLOBS.items())
def test_aws_copies_are_byte_for_byte(name, blob):
    path = FOLDER / f"{name}.json"
    hashed = subprocess.run(["git", "hash-object", str(path)], capture_output=True, text=True, check=True)
    assert hashed.stdout.strip() == blob


def test_aws_long_term_scp_denies_both_prefixes_and_spares_short_term_keys():
    for prefix in ("bedrock", "bedrock-mantle"):
        action = f"{prefix}:CallWithBearerToken"
        long_term = decision_under_scps(action, "*", {f"{prefix}:BearerTokenType": "LONG_TERM"}, "Deny-Bedrock-long-term-api-keys")
        short_term = decision_under_scps(action, "*", {f"{prefix}:BearerTokenType": "SHORT_TERM"}, "Deny-Bedrock-long-term-api-keys")
        assert long_term.decision == "explicitDeny" and short_term.allowed


def test_the_30_day_cap_refuses_30_and_lets_a_key_without_an_age_through_until_the_null_scp_joins():
    def refused(days, *scps):
        context = BEDROCK if days is None else {**BEDROCK, "iam:ServiceSpecificCredentialAgeDays": days}
        return not decision_under_scps("iam:CreateServiceSpecificCredential", USER, context, *scps).allowed
    cap = "Deny-Bedrock-api-keys-longer-than-30-days"
    assert [refused(d, cap) for d in (90, 30, 29, None)] == [True, True, False, False]
    both = (cap, "Deny-Bedrock-api-keys-that-never-expire")
    assert [refused(d, *both) for d in (90, 30, 29, None)] == [True, True, False, True]


def test_the_exercise_checker():
    assert not passes("09-long-term-guardrail", scp("Deny-Bedrock-long-term-api-keys"))
    assert "never expires" in problem("09-long-term-guardrail", scp("Deny-Bedrock-long-term-api-keys"))
    deny = lambda action, condition: {"Effect": "Deny", "Action": action, "Resource": "*", "Condition": condition}
    solution = {"Version": "2012-10-17", "Statement": [
        deny("bedrock:CallWithBearerToken", {"StringEquals": {"bedrock:BearerTokenType": "LONG_TERM"}}),
        deny("bedrock-mantle:CallWithBearerToken", {"StringEquals": {"bedrock-mantle:BearerTokenType": "LONG_TERM"}}),
        deny("iam:CreateServiceSpecificCredential",
             {"StringEquals": BEDROCK, "NumericGreaterThan": {"iam:ServiceSpecificCredentialAgeDays": "90"}}),
        deny("iam:CreateServiceSpecificCredential",
             {"StringEquals": BEDROCK, "Null": {"iam:ServiceSpecificCredentialAgeDays": "true"}}),
    ]}
    assert passes("09-long-term-guardrail", solution)
    assert all(refused == refuse for _, refused, refuse in guardrail_verdicts(solution))
    off_by_one = json.loads(json.dumps(solution).replace("NumericGreaterThan", "NumericGreaterThanEquals"))
    assert problem("09-long-term-guardrail", off_by_one) == "it refuses creating a Bedrock key for 90 days."
    everything = {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*"}]}
    assert "refuses a short-term key" in problem("09-long-term-guardrail", everything)
    assert "policy document" in problem("09-long-term-guardrail", "deny long-term keys")


def test_what_it_refuses_is_the_evaluators_answer_and_wrong_sets_are_named():
    from helpers.workbook.checks.nb09 import refused_predictions
    assert refused_predictions() == {"a", "b"}
    assert passes("09-what-it-refuses", {"a", "b"}) and passes("09-what-it-refuses", ["B", "a"])
    assert "c (a short-term key" in problem("09-what-it-refuses", {"a", "b", "c"})
    assert "d (the administrator" in problem("09-what-it-refuses", {"a", "b", "d"})
    assert "b is refused too" in problem("09-what-it-refuses", {"a"})
    assert "as a set" in problem("09-what-it-refuses", "a, b")


def test_read_the_refusal():
    from helpers.workbook.checks.nb09 import REFUSAL, REFUSAL_PARTS
    assert passes("09-read-the-refusal", dict(REFUSAL_PARTS))
    assert all(value in REFUSAL for value in REFUSAL_PARTS.values())
    callers_account = {**REFUSAL_PARTS, "management account": "222233334444"}
    assert "management account" in problem("09-read-the-refusal", callers_account)
    assert "policy id" in problem("09-read-the-refusal", {**REFUSAL_PARTS, "policy id": "o-a1b2c3d4e5"})
    assert "no answer yet" in problem("09-read-the-refusal", {**REFUSAL_PARTS, "action": ...})


def test_setup_refuses_09_where_bedrock_mantle_does_not_serve_the_model():
    """09 calls the model on bedrock-mantle too: a Region mantle does not serve would contradict its text."""
    from helpers.workbook.parameters import ParameterError, check

    with pytest.raises(ParameterError, match="bedrock-mantle.*eu-central-1"):
        check("ap-southeast-2", "au.anthropic.claude-haiku-4-5-20251001-v1:0", "wb", notebook="09")
    assert check("eu-central-1", "eu.anthropic.claude-haiku-4-5-20251001-v1:0", "wb", notebook="09")
    assert check("ap-southeast-2", "au.anthropic.claude-haiku-4-5-20251001-v1:0", "wb", notebook="08")
