"""Errors in the XML shape of query-protocol services (IAM, STS), which boto3 parses as AWS's.

The authentication layer raises the codes AWS's JSON services use (`auth/errors.py`); IAM and STS
name the same refusals differently, and `from_aws_error` translates them.
"""
from __future__ import annotations

from xml.sax.saxutils import escape

from .errors import AwsError

# JSON-service code -> (query-service code, status)
_AUTH_CODES = {
    "AccessDeniedException": ("MissingAuthenticationToken", 403),  # no Authorization header at all
    "UnrecognizedClientException": ("InvalidClientTokenId", 403),
    "InvalidSignatureException": ("SignatureDoesNotMatch", 403),
    "ExpiredTokenException": ("ExpiredToken", 403),
    "IncompleteSignatureException": ("IncompleteSignature", 400),
}
MISSING_TOKEN = "Request is missing Authentication Token"


def query_error(code: str, message: str, status: int = 400):
    """(status, headers, body chunks) of an IAM/STS error."""
    body = (f"<ErrorResponse><Error><Type>Sender</Type><Code>{escape(code)}</Code>"
            f"<Message>{escape(message)}</Message></Error></ErrorResponse>").encode()
    return status, [("Content-Type", "text/xml"), ("x-amzn-ErrorType", code)], [body]


def from_aws_error(error: AwsError):
    """An authentication or authorization refusal, worded as IAM and STS word it."""
    if error.code == "AccessDeniedException" and error.message_key == "message":  # the authorizer's
        return query_error("AccessDenied", error.message, 403)
    code, status = _AUTH_CODES.get(error.code, (error.code, error.status))
    message = MISSING_TOKEN if code == "MissingAuthenticationToken" else error.message
    return query_error(code, message, status)
