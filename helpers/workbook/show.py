"""Printing keys and AWS responses so that no secret ever reaches a notebook's output.

`mask(text)` keeps what is safe and useful to see, a key's type prefix and its last 4 characters,
and hides the rest. `show(response)` prints a boto3 response as indented JSON with every
secret-bearing field masked, `ResponseMetadata` dropped, and dates to the minute (a notebook's
committed output stays the same from run to run).
"""
from __future__ import annotations

import json
from datetime import datetime, timezone

# Type prefixes, longest first: what a reader may see of a key.
PREFIXES = ("bedrock-api-key-", "ABSK", "AKIA", "ASIA")
# Response fields that hold a secret or a credential, wherever they appear.
SECRET_FIELDS = {"ServiceCredentialSecret", "SecretAccessKey", "SessionToken", "AccessKeyId",
                 "ServicePassword", "AWS_BEARER_TOKEN_BEDROCK"}


def mask(text: str | None) -> str:
    """`bedrock-api-key-…Q=`-style: the type prefix, an ellipsis, the last 4 characters.

    Anything shorter than 12 characters is masked entirely: its last 4 would be too much of it.
    """
    if text is None:
        return "None"
    prefix = next((p for p in PREFIXES if text.startswith(p)), "")
    if len(text) < 12:
        return prefix + "…" if prefix else "…"
    return f"{prefix}…{text[-4:]}"


def when(moment: datetime | None) -> str:
    """A date as the course prints it: UTC, to the minute."""
    if moment is None:
        return "never"
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def safe(value, field: str = ""):
    """`value` with secrets masked and datetimes made readable, recursively (a new object)."""
    if field in SECRET_FIELDS and isinstance(value, str):
        return mask(value)
    if isinstance(value, dict):
        return {k: safe(v, k) for k, v in value.items() if k != "ResponseMetadata"}
    if isinstance(value, list):
        return [safe(v, field) for v in value]
    if isinstance(value, datetime):
        return when(value)
    return value


def show(response) -> None:
    """Print a boto3 response (or any JSON-like value) with secrets masked."""
    print(json.dumps(safe(response), indent=2, ensure_ascii=False, default=str))
