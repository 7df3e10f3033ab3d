"""The proxy's edges, through raw sockets and real clients: one answer to `Expect`, no tunnel to an
address that only looks public, the dual-stack hosts answered here, no API key over plain HTTP, no
certificate error for a Region that does not exist, and a deadline for the whole request."""
import json
import os
import socket
import ssl
import time

import boto3
import pytest
import requests
from aws_bedrock_token_generator import provide_token
from botocore.config import Config
from botocore.exceptions import ConnectionError as BotocoreConnectionError
from botocore.exceptions import SSLError

from helpers import sandbox
from helpers.sandbox import destinations

from . import wire
from .conftest import HAIKU_PROFILE, INVALID, MESSAGES

PATIENCE = Config(connect_timeout=5, read_timeout=5, retries={"total_max_attempts": 1})
CONVERSE_PATH = "/model/" + HAIKU_PROFILE.replace(":", "%3A") + "/converse"
RUNTIME = "bedrock-runtime.us-west-2.amazonaws.com"


def status(head: bytes) -> int:
    return int(head.split(b" ", 2)[1])


def converse_request(host: str, headers: str, version="HTTP/1.1") -> bytes:
    body = json.dumps({"messages": MESSAGES}).encode()
    return (f"POST {CONVERSE_PATH} {version}\r\nHost: {host}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n{headers}\r\n").encode() + body


# -- Expect: 100-continue ------------------------------------------------------------------------

def test_an_oversized_body_that_expects_100_continue_gets_one_final_answer(fresh):
    sock = wire.tunnel(fresh, "iam.amazonaws.com")
    sock.sendall(b"POST / HTTP/1.1\r\nHost: iam.amazonaws.com\r\nExpect: 100-continue\r\n"
                 b"Content-Length: %d\r\n\r\n" % (26 * 1024 * 1024))
    reply = wire.read_all(sock)
    assert reply.startswith(b"HTTP/1.1 413"), reply[:200]
    assert b"100 Continue" not in reply


def test_a_body_that_expects_100_continue_is_invited_once(fresh):
    sock = wire.tunnel(fresh, RUNTIME)
    request = converse_request(RUNTIME, f"Authorization: Bearer {provide_token()}\r\nExpect: 100-continue\r\n")
    head, _, body = request.partition(b"\r\n\r\n")
    sock.sendall(head + b"\r\n\r\n")
    interim = b""
    while b"\r\n\r\n" not in interim:
        interim += sock.recv(4096)
    assert interim == b"HTTP/1.1 100 Continue\r\n\r\n", interim
    sock.sendall(body)
    final, answer = wire.answer(sock)
    assert status(final) == 200 and b"100 Continue" not in final + answer, (final, answer)


# -- tunnels -------------------------------------------------------------------------------------

@pytest.mark.parametrize("target", ["192.0.0.192:80", "[::127.0.0.1]:{port}", "[2002:7f00:1::]:{port}",
                                    "[64:ff9b::7f00:1]:{port}", "[::ffff:127.0.0.1]:{port}", "198.18.0.1:80",
                                    "100.64.0.1:80", "224.0.0.1:80", "[64:ff9b:1::a9fe:a9fe]:80"])
def test_tunnels_to_addresses_that_only_look_public_are_refused(fresh, target):
    sock = wire.plain(fresh)
    target = target.format(port=fresh.port)
    sock.sendall(f"CONNECT {target} HTTP/1.1\r\nHost: {target}\r\n\r\n".encode())
    head, _ = wire.answer(sock)
    assert status(head) == 403, head


def test_a_name_with_one_public_and_one_private_address_is_refused(monkeypatch):
    """Every address of a name is checked, not the first: DNS may list the private one second."""
    def resolve(host, port, *args, **kwargs):
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.215.14", port)),
                (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]
    monkeypatch.setattr(destinations.socket, "getaddrinfo", resolve)
    with pytest.raises(destinations.Refused) as refused:
        destinations.public_address("rebinding.example", 443)
    assert refused.value.status == 403 and "127.0.0.1" in str(refused.value)


def test_a_name_with_only_public_addresses_gets_the_first(monkeypatch):
    def resolve(host, port, *args, **kwargs):
        return [(socket.AF_INET6, socket.SOCK_STREAM, 6, "", ("2606:4700:4700::1111", port, 0, 0)),
                (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.215.14", port))]
    monkeypatch.setattr(destinations.socket, "getaddrinfo", resolve)
    assert destinations.public_address("example.org", 443) == (socket.AF_INET6, ("2606:4700:4700::1111", 443, 0, 0))


# -- dual-stack endpoints ------------------------------------------------------------------------

def test_the_dual_stack_endpoints_are_answered_by_the_sandbox(fresh):
    dual = Config(use_dualstack_endpoint=True, connect_timeout=5, read_timeout=5, retries={"total_max_attempts": 1})
    runtime = boto3.client("bedrock-runtime", config=dual)
    assert runtime.meta.endpoint_url == "https://bedrock-runtime.us-west-2.api.aws"
    assert runtime.converse(modelId=HAIKU_PROFILE, messages=MESSAGES)["output"]["message"]["role"] == "assistant"
    iam = boto3.client("iam", config=dual)
    assert iam.meta.endpoint_url == "https://iam.global.api.aws"
    assert iam.get_user()["User"]["UserName"] == "workbook-admin"
    assert boto3.client("sts", config=dual).get_caller_identity()["Account"] == "111122223333"


def test_the_environment_clears_the_endpoint_variants():
    environ = {"AWS_USE_DUALSTACK_ENDPOINT": "true", "AWS_USE_FIPS_ENDPOINT": "true"}
    sandbox.start().apply_environment(environ)
    assert "AWS_USE_DUALSTACK_ENDPOINT" not in environ and "AWS_USE_FIPS_ENDPOINT" not in environ


def test_running_names_the_started_sandbox(box):
    assert sandbox.running() is box


# -- plain HTTP ----------------------------------------------------------------------------------

@pytest.mark.parametrize("header", ["Authorization: Bearer {key}", "x-api-key: {key}"])
def test_an_api_key_over_plain_http_is_refused(fresh, header):
    sock = wire.plain(fresh)
    request = converse_request(RUNTIME, header.format(key=provide_token()) + "\r\n")
    sock.sendall(request.replace(b"POST /", f"POST http://{RUNTIME}/".encode(), 1))
    head, body = wire.answer(sock)
    assert status(head) == 403, (head, body)
    assert json.loads(body) == {"Message": "Bedrock API keys are accepted over HTTPS only; this request came over plain HTTP."}


# -- Regions that do not exist -------------------------------------------------------------------

def test_a_region_that_does_not_exist_cannot_be_connected_to(fresh):
    """As behind any HTTPS proxy whose DNS finds no such host: botocore's ProxyConnectionError (a
    botocore ConnectionError, like EndpointConnectionError without a proxy), not a certificate error."""
    runtime = boto3.client("bedrock-runtime", region_name="us-west-3", config=PATIENCE)
    with pytest.raises(BotocoreConnectionError) as failed:
        runtime.converse(modelId=HAIKU_PROFILE, messages=MESSAGES)
    assert not isinstance(failed.value, SSLError), failed.value
    assert "Cannot resolve bedrock-runtime.us-west-3.amazonaws.com" in str(failed.value.kwargs["error"])


def test_every_region_botocore_knows_is_served(fresh):
    assert boto3.client("sts", region_name="ap-southeast-6", config=PATIENCE).get_caller_identity()["Account"]


# -- framing and deadlines -----------------------------------------------------------------------

def test_content_length_with_transfer_encoding_is_refused(fresh):
    sock = wire.tunnel(fresh, "iam.amazonaws.com")
    sock.sendall(b"POST / HTTP/1.1\r\nHost: iam.amazonaws.com\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"
                 b"0\r\n\r\n")
    head, body = wire.answer(sock)
    assert status(head) == 400 and b"both Content-Length and Transfer-Encoding" in body, (head, body)
    assert wire.closed(sock)


def test_the_request_deadline_covers_the_whole_request_not_each_read(fresh):
    """Bytes every 0.3 s keep every read short; the whole request still ends at its 1 s deadline.

    A per-read timeout would let this request run until the client stops, and answer it."""
    saved = fresh.request_timeout
    fresh.request_timeout = 1
    try:
        sock = wire.tunnel(fresh, "iam.amazonaws.com")
        headers = b"POST / HTTP/1.1\r\nHost: iam.amazonaws.com\r\nContent-Length: 12\r\n\r\n"
        started, cut_at = time.monotonic(), None
        for byte in [headers] + [bytes([c]) for c in b"Action=x&a=b"]:
            try:
                sock.sendall(byte)
            except OSError:
                cut_at = time.monotonic() - started
                break
            time.sleep(0.3)
        try:
            reply = b"" if cut_at is not None else wire.read_all(sock)
        except (ConnectionResetError, ssl.SSLEOFError):
            reply = b""
        assert reply == b"", reply[:200]  # cut off, never answered
    finally:
        fresh.request_timeout = saved


def test_authorization_wins_over_x_api_key(fresh):
    """On the Anthropic routes both headers may come: the Authorization header's key is the one judged."""
    body = json.dumps({"anthropic_version": "bedrock-2023-05-31", "max_tokens": 16,
                       "messages": [{"role": "user", "content": "hi"}]}).encode()

    def messages(authorization, api_key):
        return requests.post(f"https://{RUNTIME}/anthropic/v1/messages", data=body, timeout=5, headers={
            "Authorization": authorization, "x-api-key": api_key, "anthropic-version": "2023-06-01",
            "Content-Type": "application/json"})

    refused = messages("Bearer bedrock-api-key-bm90LWEta2V5", provide_token())
    assert refused.status_code == 403 and refused.json() == {"Message": INVALID}, refused.text
    served = messages(f"Bearer {provide_token()}", "bedrock-api-key-bm90LWEta2V5")
    assert served.status_code != 403, served.text
