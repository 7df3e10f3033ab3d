"""`python -m helpers.sandbox` on its own: the printed exports point another program at it; Ctrl-C stops it."""
import shlex
import signal
import subprocess
import sys

import requests
from aws_bedrock_token_generator import provide_token
from botocore.credentials import CredentialProvider, Credentials


class FromExports(CredentialProvider):
    def __init__(self, env):
        self._credentials = Credentials(env["AWS_ACCESS_KEY_ID"], env["AWS_SECRET_ACCESS_KEY"])

    def load(self):
        return self._credentials


def test_exports_reach_the_sandbox_and_ctrl_c_stops_it():
    process = subprocess.Popen([sys.executable, "-m", "helpers.sandbox"], stdout=subprocess.PIPE, text=True)
    try:
        env = {}
        for line in process.stdout:
            if line.startswith("export "):
                name, _, value = line[len("export "):].strip().partition("=")
                env[name] = shlex.split(value)[0]
            if "Ctrl-C" in line:
                break
        assert {"HTTPS_PROXY", "AWS_CA_BUNDLE", "AWS_REGION", "AWS_ACCESS_KEY_ID"} <= env.keys()

        key = provide_token(region=env["AWS_REGION"], aws_credentials_provider=FromExports(env))
        answer = requests.post(
            "https://bedrock-runtime.us-west-2.amazonaws.com/model/us.anthropic.claude-haiku-4-5-20251001-v1%3A0/converse",
            json={"messages": [{"role": "user", "content": [{"text": "hi"}]}]},
            headers={"Authorization": f"Bearer {key}"},
            proxies={"https": env["HTTPS_PROXY"]}, verify=env["AWS_CA_BUNDLE"], timeout=10,
        )
        assert answer.status_code == 200, answer.text
    finally:
        process.send_signal(signal.SIGINT)
        rest, _ = process.communicate(timeout=10)
    assert process.returncode == 0
    assert "sandbox stopped" in rest
