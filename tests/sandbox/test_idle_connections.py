"""A pooled connection the sandbox closed for idleness costs its client nothing: the next call is
made at normal speed, by boto3, requests, the openai SDK, httpx and curl alike.

The server's idle timeout is made short here; each client's own timeout (5 s, no retries) is what
fails the test if it reuses a connection the server dropped without telling it.
"""
import json
import subprocess
import time

import boto3
import httpx
import openai
import pytest
import requests
from aws_bedrock_token_generator import provide_token
from botocore.config import Config

from . import wire
from .conftest import HAIKU_PROFILE, MESSAGES

IDLE = 0.5
PAUSE = 1.5  # 40 requests a minute for curl --rate
PATIENCE = Config(connect_timeout=5, read_timeout=5, retries={"total_max_attempts": 1})
CONVERSE = f"https://bedrock-runtime.us-west-2.amazonaws.com/model/{HAIKU_PROFILE.replace(':', '%3A')}/converse"


@pytest.fixture
def short_idle(fresh):
    saved = fresh.idle_timeout
    fresh.idle_timeout = IDLE
    yield fresh
    fresh.idle_timeout = saved


def clients():
    """One call per client, each on a client that keeps its connection pooled between calls."""
    key = provide_token()
    runtime = boto3.Session().client("bedrock-runtime", config=PATIENCE)
    iam = boto3.Session().client("iam", config=PATIENCE)
    session = requests.Session()
    headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
    chat = openai.OpenAI(api_key=key, max_retries=0, timeout=5,
                         base_url="https://bedrock-runtime.us-west-2.amazonaws.com/openai/v1")
    raw = httpx.Client(timeout=5)

    def requests_call():
        answer = session.post(CONVERSE, data=json.dumps({"messages": MESSAGES}), headers=headers, timeout=5)
        assert answer.status_code == 200, answer.text

    return {
        "boto3 Converse": lambda: runtime.converse(modelId=HAIKU_PROFILE, messages=MESSAGES),
        "boto3 IAM": lambda: iam.get_user(UserName="workbook-admin"),
        "requests": requests_call,
        "openai SDK": lambda: chat.chat.completions.create(
            model="openai.gpt-oss-20b-1:0", messages=[{"role": "user", "content": "hi"}]),
        "httpx": lambda: raw.post(CONVERSE, json={"messages": MESSAGES}, headers=headers).raise_for_status(),
    }


def test_every_client_calls_after_a_pause(short_idle):
    calls = clients()
    for call in calls.values():
        call()
    time.sleep(PAUSE)
    failed = {}
    for name, call in calls.items():
        try:
            call()
        except Exception as error:  # each client's own 5 s timeout, on a reused dead connection
            failed[name] = repr(error)[:200]
    assert not failed, failed


def test_a_closed_idle_connection_is_closed_visibly(short_idle):
    """The client's socket sees the close (TLS close_notify, then EOF), so a pool can tell."""
    sock = wire.tunnel(short_idle, "iam.amazonaws.com")
    sock.sendall(b"GET / HTTP/1.1\r\nHost: iam.amazonaws.com\r\n\r\n")
    wire.answer(sock)
    time.sleep(PAUSE)
    assert sock.recv(1) == b""  # close_notify (a bare FIN raises SSLEOFError; silence, a timeout)


def test_curl_keep_alive_transfers_after_a_pause(short_idle):
    """Two transfers in one curl, PAUSE apart (--rate), reusing or replacing the pooled connection."""
    url = "https://bedrock.us-west-2.amazonaws.com/foundation-models"
    done = subprocess.run(["curl", "-s", "-o", "/dev/null", "-o", "/dev/null", "-w", "%{http_code} ", "--max-time", "5",
                           "--rate", f"{int(60 / PAUSE)}/m", "-H", f"Authorization: Bearer {provide_token()}",
                           url, url], capture_output=True, text=True, timeout=30)
    assert done.stdout.split() == ["200", "200"], (done.stdout, done.stderr)
