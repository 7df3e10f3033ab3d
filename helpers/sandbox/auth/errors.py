"""The refusals of the authentication layer in front of Bedrock (reference sheet §8).

All are 403 (IncompleteSignature: 400, as AWS documents) with the body key `Message` (capital M), as AWS's authentication layer answers.
No message ever carries a key, a secret, a token or a signature.

Sourced: "Authorization header is missing" with x-amzn-ErrorType AccessDeniedException (public
report of the wire response, gptel issue #1397); "Authentication failed: Please make sure your API
Key is valid." and "Bearer Token has expired" (public reports; their ErrorType is not shown there:
AccessDeniedException is our choice, [open]). SigV4 refusals use the codes AWS JSON services send
(UnrecognizedClientException, InvalidSignatureException, ExpiredTokenException,
IncompleteSignatureException) with their usual texts.
"""
from ..errors import AwsError

KEY_INVALID = "Authentication failed: Please make sure your API Key is valid."
KEY_EXPIRED = "Bearer Token has expired"
KEY_FORMAT = "Invalid API Key format: Must start with pre-defined prefix"


def missing() -> AwsError:
    return AwsError(403, "AccessDeniedException", "Authorization header is missing", message_key="Message")


def key_invalid() -> AwsError:
    return AwsError(403, "AccessDeniedException", KEY_INVALID, message_key="Message")


def key_format() -> AwsError:
    """A bearer value with neither key prefix (reference §8, [3p])."""
    return AwsError(403, "AccessDeniedException", KEY_FORMAT, message_key="Message")


def key_expired() -> AwsError:
    return AwsError(403, "AccessDeniedException", KEY_EXPIRED, message_key="Message")


INCOMPLETE_SIGNATURE = (
    "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' "
    "parameter. Authorization header requires 'SignedHeaders' parameter."
)


def incomplete_signature() -> AwsError:
    return AwsError(
        400, "IncompleteSignatureException",
        INCOMPLETE_SIGNATURE + " Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
        message_key="Message",
    )


def unrecognized_client() -> AwsError:
    return AwsError(403, "UnrecognizedClientException", "The security token included in the request is invalid.",
                    message_key="Message")


def token_expired() -> AwsError:
    return AwsError(403, "ExpiredTokenException", "The security token included in the request is expired",
                    message_key="Message")


def signature_mismatch() -> AwsError:
    return AwsError(
        403, "InvalidSignatureException",
        "The request signature we calculated does not match the signature you provided. Check your AWS "
        "Secret Access Key and signing method. Consult the service documentation for details.",
        message_key="Message",
    )


def invalid_signature(message: str) -> AwsError:
    return AwsError(403, "InvalidSignatureException", message, message_key="Message")


def incomplete_query_signature() -> AwsError:
    """A presigned request without all its SigV4 query parameters: S3's documented wording; STS's [open]."""
    return AwsError(
        400, "IncompleteSignatureException",
        "AWS query-string parameters must include 'X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Signature', "
        "'X-Amz-SignedHeaders', 'X-Amz-Date'. Re-examine the query-string parameters.",
        message_key="Message",
    )
