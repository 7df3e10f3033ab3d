"""aws:SecureTransport tells TLS from plaintext; the server's private key never outlives the process on disk."""
import json
import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import requests
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest

from .conftest import HAIKU_PROFILE, MESSAGES, key_user

TLS_ONLY = {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": ["bedrock:CallWithBearerToken", "bedrock:InvokeModel*"], "Resource": "*"},
    {"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}},
]}
PATH = f"/model/{HAIKU_PROFILE.replace(':', '%3A')}/converse"


def test_secure_transport_is_false_for_plaintext_requests(fresh):
    """SigV4 over plain HTTP (an API key there is refused outright: test_transport_edges)."""
    credentials = key_user("tls-only", policy=TLS_ONLY).load()
    body = json.dumps({"messages": MESSAGES})

    def converse(scheme, **kwargs):
        url = f"{scheme}://bedrock-runtime.us-west-2.amazonaws.com{PATH}"
        request = AWSRequest("POST", url, data=body, headers={"Content-Type": "application/json"})
        SigV4Auth(credentials, "bedrock", "us-west-2").add_auth(request)
        return requests.post(url, data=body, headers=dict(request.headers), timeout=5, **kwargs)

    assert converse("https").status_code == 200
    plaintext = converse("http", proxies={"http": fresh.proxy_url})
    assert plaintext.status_code == 403, plaintext.text
    assert plaintext.json()["message"].endswith("with an explicit deny in an identity-based policy")


RUN = "from helpers import sandbox; box = sandbox.start(); print(box.ca_bundle, flush=True); input()"


def test_a_killed_sandbox_leaves_no_private_key_and_its_directory_is_swept(fresh):
    environment = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])}
    killed = subprocess.Popen([sys.executable, "-c", RUN], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              env=environment, text=True)
    directory = Path(killed.stdout.readline().strip()).parent
    killed.send_signal(signal.SIGKILL)
    killed.wait(timeout=10)
    assert directory.is_dir() and directory.parent == Path(tempfile.gettempdir())
    assert not any(b"PRIVATE KEY" in path.read_bytes() for path in directory.iterdir())
    clean = subprocess.run([sys.executable, "-c", RUN], input="\n", capture_output=True, env=environment,
                           text=True, timeout=60)
    assert clean.returncode == 0, clean.stderr
    assert not directory.exists()
