"""An outside sandbox that plays the AWS account (as in the rehearsal), and the command that probes it."""
import os
import shlex
import signal
import subprocess
import sys
from pathlib import Path

import boto3
import pytest
from botocore.config import Config

ROOT = Path(__file__).resolve().parents[2]
ACCOUNT = "111122223333"


@pytest.fixture(scope="package")
def aws_account():
    """The environment a shell gets from `python -m helpers.sandbox`'s printed lines."""
    process = subprocess.Popen([sys.executable, "-m", "helpers.sandbox"], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    env = dict(os.environ)
    for line in process.stdout:
        if line.startswith("unset "):
            for name in line.split()[1:]:
                env.pop(name, None)
        elif line.startswith("export "):
            name, _, value = line[len("export "):].strip().partition("=")
            env[name] = shlex.split(value)[0]
        if "Ctrl-C" in line:
            break
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    yield env
    process.send_signal(signal.SIGINT)
    process.communicate(timeout=10)


def conformance(env: dict, *args: str, stdin=subprocess.DEVNULL) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "helpers.sandbox.conformance", *args], env=env, cwd=ROOT,
                          capture_output=True, text=True, stdin=stdin, timeout=300)


def iam_of(env: dict):
    """An IAM client as the outside account's admin (the sandbox's exported credentials and proxy)."""
    session = boto3.Session(aws_access_key_id=env["AWS_ACCESS_KEY_ID"], aws_secret_access_key=env["AWS_SECRET_ACCESS_KEY"],
                            region_name="us-west-2")
    return session.client("iam", verify=env["AWS_CA_BUNDLE"],
                          config=Config(proxies={"https": env["HTTPS_PROXY"]}))
