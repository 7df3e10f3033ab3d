"""Errors in the XML shape of query-protocol services (IAM, STS), which boto3 parses as AWS's.

The authentication layer raises the codes AWS's JSON services use (`auth/errors.py`); IAM and STS
name the same refusals differently, and `from_aws_error` translates them.

AWS's query-protocol error is `<ErrorResponse><Error>...</Error><RequestId>...</RequestId></ErrorResponse>`
(botocore reads it as `ResponseMetadata.RequestId`). The id is the one the app sends in
`x-amzn-RequestId`, seeded, so it is known only when the answer leaves: a body holds the empty
`REQUEST_ID` element, which the app fills (`with_request_id`).
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
REQUEST_ID = "<RequestId/>"  # in the sandbox's own IAM/STS bodies, filled by `with_request_id`


def query_error(code: str, message: str, status: int = 400):
    """(status, headers, body chunks) of an IAM/STS error."""
    body = (f"<ErrorResponse><Error><Type>Sender</Type><Code>{escape(code)}</Code>"
            f"<Message>{escape(message)}</Message></Error>{REQUEST_ID}</ErrorResponse>").encode()
    return status, [("Content-Type", "text/xml"), ("x-amzn-ErrorType", code)], [body]


def from_aws_error(error: AwsError):
    """An authentication or authorization refusal, worded as IAM and STS word it."""
    if error.code == "AccessDeniedException" and error.message_key == "message":  # the authorizer's
        return query_error("AccessDenied", error.message, 403)
    code, status = _AUTH_CODES.get(error.code, (error.code, error.status))
    message = MISSING_TOKEN if code == "MissingAuthenticationToken" else error.message
    return query_error(code, message, status)


def with_request_id(chunks: list[bytes], request_id: str) -> list[bytes]:
    """The body with its empty `REQUEST_ID` element (if any: moto writes its own) holding `request_id`."""
    filled = f"<RequestId>{escape(request_id)}</RequestId>".encode()
    return [chunk.replace(REQUEST_ID.encode(), filled, 1) for chunk in chunks]
