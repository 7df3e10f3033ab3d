"""What a boto3 client puts on the wire, masked: the `Authorization` header of each request it sends.

    sent = authorization_sent(client)    # before the calls
    client.converse(...)
    sent[-1]   # 'Bearer bedrock-api-key-…Q=' or 'AWS4-HMAC-SHA256 Credential=AKIA…/…, Signature=…'

botocore emits `before-send` just before a request leaves; the handler only reads the header.
"""
from __future__ import annotations

import re

from .show import mask

_CREDENTIAL = re.compile(r"Credential=([^/,]+)")
_SIGNATURE = re.compile(r"Signature=([0-9a-f]+)")


def masked_authorization(value: str | bytes | None) -> str:
    """An Authorization header with its secret parts masked; the scheme and scope stay readable."""
    if value is None:
        return "(no Authorization header)"
    if isinstance(value, bytes):
        value = value.decode()
    scheme, _, rest = value.partition(" ")
    if scheme == "Bearer":
        return f"Bearer {mask(rest)}"
    rest = _CREDENTIAL.sub(lambda m: f"Credential={mask(m[1])}", rest)
    return f"{scheme} {_SIGNATURE.sub('Signature=…', rest)}"  # it changes every second: show none of it


def authorization_sent(client) -> list[str]:
    """A list that fills with the masked Authorization header of every request `client` sends."""
    seen: list[str] = []

    def record(request, **_):
        seen.append(masked_authorization(request.headers.get("Authorization")))

    client.meta.events.register("before-send", record)
    return seen


def raise_for_error(answer) -> None:
    """Like `requests.Response.raise_for_status`, but the error says what Bedrock said: the status,
    `x-amzn-ErrorType` and the body's message (`message`, or `Message` from the authentication layer)."""
    if answer.ok:
        return
    import requests

    try:
        body = answer.json()
        said = body.get("message") or body.get("Message") or (body.get("error") or {}).get("message") or body
    except ValueError:
        said = answer.text.strip()
    kind = answer.headers.get("x-amzn-ErrorType", "").split(":")[0]
    raise requests.HTTPError(f"{answer.status_code} {kind}: {said}".replace("  ", " "), response=answer)
