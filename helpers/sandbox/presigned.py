"""IAM and STS requests signed in the query string (presigned URLs): GetCallerIdentity, answered by the sandbox.

AWS takes SigV4 in the query string as well as in the Authorization header, and the SDKs presign one
STS operation: GetCallerIdentity (EKS authentication tokens; the Kotlin SDK's `presignGetCallerIdentity`,
the Ruby SDK's `Aws::STS::Presigner`). moto reads the caller from the Authorization header only, so
for a presigned request it would act as no one's key: the sandbox answers GetCallerIdentity itself,
from the signer `auth/` authenticated, and refuses every other presigned operation (AWS's answer to
those [open]), after the guard authenticated and authorized it.
"""
from __future__ import annotations

from xml.sax.saxutils import escape

from .auth import authenticate
from .auth.sigv4 import query_signed
from .call import Call
from .errors import AwsError
from .iam_requests import Operation
from .query_errors import REQUEST_ID, from_aws_error, query_error

SERVED = "sts:GetCallerIdentity"
ONLY_CALLER_IDENTITY = ("The sandbox serves a presigned (query-string signed) request for sts:GetCallerIdentity "
                        "only; sign this one in its Authorization header.")
_NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/"


def answer(call: Call, op: Operation, world):
    """None for a request signed in its Authorization header; else the answer to the presigned one."""
    if call.headers.get("authorization") or not query_signed(call):
        return None  # moto answers it (only a presigned request is authenticated a second time here)
    try:
        principal = authenticate(call, world)  # as the guard did: the same answer, unless a key changed since
    except AwsError as error:
        return from_aws_error(error)
    if op.action != SERVED:
        return query_error("AccessDenied", ONLY_CALLER_IDENTITY, 403)
    body = (f'<GetCallerIdentityResponse xmlns="{_NAMESPACE}"><GetCallerIdentityResult>'
            f"<Arn>{escape(principal.arn)}</Arn><UserId>{escape(principal.user_id)}</UserId>"
            f"<Account>{escape(principal.account)}</Account></GetCallerIdentityResult>"
            f"<ResponseMetadata>{REQUEST_ID}</ResponseMetadata></GetCallerIdentityResponse>").encode()
    return 200, [("Content-Type", "text/xml")], [body]
