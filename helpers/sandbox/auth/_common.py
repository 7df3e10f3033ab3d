"""Small helpers shared by the authentication schemes."""
from __future__ import annotations

import hmac
from datetime import datetime, timedelta, timezone

from botocore.auth import SigV4QueryAuth

SIGV4_TIMESTAMP = "%Y%m%dT%H%M%SZ"
# How far a client's clock may be from the sandbox's (AWS allows 15 minutes for SigV4).
MAX_SKEW = timedelta(minutes=15)
# Stands in for an unknown key's secret, so unknown and known keys cost the same work.
DUMMY_SECRET = "0" * 40


def parse_timestamp(text: str) -> datetime | None:
    try:
        return datetime.strptime(text, SIGV4_TIMESTAMP).replace(tzinfo=timezone.utc)
    except (TypeError, ValueError):
        return None


def same(a: str, b: str) -> bool:
    """Constant-time comparison of two texts, as UTF-8 bytes (compare_digest refuses non-ASCII str).
    Neither holds a lone surrogate: ours are ASCII, a header arrives as latin-1 text (WSGI), and a
    key's inner text is decoded strictly (UTF-8) or with replacement (percent-escapes)."""
    return hmac.compare_digest(a.encode(), b.encode())


class FixedTimeQueryAuth(SigV4QueryAuth):
    """botocore's query-string signer at a given timestamp instead of the current time."""

    def __init__(self, credentials, service_name, region_name, expires, timestamp: str):
        super().__init__(credentials, service_name, region_name, expires=expires)
        self._timestamp = timestamp

    def add_auth(self, request):
        request.context["timestamp"] = self._timestamp
        self._modify_request_before_signing(request)
        canonical_request = self.canonical_request(request)
        string_to_sign = self.string_to_sign(request, canonical_request)
        self._inject_signature_to_request(request, self.signature(string_to_sign, request))
