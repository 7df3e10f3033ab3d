"""`python -m helpers.sandbox.conformance` end to end, with an outside sandbox as the AWS account."""
import json
import re

from helpers.workbook import cleanup
from tests.conformance.conftest import ACCOUNT, conformance, iam_of

from helpers.sandbox.conformance import PROBES


def test_it_refuses_to_run_without_the_account_confirmed(aws_account, tmp_path):
    before = cleanup.inventory(iam_of(aws_account))
    env = {k: v for k, v in aws_account.items() if k != "WORKBOOK_CONFIRM_ACCOUNT"}
    done = conformance(env, "--prefix", "cf1", "--region", "us-west-2", "--out", str(tmp_path))
    assert done.returncode == 2, done.stdout + done.stderr
    assert f"account {ACCOUNT}" in done.stdout and "Stopped: Confirm the account first" in done.stdout
    assert not (tmp_path / "report.json").exists()
    assert cleanup.inventory(iam_of(aws_account)) == before


def test_it_refuses_another_account(aws_account, tmp_path):
    done = conformance({**aws_account, "WORKBOOK_CONFIRM_ACCOUNT": "999988887777"}, "--prefix", "cf2",
                       "--out", str(tmp_path))
    assert done.returncode == 2 and "these credentials are for account 111122223333" in done.stdout


def test_a_prefix_outside_iam_names_is_refused_before_anything(aws_account, tmp_path):
    done = conformance({**aws_account, "WORKBOOK_CONFIRM_ACCOUNT": ACCOUNT}, "--prefix", "wb é", "--out", str(tmp_path))
    assert done.returncode == 2 and "IAM's name characters" in done.stdout


def test_a_run_reports_every_probe_writes_a_snapshot_and_leaves_the_account_as_it_was(aws_account, tmp_path):
    iam = iam_of(aws_account)
    before = cleanup.inventory(iam)
    snapshot = tmp_path / "snapshot.json"
    done = conformance({**aws_account, "WORKBOOK_CONFIRM_ACCOUNT": ACCOUNT}, "--prefix", "cf3", "--region", "us-west-2",
                       "--out", str(tmp_path), "--snapshot", str(snapshot))
    assert done.returncode == 0, done.stdout + done.stderr
    report = json.loads((tmp_path / "report.json").read_text())
    assert {row["probe"] for row in report["probes"]} == set(PROBES)
    # A probe that raised is recorded as ProbeFailed on both sides alike, so agreement alone would hide it.
    assert [row["probe"] for row in report["probes"] if row["aws"]["code"] == "ProbeFailed"] == []
    # Both sides are sandboxes here, so every probe must agree: a difference is a nondeterministic answer.
    assert [row["differences"] for row in report["probes"] if not row["agree"]] == []
    assert f"{len(PROBES)} of {len(PROBES)} probes agree" in (tmp_path / "report.md").read_text()
    assert cleanup.inventory(iam) == before
    text = snapshot.read_text()
    assert ACCOUNT not in text and "ABSK" not in text and "bedrock-api-key-" not in text and "cf3-" not in text
    assert not re.search(r"\b(?:AKIA|ASIA)[A-Z0-9]{16}\b", text)
    assert f"probe {len(PROBES)}/{len(PROBES)}: " in done.stdout and "removing everything named cf3-cf-..." in done.stdout
    assert set(json.loads(text)["answers"]) == set(PROBES)
