"""SigV4 requests as botocore signs them, with the signer's clock shifted when a probe asks.

A probe of the signature's time window signs with a time stamp outside it: botocore's own SigV4
signer, told to stamp the request `shift` away from now. Nothing else of the signature changes, so a
refusal can only be about the time.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from botocore.auth import SIGV4_TIMESTAMP, SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials


class ShiftedSigV4(SigV4Auth):
    """botocore's SigV4 signer, stamping `shift` from now instead of now."""

    def __init__(self, credentials: Credentials, service: str, region: str, shift: timedelta):
        super().__init__(credentials, service, region)
        self._shift = shift

    def _modify_request_before_signing(self, request):
        # add_auth has just stamped request.context['timestamp'] with now; the headers and scope read it.
        request.context["timestamp"] = (datetime.now(timezone.utc) + self._shift).strftime(SIGV4_TIMESTAMP)
        super()._modify_request_before_signing(request)


def signed_headers(credentials: Credentials, service: str, region: str, method: str, url: str, body: bytes,
                   headers: dict, shift: timedelta = timedelta()) -> dict:
    """`headers` plus the SigV4 ones (X-Amz-Date, Authorization, the token) for this request."""
    request = AWSRequest(method=method, url=url, data=body, headers=headers)
    ShiftedSigV4(credentials, service, region, shift).add_auth(request)
    return dict(request.headers)
