"""Request bodies read whole, bounded and validated by the server before any app or lock sees them.

A body read later, by moto under the state lock or by werkzeug's dechunker, lets one slow or
malformed upload stall every call or grow memory without bound. Here the whole body is read first,
with a size limit, and a chunked body is parsed by this bounded reader instead of werkzeug's.

A compressed body (`Content-Encoding: gzip`) is refused, not decoded: none of the services the
sandbox plays takes one (botocore's service models give the `requestcompression` trait to no IAM,
STS or Bedrock operation; CloudWatch's PutMetricData is the one that has it), and moto would
inflate it without bound (1 MB became 1 GB) and read parameters the guard never saw.
"""
from __future__ import annotations

from dataclasses import dataclass

MAX_BODY = 25 * 1024 * 1024  # Bedrock's, and the sandbox's for IAM and STS too
_MAX_LINE = 4096  # a chunk-size line or trailer line
_MAX_TRAILERS = 64


@dataclass(frozen=True)
class Refusal:
    """A request the server refuses before the app runs; the app words it in the service's shape.

    kind: "too-large" (413), "malformed" (400), "encoding" (415, a compressed body) or
    "authorization" (400, two Authorization headers).
    """

    status: int
    kind: str
    message: str


class BodyRefused(Exception):
    def __init__(self, refusal: Refusal):
        super().__init__(refusal.message)
        self.refusal = refusal


class ClientGone(Exception):
    """The client closed the connection before sending the whole body."""


def _malformed(message: str) -> BodyRefused:
    return BodyRefused(Refusal(400, "malformed", message))


def _too_large(limit: int) -> BodyRefused:
    return BodyRefused(Refusal(413, "too-large", f"Request body is larger than the limit of {limit} bytes."))


def refusal_before_reading(headers, limit: int = MAX_BODY) -> BodyRefused | None:
    """What the headers alone show is refused (an encoding, a framing, a length over `limit`), or None.

    Checked before a `100 Continue` is sent, so a client told to go on is never refused afterwards."""
    return _encoding_refusal(headers) or _framing_refusal(headers, limit)


def read_body(headers, rfile, limit: int = MAX_BODY) -> bytes:
    """The request's whole body, by Content-Length or chunked; raises BodyRefused or ClientGone.

    A compressed body is read (bounded, never inflated) before it is refused, so a client that sends
    its body before reading the answer receives the refusal instead of a reset connection."""
    refused = _framing_refusal(headers, limit)
    if refused is not None:
        raise refused
    if _codings(headers):
        body = _dechunk(rfile, limit)
    else:
        lengths = _lengths(headers)
        body = _exactly(rfile, int(lengths[0])) if lengths else b""
    refused = _encoding_refusal(headers)
    if refused is not None:
        raise refused
    return body


def _encoding_refusal(headers) -> BodyRefused | None:
    encodings = [c.strip().lower() for v in headers.get_all("Content-Encoding") or [] for c in v.split(",")]
    if any(c not in ("", "identity") for c in encodings):
        return BodyRefused(Refusal(415, "encoding", "Content-Encoding is not supported: send the body uncompressed."))
    return None


def _framing_refusal(headers, limit: int) -> BodyRefused | None:
    codings, lengths = _codings(headers), _lengths(headers)
    if codings:
        if codings != ["chunked"]:
            return _malformed("Transfer-Encoding other than chunked is not supported.")
        if lengths:  # both framings at once: the classic request-smuggling shape
            return _malformed("A request cannot carry both Content-Length and Transfer-Encoding.")
        return None
    if not lengths:
        return None
    if len(set(lengths)) > 1 or not (lengths[0].isascii() and lengths[0].isdigit()):
        return _malformed("Content-Length must be one non-negative decimal integer.")
    return _too_large(limit) if int(lengths[0]) > limit else None


def _codings(headers) -> list[str]:
    return [c.strip().lower() for v in headers.get_all("Transfer-Encoding") or [] for c in v.split(",") if c.strip()]


def _lengths(headers) -> list[str]:
    return [v.strip() for v in headers.get_all("Content-Length") or []]


def _exactly(rfile, length: int) -> bytes:
    data = rfile.read(length) if length else b""
    if len(data) < length:
        raise ClientGone()
    return data


def _line(rfile) -> bytes:
    line = rfile.readline(_MAX_LINE + 1)
    if not line:
        raise ClientGone()
    if not line.endswith(b"\n"):
        raise _malformed("A chunked body has a line that is too long or cut short.")
    return line.rstrip(b"\r\n")


def _dechunk(rfile, limit: int) -> bytes:
    parts, total = [], 0
    while True:
        size_text = _line(rfile).split(b";", 1)[0].strip()
        if not size_text or len(size_text) > 16 or not all(c in b"0123456789abcdefABCDEF" for c in size_text):
            raise _malformed("A chunk size must be a hexadecimal number.")
        size = int(size_text, 16)
        if size == 0:
            break
        total += size
        if total > limit:
            raise _too_large(limit)
        parts.append(_exactly(rfile, size))
        if _line(rfile) != b"":
            raise _malformed("A chunk must end with CRLF right after its data.")
    for _ in range(_MAX_TRAILERS):
        if _line(rfile) == b"":
            return b"".join(parts)
    raise _malformed("A chunked body has too many trailer lines.")
