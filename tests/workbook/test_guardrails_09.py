"""Notebook 09's machinery: AWS's SCPs as data, decide(), the long-term key audit, the exercise checker.

The audit runs against the sandbox through boto3, as it would against an account.
"""
import json
import subprocess
from pathlib import Path

import boto3
import pytest

from helpers.workbook.audit import long_term_keys, short_id
from helpers.workbook.checks import passes, problem
from helpers.workbook.checks.nb09 import guardrail_verdicts
from helpers.workbook.guardrails import FOLDER, decide, names, scp, source

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
        long_term = decide(action, "*", {f"{prefix}:BearerTokenType": "LONG_TERM"}, "Deny-Bedrock-long-term-api-keys")
        short_term = decide(action, "*", {f"{prefix}:BearerTokenType": "SHORT_TERM"}, "Deny-Bedrock-long-term-api-keys")
        assert long_term.decision == "explicitDeny" and short_term.allowed


def test_the_30_day_cap_refuses_30_and_lets_a_key_without_an_age_through_until_the_null_scp_joins():
    def refused(days, *scps):
        context = BEDROCK if days is None else {**BEDROCK, "iam:ServiceSpecificCredentialAgeDays": days}
        return not decide("iam:CreateServiceSpecificCredential", USER, context, *scps).allowed
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


def test_short_id():
    assert short_id("ACCAPRKGYC4OM3WTOOBMZ") == "ACCA…OBMZ"


def test_audit_finds_every_key_and_flags_no_expiry_and_age(course):
    iam = boto3.client("iam", region_name=course.region)
    for user in ("t-old", "t-new", "t-none"):
        iam.create_user(UserName=user)
    iam.create_service_specific_credential(UserName="t-old", ServiceName="bedrock.amazonaws.com", CredentialAgeDays=365)
    iam.create_service_specific_credential(UserName="t-none", ServiceName="bedrock.amazonaws.com")
    course.advance_clock(days=100)
    iam.create_service_specific_credential(UserName="t-new", ServiceName="bedrock.amazonaws.com", CredentialAgeDays=7)

    rows = {r["user"]: r for r in long_term_keys(iam, now=course.now(), older_than_days=90)}
    assert set(rows) == {"t-old", "t-new", "t-none"}, "every user with a key, one row each"
    assert (rows["t-old"]["age (days)"], rows["t-old"]["no expiry"], rows["t-old"]["older than 90 days"]) == (100, False, True)
    assert (rows["t-none"]["expires"], rows["t-none"]["no expiry"]) == ("never", True)
    assert (rows["t-new"]["age (days)"], rows["t-new"]["older than 90 days"], rows["t-new"]["status"]) == (0, False, "Active")
    assert all("…" in r["key"] and "ABSK" not in str(r) for r in rows.values())


def test_audit_pages_through_users(course):
    iam = boto3.client("iam", region_name=course.region)
    for i in range(3):
        iam.create_user(UserName=f"t-page-{i}")
        iam.create_service_specific_credential(UserName=f"t-page-{i}", ServiceName="bedrock.amazonaws.com")

    class OnePerPage:  # IAM pages ListUsers at 100 by default; ask for pages of one to prove the loop
        def __init__(self, client):
            self.client = client

        def get_paginator(self, name):
            paginator = self.client.get_paginator(name)
            return type("P", (), {"paginate": lambda _self: paginator.paginate(PaginationConfig={"PageSize": 1})})()

        def __getattr__(self, name):
            return getattr(self.client, name)

    rows = long_term_keys(OnePerPage(iam), now=course.now())
    assert sorted(r["user"] for r in rows) == ["t-page-0", "t-page-1", "t-page-2"]
