"""Real boto3 clients and raw SigV4-signed requests, answered by the sandbox's WSGI app in-process.

For the mutation tests (MUTATION.md): botocore serializes and signs each request exactly as over
the network, and the sandbox reads it with the same app, authentication, guard and moto; only the
socket, TLS and the body reader (`body.py`, tested on its own) are left out, so a test costs
milliseconds per call instead of a TLS round trip, and a mutant is judged in seconds.
"""
import io
from urllib.parse import unquote, urlsplit

import boto3
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest, AWSResponse
from botocore.credentials import Credentials
from urllib3 import HTTPHeaderDict


class Answer:
    """A WSGI answer, read as a test reads an HTTP response."""

    def __init__(self, status: int, headers: HTTPHeaderDict, body: bytes):
        self.status_code, self.headers, self.content = status, headers, body

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", "replace")

    @property
    def code(self) -> str | None:
        """The query-protocol error code (`<Code>...</Code>`), or None."""
        return self.text.split("<Code>")[1].split("</Code>")[0] if "<Code>" in self.text else None


def deliver(app, method: str, url: str, headers, body: bytes | str | None) -> Answer:
    """One request to `app` as the proxy hands it over (an intercepted HTTPS request, body read whole)."""
    parts = urlsplit(url)
    body = body.encode() if isinstance(body, str) else (body or b"")
    environ = {
        "REQUEST_METHOD": method, "SCRIPT_NAME": "", "PATH_INFO": unquote(parts.path, "latin-1"),
        "QUERY_STRING": parts.query, "RAW_URI": parts.path + (f"?{parts.query}" if parts.query else ""),
        "SERVER_NAME": parts.hostname, "SERVER_PORT": "443", "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1", "wsgi.url_scheme": "https", "wsgi.input": io.BytesIO(body),
        "wsgi.input_terminated": True, "wsgi.errors": io.StringIO(), "wsgi.multithread": False,
        "wsgi.multiprocess": False, "wsgi.run_once": False, "wsgi.version": (1, 0),
        "CONTENT_LENGTH": str(len(body)), "HTTP_HOST": parts.netloc,
    }
    for name, value in headers.items():
        value = value.decode("latin-1") if isinstance(value, bytes) else value
        key = name.upper().replace("-", "_")
        if key in ("CONTENT_TYPE", "CONTENT_LENGTH"):
            if key == "CONTENT_TYPE":
                environ[key] = value
        elif key != "HOST":
            environ[f"HTTP_{key}"] = value
    captured = {}

    def start_response(status, response_headers, exc_info=None):
        captured["status"], captured["headers"] = int(status.split()[0]), HTTPHeaderDict(response_headers)
        return lambda data: None

    chunks = app(environ, start_response)
    content = b"".join(chunks)
    return Answer(captured["status"], captured["headers"], content)


class _Raw:
    """The raw stream botocore reads a response body from."""

    def __init__(self, body: bytes):
        self._body = body

    def stream(self, **_):
        yield self._body


def session(box, region: str = "us-west-2", **credentials) -> boto3.Session:
    """A boto3 session whose every request `box`'s app answers in-process (admin's keys by default)."""
    if not credentials:
        key_id, secret = box.world.admin_credentials
        credentials = {"aws_access_key_id": key_id, "aws_secret_access_key": secret}
    found = boto3.Session(region_name=region, **credentials)

    def send(request, **_):
        answer = deliver(box.app, request.method, request.url, request.headers, request.body)
        return AWSResponse(request.url, answer.status_code, answer.headers, _Raw(answer.content))

    found.events.register("before-send", send)
    return found


def signed(box, credentials: Credentials, body, query: str = "", service: str = "iam",
           url: str = "https://iam.amazonaws.com/") -> Answer:
    """A raw SigV4-signed query request (botocore's signer) that boto3 cannot send: the answer."""
    full = url + (f"?{query}" if query else "")
    request = AWSRequest("POST", full, data=body, headers={"Content-Type": "application/x-www-form-urlencoded"})
    SigV4Auth(credentials, service, "us-east-1").add_auth(request)
    prepared = request.prepare()
    return deliver(box.app, "POST", full, prepared.headers, prepared.body)
