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


def test_real_profiles_and_credential_sources_are_neutralised(tmp_path):
    """A profile with real-looking keys in ~/.aws and CI's web identity variables: a kernel pointed at
    the sandbox reads none of them (the shared files become an empty file, the variables are cleared)."""
    import os

    import boto3

    from helpers import sandbox

    credentials = tmp_path / "credentials"
    credentials.write_text("[default]\naws_access_key_id = real-default-key-id\naws_secret_access_key = real\n"
                           "[team]\naws_access_key_id = real-team-key-id\naws_secret_access_key = real\n")
    environ = {"AWS_SHARED_CREDENTIALS_FILE": str(credentials), "AWS_CONFIG_FILE": str(credentials),
               "AWS_PROFILE": "team", "AWS_DEFAULT_PROFILE": "team", "AWS_ROLE_ARN": "arn:aws:iam::1:role/ci",
               "AWS_WEB_IDENTITY_TOKEN_FILE": str(credentials), "AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://x"}
    box = sandbox.start()
    box.apply_environment(environ)
    assert not {"AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_ROLE_ARN", "AWS_WEB_IDENTITY_TOKEN_FILE",
                "AWS_CONTAINER_CREDENTIALS_FULL_URI"} & environ.keys()
    assert open(environ["AWS_SHARED_CREDENTIALS_FILE"]).read() == open(environ["AWS_CONFIG_FILE"]).read() == ""
    saved = dict(os.environ)
    try:
        os.environ.clear()
        os.environ.update(environ)
        session = boto3.Session()
        assert session.available_profiles == []
        assert session.get_credentials().access_key == box.world.admin_credentials[0]
    finally:
        os.environ.clear()
        os.environ.update(saved)


def test_the_command_line_unsets_real_credential_sources():
    process = subprocess.Popen([sys.executable, "-m", "helpers.sandbox"], stdout=subprocess.PIPE, text=True)
    try:
        lines = []
        for line in process.stdout:
            lines.append(line)
            if "Ctrl-C" in line:
                break
    finally:
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=10)
    unset = next(line for line in lines if line.startswith("unset ")).split()[1:]
    assert {"AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_WEB_IDENTITY_TOKEN_FILE"} <= set(unset)
    assert any(line.startswith("export AWS_SHARED_CREDENTIALS_FILE=") for line in lines)
