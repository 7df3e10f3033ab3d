"""A sandbox run as its own process (`python -m helpers.sandbox`), and the environment its printed
lines give a shell: how the rehearsal and the conformance tests play an AWS account that a kernel or
a command cannot tell from AWS."""
import os
import shlex
import signal
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import boto3
from botocore.config import Config

ROOT = Path(__file__).resolve().parents[1]


@contextmanager
def outside_sandbox():
    """The environment a POSIX shell gets from pasting the sandbox's `unset`/`export` lines."""
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
    try:
        yield env
    finally:
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=10)


def admin_client(env: dict, service: str, region: str = "us-east-1"):
    """A client as the outside account's admin, from the exports (this process's environment untouched)."""
    session = boto3.Session(aws_access_key_id=env["AWS_ACCESS_KEY_ID"], aws_secret_access_key=env["AWS_SECRET_ACCESS_KEY"],
                            region_name=region)
    return session.client(service, verify=env["AWS_CA_BUNDLE"], config=Config(proxies={"https": env["HTTPS_PROXY"]}))
