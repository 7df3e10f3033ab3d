"""Authentication of every Bedrock request: who is calling, and how they proved it.

    principal = authenticate(call, world)     # raises AwsError (403, AWS's words)

Three schemes, one module each: `short_term` (Bearer bedrock-api-key-...), `long_term`
(Bearer ABSK...) and `sigv4` (AWS4-HMAC-SHA256). A request without an Authorization header,
including one that carries its key only in `x-api-key` on the native paths (reference §1), is
refused as AWS refuses it: 403 "Authorization header is missing". On the Anthropic Messages routes
(`/anthropic/...`) `x-api-key: <key>` is taken as the key, as AWS's examples for that API send it;
`Authorization` wins when both are present. IAM and STS also take SigV4 in the query string (a
presigned URL, `sigv4.authenticate_query`) when no Authorization header is sent; Bedrock does not [open].
Refusal texts are in `errors.py`.
"""
from __future__ import annotations

from ..call import Call, Principal
from . import errors, long_term, short_term, sigv4

__all__ = ["authenticate"]

ANTHROPIC_ROUTES = "/anthropic/"  # the Anthropic Messages API routes, on bedrock-runtime and bedrock-mantle
QUERY_SIGNED_SERVICES = ("iam", "sts")  # the query-protocol services: where the SDKs presign (STS GetCallerIdentity)


def authenticate(call: Call, world) -> Principal:
    value = (call.headers.get("authorization") or "").strip()
    api_key = call.headers.get("x-api-key")
    if not value and api_key and call.path.startswith(ANTHROPIC_ROUTES):  # the Anthropic API's header, as AWS's examples send it
        return _bearer(api_key.strip(), call, world)
    if not value and call.service in QUERY_SIGNED_SERVICES and sigv4.query_signed(call):
        return sigv4.authenticate_query(call, world)
    if not value:
        raise errors.missing()
    scheme, _, credential = value.partition(" ")
    if scheme.lower() == "bearer":
        return _bearer(credential.strip(), call, world)
    if scheme == sigv4.ALGORITHM:
        return sigv4.authenticate(value, call, world)
    raise errors.incomplete_signature()


def _bearer(token: str, call: Call, world) -> Principal:
    """A Bedrock API key, told apart by its prefix."""
    if token.startswith(short_term.PREFIX):
        return short_term.authenticate(token, call, world)
    if token.startswith(long_term.PREFIX):
        return long_term.authenticate(token, world)
    raise errors.key_format()
