"""An outside sandbox that plays the AWS account (as in the rehearsal), and the command that probes it."""
import subprocess
import sys

import pytest

from tests.outside_sandbox import ROOT, admin_client, outside_sandbox

ACCOUNT = "111122223333"


@pytest.fixture(scope="package")
def aws_account():
    with outside_sandbox() as env:
        yield env


def conformance(env: dict, *args: str, stdin=subprocess.DEVNULL) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "helpers.sandbox.conformance", *args], env=env, cwd=ROOT,
                          capture_output=True, text=True, stdin=stdin, timeout=300)


def iam_of(env: dict):
    """IAM as the outside account's admin."""
    return admin_client(env, "iam")
