"""The request context: case-insensitive keys, single values or tuples of values.

Keys are lower-cased once per request, because IAM condition key names are case-insensitive.
A list, tuple or set is a multivalued key (kept as a tuple); an empty one, or None, counts as
absent, which is how IAM treats a key with no values (ForAllValues true, ForAnyValue false,
Null true).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timezone

MISSING = object()


def normalize_context(context: Mapping[str, object] | None) -> dict[str, object]:
    """Lower-case the keys and turn collections into tuples; drop keys without a value."""
    if not context:
        return {}
    normalized: dict[str, object] = {}
    for key, value in context.items():
        if not isinstance(key, str):
            raise TypeError(f"context keys must be strings, not {key!r}")
        if isinstance(value, (list, tuple, set, frozenset)):
            value = tuple(value)
            if not value:
                continue
        elif value is None:
            continue
        normalized[key.lower()] = value
    return normalized


def as_utc(moment: datetime) -> datetime:
    """A naive datetime is taken to be UTC, as AWS request times always are."""
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)


def as_text(value: object) -> str | None:
    """How a single context value reads in a string comparison; None for multivalued values."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, datetime):
        return as_utc(value).strftime("%Y-%m-%dT%H:%M:%SZ")
    return None
