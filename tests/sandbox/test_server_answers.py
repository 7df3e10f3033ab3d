"""The server's half of WSGI, with small apps of its own: a stream that fails mid-answer is logged
and cut visibly; HEAD, 204 and 304 answers carry no body; an app that fails before answering gets a
500, not a silent close. (The server is the sandbox's own class, run on a port of its own.)"""
import logging
import socket
import ssl

import pytest

from helpers.sandbox.server import ProxyServer

from . import wire


def serve(app):
    server = ProxyServer(app, ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER), idle_timeout=5, request_timeout=5)
    server.start()
    return server


@pytest.fixture
def served(request):
    servers = []

    def start(app):
        servers.append(serve(app))
        return servers[-1]

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def ask(server, method="GET", path="/") -> bytes:
    sock = socket.create_connection(("127.0.0.1", server.port), timeout=wire.TIMEOUT)
    sock.sendall(f"{method} http://iam.amazonaws.com{path} HTTP/1.1\r\nHost: iam.amazonaws.com\r\n"
                 f"Connection: close\r\n\r\n".encode())
    return wire.read_all(sock)


def failing_stream(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    yield b"first part"
    raise RuntimeError("the stream broke")


def test_a_stream_that_fails_midway_is_logged_and_cut_without_its_last_chunk(served, caplog):
    server = served(failing_stream)
    with caplog.at_level(logging.ERROR, logger="helpers.sandbox.server"):
        reply = ask(server)
    head, _, body = reply.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200") and b"transfer-encoding: chunked" in head.lower()
    assert body == b"a\r\nfirst part\r\n"  # no terminating 0-chunk: the client sees a cut answer
    assert any("the stream broke" in (r.exc_text or "") or r.exc_info for r in caplog.records)


def test_an_app_that_fails_before_answering_gets_a_500(served, caplog):
    def broken(environ, start_response):
        raise RuntimeError("no answer")

    with caplog.at_level(logging.ERROR, logger="helpers.sandbox.server"):
        reply = ask(served(broken))
    assert reply.startswith(b"HTTP/1.1 500"), reply
    assert reply.endswith(b'{"message": "The sandbox failed on this request."}')
    assert caplog.records


def body_and_length(environ, start_response):
    status = environ["PATH_INFO"].strip("/") or "200"
    start_response(f"{status} X", [("Content-Type", "text/plain"), ("Content-Length", "5")] if status == "200"
                   else [("Content-Type", "text/plain")])
    return [b"hello"]


@pytest.mark.parametrize("method, path", [("HEAD", "/200"), ("HEAD", "/404"), ("GET", "/204"), ("GET", "/304")])
def test_bodyless_answers_carry_no_body(served, method, path):
    reply = ask(served(body_and_length), method, path)
    head, _, body = reply.partition(b"\r\n\r\n")
    assert body == b"", reply
    assert b"transfer-encoding" not in head.lower()
