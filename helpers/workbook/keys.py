"""Read a Bedrock API key without sending it anywhere: its kind, Region, lifetime and principal.

Both kinds are encodings you can take apart (reference sheet §2, §3):

- short-term: `bedrock-api-key-` + base64 of a presigned SigV4 URL without `https://`:
  `bedrock.amazonaws.com/?Action=CallWithBearerToken&X-Amz-...&X-Amz-Signature=...&Version=1`.
  The Region is in the credential scope, the lifetime in `X-Amz-Expires`, and a key made from
  temporary credentials carries their session token.
- long-term: `ABSK` + base64 of `<alias>:<secret>`, the alias being `<user>-at-<account>` (a
  third-party reading; AWS documents a further suffix whose form is open). The key holds no expiry:
  IAM keeps it.

Everything here is pure: no network, no AWS call. `anatomy()` shows a key's parts with the
signature, session token and secret masked, so it is safe to print.
"""
from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from urllib.parse import parse_qsl

from .show import mask

SHORT_PREFIX = "bedrock-api-key-"
LONG_PREFIX = "ABSK"
SECRET_PARAMETERS = ("X-Amz-Signature", "X-Amz-Security-Token")


@dataclass(frozen=True)
class KeyInfo:
    """What a key says about itself. `kind` is "short-term", "long-term" or "not a key"."""

    kind: str
    region: str | None = None
    made: datetime | None = None        # short-term: X-Amz-Date (the maker's clock)
    valid_for: timedelta | None = None  # short-term: X-Amz-Expires
    principal: str = ""
    problems: list[str] = field(default_factory=list)

    @property
    def expires(self) -> datetime | None:
        return self.made + self.valid_for if self.made and self.valid_for is not None else None

    def rows(self) -> list[tuple[str, str]]:
        """(what, value) pairs for a table."""
        if self.kind == "long-term":
            expiry = "not in the key: IAM keeps it (ListServiceSpecificCredentials)"
        elif self.expires:
            expiry = f"{_stamp(self.expires)} ({_hours(self.valid_for)} after it was made)"
        else:
            expiry = "unknown"
        region = self.region or ("not in the key" if self.kind == "long-term" else "unknown")
        rows = [("type", self.kind), ("region", region), ("expires", expiry),
                ("principal", self.principal or "unknown")]
        return rows + [("problem", p) for p in self.problems]


def inspect_key(text: str) -> KeyInfo:
    """Decode `text` (a pasted key; surrounding spaces and a `Bearer ` prefix are tolerated)."""
    text = (text or "").strip()
    if text.lower().startswith("bearer "):
        text = text[7:].strip()
    if text.startswith(SHORT_PREFIX):
        return _short_term(text)
    if text.startswith(LONG_PREFIX):
        return _long_term(text)
    return KeyInfo("not a key", problems=[
        "A Bedrock API key starts with 'bedrock-api-key-' (short-term) or 'ABSK' (long-term)."])


def presigned_url(key: str) -> str:
    """The URL inside a short-term key, exactly as encoded (secret parts included: do not print)."""
    return _b64decode(key[len(SHORT_PREFIX):]).decode()


def url_parameters(key: str) -> list[tuple[str, str]]:
    """The short-term key's query parameters, in order, with its signature and session token masked."""
    query = presigned_url(key).partition("?")[2]
    return [(name, _masked_parameter(name, value)) for name, value in parse_qsl(query)]


def anatomy(key: str) -> list[tuple[str, str]]:
    """A key's parts, safe to print: (part, value) pairs."""
    key = key.strip()
    if key.startswith(SHORT_PREFIX):
        host_path = presigned_url(key).partition("?")[0]
        return [("prefix", SHORT_PREFIX), ("host and path", host_path)] + url_parameters(key)
    if key.startswith(LONG_PREFIX):
        alias, _, secret = _b64decode(key[len(LONG_PREFIX):]).decode().partition(":")
        return [("prefix", LONG_PREFIX), ("alias", alias),
                ("secret", f"{mask(secret)} ({len(secret)} characters)")]
    raise ValueError("not a Bedrock API key")


def _short_term(key: str) -> KeyInfo:
    try:
        url = presigned_url(key)
    except (ValueError, UnicodeDecodeError):
        return KeyInfo("short-term", problems=["The part after 'bedrock-api-key-' is not base64 of a URL."])
    parameters = dict(parse_qsl(url.partition("?")[2]))
    problems = []
    if "Action=CallWithBearerToken" not in url:
        problems.append("The URL does not ask for Action=CallWithBearerToken.")
    credential = parameters.get("X-Amz-Credential", "").split("/")
    region = credential[2] if len(credential) == 5 else None
    try:
        made = datetime.strptime(parameters["X-Amz-Date"], "%Y%m%dT%H%M%SZ").replace(tzinfo=timezone.utc)
        valid_for = timedelta(seconds=int(parameters["X-Amz-Expires"]))
    except (KeyError, ValueError):
        made = valid_for = None
        problems.append("X-Amz-Date or X-Amz-Expires is missing or malformed.")
    if "X-Amz-Signature" not in parameters:
        problems.append("The URL carries no signature.")
    who = mask(credential[0]) if credential[0] else "unknown"
    principal = (f"an STS session (temporary credentials {who}; the key carries its session token)"
                 if "X-Amz-Security-Token" in parameters else f"the IAM user of access key {who}")
    return KeyInfo("short-term", region, made, valid_for, principal, problems)


def _long_term(key: str) -> KeyInfo:
    try:
        alias, colon, secret = _b64decode(key[len(LONG_PREFIX):]).decode().partition(":")
    except (ValueError, UnicodeDecodeError):
        return KeyInfo("long-term", problems=["The part after 'ABSK' is not base64 of '<alias>:<secret>'."])
    user, at, account = alias.rpartition("-at-")
    if not (colon and secret and at):
        return KeyInfo("long-term", problems=["Decoded, it is not '<user>-at-<account>:<secret>'."])
    return KeyInfo("long-term", principal=f"IAM user {user} in account {account}")


def _b64decode(text: str) -> bytes:
    try:
        return base64.b64decode(text + "=" * (-len(text) % 4), validate=True)
    except binascii.Error as error:
        raise ValueError(str(error)) from None


def _masked_parameter(name: str, value: str) -> str:
    if name in SECRET_PARAMETERS:  # none of it: a signature changes with every second it is made in
        return f"… ({len(value)} characters, masked)"
    if name == "X-Amz-Credential":
        key_id, _, scope = value.partition("/")
        return f"{mask(key_id)}/{scope}"
    return value


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y%m%dT%H%M%SZ")


def _hours(delta: timedelta) -> str:
    hours = delta.total_seconds() / 3600
    return f"{hours:g} h"
