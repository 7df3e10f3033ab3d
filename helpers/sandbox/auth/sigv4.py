"""SigV4 `Authorization: AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...`.

The signature is recomputed with botocore's SigV4Auth over the request as it arrived: method, the
raw path (botocore encodes it once more, as the client did when signing), the raw query, exactly
the signed headers with their received values, and the body's SHA-256, at the request's own
X-Amz-Date. The scope must be the addressed service (bedrock-runtime signs as bedrock; bedrock-mantle,
IAM (in us-east-1), STS and Organizations as themselves) in the addressed region.

The request time must be within the service's window of the *real* clock (clients sign with the real
time; the window guards against replay, not credential age): five minutes, AWS's rule "in most
cases", for Bedrock's endpoints and Organizations; fifteen for STS, as STS's own refusals read, and
for IAM, its query-protocol sibling ([open]). Outside it: AWS's words, "Signature expired: <stamp> is
now earlier than <now - window> (<now> - 5 min.)", 400 on the JSON services as public reports show,
SignatureDoesNotMatch on IAM and STS. The sandbox clock (advanced by the workbook) decides whether an
STS session behind the key has expired.

A presigned request (`authenticate_query`) carries the same fields in its query string
(X-Amz-Credential, X-Amz-SignedHeaders, X-Amz-Signature, X-Amz-Date, X-Amz-Security-Token) and gets
the same checks; it is taken on IAM and STS only (`auth/__init__.py`).
"""
from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from hashlib import sha256
from urllib.parse import parse_qsl

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from ..call import Call, Principal
from . import errors
from ._common import DUMMY_SECRET, SIGV4_TIMESTAMP, parse_timestamp, same

ALGORITHM = "AWS4-HMAC-SHA256"
WINDOW = timedelta(minutes=5)
QUERY_SERVICE_WINDOW = timedelta(minutes=15)  # STS [3p: its refusals say "- 15 min."]; IAM [open]
QUERY_PARAMETERS = ("X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-SignedHeaders", "X-Amz-Signature")
PRESIGNED = "sigv4-query"  # Principal.auth of a request signed in its query string


def window(call: Call) -> timedelta:
    """How far a request's X-Amz-Date may be from now, for the service it is addressed to."""
    return QUERY_SERVICE_WINDOW if call.service in ("iam", "sts") else WINDOW


def _stale(message: str) -> errors.AwsError:
    """A request outside the window: 400 on the JSON services, as reported; IAM/STS map it to 403."""
    error = errors.invalid_signature(message)
    error.status = 400
    return error


def _parse(value: str) -> dict[str, str] | None:
    fields: dict[str, str] = {}
    for part in value[len(ALGORITHM):].split(","):
        name, equals, content = part.strip().partition("=")
        if equals:
            fields[name] = content
    if not {"Credential", "SignedHeaders", "Signature"} <= fields.keys():
        return None
    return fields


def signing_name(call: Call) -> str:
    """bedrock and bedrock-runtime sign as `bedrock`; bedrock-mantle (the anthropic SDK's mantle
    client), iam, sts and organizations as themselves."""
    return call.service if call.service in ("bedrock-mantle", "iam", "sts", "organizations") else "bedrock"


def signature(call: Call, key_id: str, secret: str, region: str, timestamp: str, signed: list[str]) -> str:
    url = f"https://{call.host}{call.path}" + (f"?{call.query}" if call.query else "")
    headers = {name: call.headers.get(name) or "" for name in signed}
    request = AWSRequest(method=call.method, url=url, headers=headers, data=call.body)
    request.context["timestamp"] = timestamp
    auth = SigV4Auth(Credentials(key_id, secret), signing_name(call), region)
    canonical = auth.canonical_request(request)
    return auth.signature(auth.string_to_sign(request, canonical), request)


def authenticate(value: str, call: Call, world) -> Principal:
    """A request signed in its Authorization header."""
    fields = _parse(value)
    timestamp = call.headers.get("x-amz-date")
    if fields is None or not timestamp:
        raise errors.incomplete_signature()
    return _verify(call, world, fields["Credential"], fields["SignedHeaders"], fields["Signature"], timestamp,
                   call.headers.get("x-amz-security-token"), "sigv4")


def query_signed(call: Call) -> bool:
    """The request carries its SigV4 fields in the query string: a presigned URL."""
    return any(name in QUERY_PARAMETERS for name, _ in parse_qsl(call.query, keep_blank_values=True))


def authenticate_query(call: Call, world) -> Principal:
    """A presigned request: the same fields in the query string, the signature over the query without
    X-Amz-Signature (as the signer computed it). X-Amz-Expires is not read: STS ignores it and holds a
    presigned URL to its 15-minute window ([3p] aws-iam-authenticator PR #160, aws-sdk-ruby #2887)."""
    fields: dict[str, str] = {}
    for name, content in parse_qsl(call.query, keep_blank_values=True):
        if name.startswith("X-Amz-"):
            if name in fields:
                raise errors.incomplete_query_signature()
            fields[name] = content
    if any(not fields.get(name) for name in QUERY_PARAMETERS) or fields["X-Amz-Algorithm"] != ALGORITHM:
        raise errors.incomplete_query_signature()
    unsigned = "&".join(pair for pair in call.query.split("&") if pair.partition("=")[0] != "X-Amz-Signature")
    return _verify(replace(call, query=unsigned), world, fields["X-Amz-Credential"], fields["X-Amz-SignedHeaders"],
                   fields["X-Amz-Signature"], fields["X-Amz-Date"], fields.get("X-Amz-Security-Token"), PRESIGNED)


def _verify(call: Call, world, credential: str, signed_headers: str, presented: str, timestamp: str,
            presented_token: str | None, auth: str) -> Principal:
    """The checks of every SigV4 request, wherever its fields travel: scope, time window, key, signature,
    session token, session end."""
    scope = credential.split("/")
    signed = signed_headers.split(";")
    if len(scope) != 5 or scope[4] != "aws4_request":
        raise errors.invalid_signature("Credential should be scoped with a valid terminator: 'aws4_request'.")
    key_id, date, region, service = scope[:4]
    if service != signing_name(call):
        raise errors.invalid_signature(f"Credential should be scoped to correct service: '{signing_name(call)}'. ")
    if region != call.region:
        raise errors.invalid_signature(f"Credential should be scoped to a valid region, not '{region}'. ")
    stamped = parse_timestamp(timestamp)
    if stamped is None:
        raise errors.incomplete_signature()
    if date != timestamp[:8]:
        raise errors.invalid_signature(
            f"Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: "
            f"'{date}' != '{timestamp[:8]}', from '{timestamp}'.")
    if "host" not in signed or any(call.headers.get(name) is None for name in signed):
        raise errors.signature_mismatch()
    now, allowed = world.clock.real_now(), window(call)
    minutes = int(allowed.total_seconds() // 60)
    if now - stamped > allowed:
        raise _stale(f"Signature expired: {timestamp} is now earlier than {(now - allowed).strftime(SIGV4_TIMESTAMP)} "
                     f"({now.strftime(SIGV4_TIMESTAMP)} - {minutes} min.)")
    if stamped - now > allowed:
        raise _stale(f"Signature not yet current: {timestamp} is still later than "
                     f"{(now + allowed).strftime(SIGV4_TIMESTAMP)} ({now.strftime(SIGV4_TIMESTAMP)} + {minutes} min.)")

    key = world.access_key(key_id)
    computed = signature(call, key_id, key.secret if key else DUMMY_SECRET, region, timestamp, signed)
    authentic = same(computed, presented)
    body_hash = call.headers.get("x-amz-content-sha256")
    if body_hash is not None and body_hash != sha256(call.body).hexdigest():
        authentic = False
    token_ok = same(key.session_token or "", presented_token or "") if key else False
    if key is None or not key.active:
        raise errors.unrecognized_client()
    if not authentic:
        raise errors.signature_mismatch()
    if not token_ok:
        raise errors.unrecognized_client()
    if key.expires is not None and world.clock.now() >= key.expires:
        raise errors.token_expired()
    return key.principal(auth)
