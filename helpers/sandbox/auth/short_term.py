"""Short-term Bedrock API keys: `Authorization: Bearer bedrock-api-key-<base64>`.

The base64 part is a SigV4 query presign made by `aws-bedrock-token-generator` (reference §2):

    bedrock.amazonaws.com/?Action=CallWithBearerToken&X-Amz-Algorithm=AWS4-HMAC-SHA256
      &X-Amz-Credential=<key id>/<date>/<region>/bedrock/aws4_request&X-Amz-Date=...
      &X-Amz-Expires=<seconds>&X-Amz-SignedHeaders=host[&X-Amz-Security-Token=...]
      &X-Amz-Signature=<hex>&Version=1

Verification regenerates the whole key with botocore's signer from the access key's secret at the
key's own X-Amz-Date and compares the two texts in constant time, so any changed byte (even one
that base64 would decode to the same bytes) is refused. Order of checks: the key's public structure
first (it is the caller's own text), then the signature (the same work whether the key id is known
or not), and only for an authentic key its state, region and validity window.
"""
from __future__ import annotations

import base64
import binascii
import re
from datetime import timedelta
from urllib.parse import unquote

from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from ..call import Call, Principal
from . import errors
from ._common import DUMMY_SECRET, MAX_SKEW, FixedTimeQueryAuth, parse_timestamp, same

PREFIX = "bedrock-api-key-"
HOST = "bedrock.amazonaws.com"
VERSION_SUFFIX = "&Version=1"
MAX_EXPIRES = 43200  # 12 hours
_REQUIRED = ("Action", "X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Expires",
             "X-Amz-SignedHeaders", "X-Amz-Signature")
_OPTIONAL = ("X-Amz-Security-Token",)


def _parse(token: str) -> dict[str, str] | None:
    """The key's parameters if it has the generator's exact structure, else None."""
    try:
        url = base64.b64decode(token[len(PREFIX):]).decode()  # junk ignored here fails the whole-key comparison
    except (binascii.Error, ValueError):
        return None
    head = HOST + "/?"
    if not url.startswith(head) or not url.endswith(VERSION_SUFFIX):
        return None
    params: dict[str, str] = {}
    for pair in url[len(head):-len(VERSION_SUFFIX)].split("&"):
        name, equals, value = pair.partition("=")
        if not equals or name in params or name not in _REQUIRED + _OPTIONAL:
            return None
        params[name] = unquote(value)
    if any(name not in params for name in _REQUIRED):
        return None
    scope = params["X-Amz-Credential"].split("/")
    if (params["Action"] != "CallWithBearerToken" or params["X-Amz-Algorithm"] != "AWS4-HMAC-SHA256"
            or params["X-Amz-SignedHeaders"] != "host" or len(scope) != 5 or scope[3] != "bedrock"
            or scope[4] != "aws4_request" or not scope[0] or not scope[2]
            or parse_timestamp(params["X-Amz-Date"]) is None or scope[1] != params["X-Amz-Date"][:8]
            or not re.fullmatch(r"[0-9]{1,6}", params["X-Amz-Expires"]) or not 1 <= int(params["X-Amz-Expires"]) <= MAX_EXPIRES):
        return None
    params["_key_id"], params["_region"] = scope[0], scope[2]
    return params


def expected_token(key_id: str, secret: str, session_token: str | None, region: str, expires: int,
                   timestamp: str) -> str:
    """The key the generator makes from these inputs (its code path, with a fixed time)."""
    request = AWSRequest(method="POST", url=f"https://{HOST}/", params={"Action": "CallWithBearerToken"})  # host: from the URL
    FixedTimeQueryAuth(Credentials(key_id, secret, session_token), "bedrock", region, expires, timestamp).add_auth(request)
    url = request.url.replace("https://", "") + VERSION_SUFFIX
    return PREFIX + base64.b64encode(url.encode()).decode()


def authenticate(token: str, call: Call, world) -> Principal:
    params = _parse(token)
    if params is None:
        raise errors.key_invalid()
    presented_session = params.get("X-Amz-Security-Token")
    key = world.access_key(params["_key_id"])
    expected = expected_token(params["_key_id"], key.secret if key else DUMMY_SECRET, presented_session,
                              params["_region"], int(params["X-Amz-Expires"]), params["X-Amz-Date"])
    authentic = same(expected, token)
    session_ok = same(key.session_token or "", presented_session or "") if key else False
    if not (key and authentic and session_ok and key.active):
        raise errors.key_invalid()
    if params["_region"] != call.region:
        raise errors.key_invalid()
    now = world.clock.now()
    signed_at = world.clock.to_sandbox(parse_timestamp(params["X-Amz-Date"]))
    if signed_at - now > MAX_SKEW:  # not valid yet
        raise errors.key_invalid()
    if now >= signed_at + timedelta(seconds=int(params["X-Amz-Expires"])):
        raise errors.key_expired()
    if key.expires is not None and now >= key.expires:  # the session behind it ended first
        raise errors.key_expired()
    return key.principal("bearer-short")
