"""The sandbox answers every probe as each committed snapshot of AWS says: a settled [open] row stays settled.

Snapshots are written by `python -m helpers.sandbox.conformance --snapshot FILE`. Until one is
recorded on a real account, `rehearsal-sandbox.json` (recorded from the outside sandbox the rehearsal
uses as its AWS account) shows the format and pins the sandbox's own answers; re-record it with
`.venv/bin/python -m tests.conformance.record` after adding a probe or changing an answer on purpose.
"""
import json
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest

from helpers.sandbox.conformance import PROBES, Answer

ROOT = Path(__file__).resolve().parents[2]
SNAPSHOTS = sorted((Path(__file__).parent / "snapshots").glob("*.json"))


@cache
def sandbox_answers(region: str, tmp: str) -> dict:
    record = Path(tmp) / f"{region}.json"
    subprocess.run([sys.executable, "-m", "helpers.sandbox.conformance", "--target", "sandbox", "--prefix", "snap",
                    "--region", region, "--record", str(record)], cwd=ROOT, check=True, timeout=300)
    return {name: Answer.from_dict(data) for name, data in json.loads(record.read_text()).items()}


def test_there_is_a_snapshot():
    assert SNAPSHOTS, "tests/conformance/snapshots/ must hold at least one snapshot"


@pytest.mark.parametrize("path", SNAPSHOTS, ids=[p.stem for p in SNAPSHOTS])
def test_the_sandbox_answers_as_the_snapshot(path, tmp_path_factory):
    snapshot = json.loads(path.read_text())
    ours = sandbox_answers(snapshot["region"], str(tmp_path_factory.getbasetemp()))
    unknown = sorted(set(snapshot["answers"]) - set(PROBES))
    assert not unknown, f"{path.name} names probes that no longer exist: {unknown}"
    differences = {name: ours[name].differences(Answer.from_dict(theirs))
                   for name, theirs in snapshot["answers"].items()}
    assert {name: lines for name, lines in differences.items() if lines} == {}
