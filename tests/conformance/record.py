"""Re-record `snapshots/rehearsal-sandbox.json`: `.venv/bin/python -m tests.conformance.record`.

Runs the conformance command with an outside sandbox (`python -m helpers.sandbox` in its own
process, as the rehearsal uses) playing the AWS account, and keeps its answers as the snapshot. Do
this after adding a probe or changing a sandbox answer on purpose; the diff shows what changed.
"""
import sys
import tempfile

from tests.conformance.conftest import ACCOUNT, conformance
from tests.outside_sandbox import ROOT, outside_sandbox

SNAPSHOT = ROOT / "tests" / "conformance" / "snapshots" / "rehearsal-sandbox.json"
REGION = "us-west-2"


def main() -> int:
    with outside_sandbox() as env, tempfile.TemporaryDirectory() as out:
        done = conformance({**env, "WORKBOOK_CONFIRM_ACCOUNT": ACCOUNT}, "--prefix", "rec", "--region", REGION,
                           "--out", out, "--snapshot", str(SNAPSHOT))
    print(done.stdout[-2000:], done.stderr[-2000:], sep="\n")
    return done.returncode


if __name__ == "__main__":
    sys.exit(main())
