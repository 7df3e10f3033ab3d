"""Hostile and careless requests, sent raw: none stalls other calls, grows memory, or gets a 5xx.

Every read here has a 5 s socket timeout, so a regression fails fast instead of hanging the suite.
"""
import json
import time

import boto3
import pytest
from aws_bedrock_token_generator import provide_token
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config

from . import wire
from .conftest import HAIKU_PROFILE, MESSAGES

PATIENCE = Config(connect_timeout=5, read_timeout=5, retries={"total_max_attempts": 1})
IAM_LIST_USERS = b"Action=ListUsers&Version=2010-05-08"
CONVERSE_PATH = "/model/" + HAIKU_PROFILE.replace(":", "%3A") + "/converse"


def normal_calls_work():
    boto3.Session().client("iam", config=PATIENCE).get_user(UserName="workbook-admin")
    boto3.Session().client("bedrock-runtime", config=PATIENCE).converse(modelId=HAIKU_PROFILE, messages=MESSAGES)
    boto3.Session().client("sts", config=PATIENCE).get_caller_identity()


def status(head: bytes) -> int:
    return int(head.split(b" ", 2)[1])


@pytest.mark.parametrize("host", ["iam.amazonaws.com", "sts.us-west-2.amazonaws.com"])
def test_a_stalled_iam_or_sts_upload_blocks_no_other_call(fresh, host):
    stalled = wire.tunnel(fresh, host)
    stalled.sendall(f"POST / HTTP/1.1\r\nHost: {host}\r\nContent-Length: 1000\r\n\r\n".encode() + b"x" * 16)
    time.sleep(0.2)  # the server has the first bytes and waits for the rest
    normal_calls_work()
    stalled.close()


@pytest.mark.parametrize("host", ["iam.amazonaws.com", "sts.amazonaws.com", "bedrock-runtime.us-west-2.amazonaws.com"])
def test_a_body_over_the_limit_is_refused_before_it_is_read(fresh, host):
    sock = wire.tunnel(fresh, host)
    sock.sendall(f"POST / HTTP/1.1\r\nHost: {host}\r\nContent-Length: {26 * 1024 * 1024}\r\n\r\n".encode())
    head, body = wire.answer(sock)
    assert status(head) == 413, head
    assert b"Connection: close" in head
    assert (b"<Code>RequestEntityTooLarge</Code>" in body) if "bedrock" not in host else (b"message" in body)
    normal_calls_work()


def test_a_huge_chunk_size_is_a_400_not_an_out_of_memory(fresh):
    sock = wire.tunnel(fresh, "iam.amazonaws.com")
    sock.sendall(b"POST / HTTP/1.1\r\nHost: iam.amazonaws.com\r\nTransfer-Encoding: chunked\r\n\r\n"
                 b"ffffffffffffffffffff\r\n")
    head, body = wire.answer(sock)
    assert status(head) == 400 and b"<Code>MalformedInput</Code>" in body, (head, body)
    assert wire.closed(sock)
    normal_calls_work()


@pytest.mark.parametrize("size_line", [b"zz", b"-1", b"", b"1 2", b"\xff"])
def test_malformed_chunk_sizes_get_400(fresh, size_line):
    sock = wire.tunnel(fresh, "bedrock-runtime.us-west-2.amazonaws.com")
    sock.sendall(b"POST " + CONVERSE_PATH.encode() + b" HTTP/1.1\r\nHost: bedrock-runtime.us-west-2.amazonaws.com\r\n"
                 b"Transfer-Encoding: chunked\r\n\r\n" + size_line + b"\r\nabc\r\n0\r\n\r\n")
    head, _ = wire.answer(sock)
    assert status(head) == 400, head


@pytest.mark.parametrize("host", ["iam.amazonaws.com", "bedrock-runtime.us-west-2.amazonaws.com"])
def test_a_chunked_body_over_the_limit_gets_413_not_truncation(fresh, host):
    sock = wire.tunnel(fresh, host)
    sock.sendall(f"POST / HTTP/1.1\r\nHost: {host}\r\nTransfer-Encoding: chunked\r\n\r\n".encode())
    chunk = b"%x\r\n%s\r\n" % (1 << 20, b"a" * (1 << 20))
    try:
        for _ in range(26):
            sock.sendall(chunk)
        sock.sendall(b"0\r\n\r\n")
    except OSError:  # the server may answer and close before the rest arrives
        pass
    head, _ = wire.answer(sock)
    assert status(head) == 413, head


def test_a_chunked_iam_request_within_the_limit_is_served(fresh):
    """The bounded dechunker hands the whole body on: moto answers as for Content-Length."""
    credentials = boto3.Session().get_credentials()
    request = AWSRequest("POST", "https://iam.amazonaws.com/", data=IAM_LIST_USERS,
                         headers={"Content-Type": "application/x-www-form-urlencoded"})
    SigV4Auth(credentials, "iam", "us-east-1").add_auth(request)
    sock = wire.tunnel(fresh, "iam.amazonaws.com")
    head = "".join(f"{k}: {v}\r\n" for k, v in request.headers.items() if k.lower() != "content-length")
    sock.sendall(f"POST / HTTP/1.1\r\nHost: iam.amazonaws.com\r\nTransfer-Encoding: chunked\r\n{head}\r\n".encode()
                 + b"%x\r\n%s\r\n0\r\n\r\n" % (len(IAM_LIST_USERS), IAM_LIST_USERS))
    answer_head, body = wire.answer(sock)
    assert status(answer_head) == 200 and b"workbook-admin" in body, (answer_head, body)


@pytest.mark.parametrize("length", [b"-5", b"abc", b"\xb2", b"1e3", b"5, 6"])
def test_a_bad_content_length_is_a_400_and_closes(fresh, length):
    """Never read as an empty body: what follows would be parsed as the next request."""
    sock = wire.tunnel(fresh, "iam.amazonaws.com")
    sock.sendall(b"POST / HTTP/1.1\r\nHost: iam.amazonaws.com\r\nContent-Length: " + length + b"\r\n\r\n"
                 b"GET / HTTP/1.1\r\nHost: iam.amazonaws.com\r\n\r\n")
    head, _ = wire.answer(sock)
    assert status(head) == 400, head
    assert wire.closed(sock)


def test_a_host_idna_cannot_encode_gets_400(fresh):
    sock = wire.plain(fresh)
    sock.sendall(b"CONNECT " + b"a" * 64 + b".example.com:443 HTTP/1.1\r\n\r\n")
    head, _ = wire.answer(sock)
    assert status(head) == 400, head


@pytest.mark.parametrize("target", ["127.0.0.1:{port}", "localhost:{port}", "169.254.169.254:80",
                                    "[::1]:{port}", "0.0.0.0:{port}", "10.0.0.1:80"])
def test_tunnels_to_local_and_metadata_addresses_are_refused(fresh, target):
    sock = wire.plain(fresh)
    target = target.format(port=fresh.port)
    sock.sendall(f"CONNECT {target} HTTP/1.1\r\nHost: {target}\r\n\r\n".encode())
    head, _ = wire.answer(sock)
    assert status(head) == 403, head


def test_http_1_0_gets_an_unchunked_answer_and_a_close(fresh):
    host = "bedrock-runtime.us-west-2.amazonaws.com"
    sock = wire.tunnel(fresh, host)
    body = b'{"messages": [{"role": "user", "content": [{"text": "hi"}]}]}'
    stream_path = CONVERSE_PATH.replace("/converse", "/converse-stream")
    sock.sendall(f"POST {stream_path} HTTP/1.0\r\nHost: {host}\r\nAuthorization: Bearer {provide_token()}\r\n"
                 f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n".encode() + body)
    reply = wire.read_all(sock)  # ends only because the server closes
    head = reply.partition(b"\r\n\r\n")[0].lower()
    assert status(head) == 200, reply[:300]
    assert b"transfer-encoding" not in head and b"connection: close" in head


def test_two_authorization_headers_are_refused(fresh):
    """A valid SigV4 signature plus a Bearer key: refused, not served on the signature."""
    host = "bedrock-runtime.us-west-2.amazonaws.com"
    body = json.dumps({"messages": MESSAGES}).encode()
    request = AWSRequest("POST", f"https://{host}{CONVERSE_PATH}", data=body, headers={"Content-Type": "application/json"})
    SigV4Auth(boto3.Session().get_credentials(), "bedrock", "us-west-2").add_auth(request)
    headers = "".join(f"{name}: {value}\r\n" for name, value in request.headers.items())
    sock = wire.tunnel(fresh, host)
    sock.sendall(f"POST {CONVERSE_PATH} HTTP/1.1\r\nHost: {host}\r\nContent-Length: {len(body)}\r\n{headers}"
                 f"Authorization: Bearer {provide_token()}\r\n\r\n".encode() + body)
    head, answer = wire.answer(sock)
    assert status(head) == 400 and b"IncompleteSignatureException" in head, (head, answer)


def test_a_request_that_trickles_in_is_cut_off_at_its_deadline(fresh):
    saved = fresh.request_timeout
    fresh.request_timeout = 1
    try:
        sock = wire.tunnel(fresh, "iam.amazonaws.com")
        sock.sendall(b"POST / HTTP/1.1\r\nHost: iam.amazonaws.com\r\nContent-Length: 100\r\n\r\n")
        started, cut = time.monotonic(), False
        try:
            while time.monotonic() - started < 4:  # a byte every 0.2 s: each read is quick, the whole is not
                sock.sendall(b"x")
                time.sleep(0.2)
        except OSError:  # the server closed the connection
            cut = True
        assert cut or wire.closed(sock)
        normal_calls_work()
    finally:
        fresh.request_timeout = saved


def test_beyond_the_connection_limit_the_oldest_slow_clients_are_shed(fresh):
    """60 stalled clients against a limit of 20: at most the 20 newest stay, and normal calls go on."""
    saved, slow = fresh.max_connections, []
    fresh.max_connections = 20
    try:
        for _ in range(60):  # each begins a request and stalls
            sock = wire.plain(fresh)
            sock.sendall(b"GET http://iam.amazonaws.com/ HTTP/1.1\r\nHost: iam")
            slow.append(sock)
            time.sleep(0.005)
        normal_calls_work()
        assert all(wire.closed(sock) for sock in slow[:40])
    finally:
        fresh.max_connections = saved
        for sock in slow:
            sock.close()


def test_clients_that_never_start_tls_after_connect_are_shed(fresh):
    """60 CONNECTs to an AWS host that never send a ClientHello, against a limit of 20."""
    saved, silent = fresh.max_connections, []
    fresh.max_connections = 20
    try:
        for _ in range(60):
            sock = wire.plain(fresh)
            sock.sendall(b"CONNECT iam.amazonaws.com:443 HTTP/1.1\r\nHost: iam.amazonaws.com:443\r\n\r\n")
            reply = b""
            while b"\r\n\r\n" not in reply:
                reply += sock.recv(4096)
            assert reply.startswith(b"HTTP/1.1 200"), reply
            silent.append(sock)
        normal_calls_work()
        assert all(wire.closed(sock) for sock in silent[:40])
    finally:
        fresh.max_connections = saved
        for sock in silent:
            sock.close()


def test_a_tls_handshake_is_held_to_the_request_deadline(fresh):
    saved = fresh.request_timeout
    fresh.request_timeout = 1
    try:
        sock = wire.plain(fresh)
        sock.sendall(b"CONNECT iam.amazonaws.com:443 HTTP/1.1\r\nHost: iam.amazonaws.com:443\r\n\r\n")
        assert sock.recv(4096).startswith(b"HTTP/1.1 200")
        assert wire.closed(sock)  # within the deadline (1 s), not the 5 s a failing read would wait
    finally:
        fresh.request_timeout = saved
