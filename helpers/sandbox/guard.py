"""IAM and STS requests, before moto runs them: who is asking, and would IAM let them?

moto checks neither signatures nor permissions, so without this any client could create keys for
the admin. Authentication is the Bedrock side's SigV4 (`auth/`); authorization is the same
evaluator over the caller's identity policies, boundary, session policies and SCPs
(`authorize.py`), with the resource and condition keys of `iam_requests`, and for AssumeRole the
role's trust policy (`trust.py`). What is authorized is what moto executes: the parameters are
read by moto's own parser, and an operation on "the caller" (no UserName) that names an access key
or Bedrock API key of someone else is refused as IAM refuses it, NoSuchEntity, before moto (which
would act on the key's owner) sees it. Refusals are worded as IAM and STS word them (`query_errors`).
"""
from __future__ import annotations

from moto.iam.exceptions import NotFoundException

from . import iam_credentials, iam_input, iam_requests, policy_limits, role_sessions
from .auth import authenticate
from .authorize import Authorizer, PolicyCache, request_context
from .call import Call, Principal
from .errors import AwsError, access_denied
from .query_errors import from_aws_error, query_error
from .trust import trust

# STS operations IAM policies do not govern (STS API Reference: no permission is needed).
_UNGOVERNED = {"sts:GetCallerIdentity", "sts:GetSessionToken", "sts:GetAccessKeyInfo"}
# Operations on "the caller" that name a credential by id: the id must be the caller's.
_ACCESS_KEY_IDS = {"UpdateAccessKey", "DeleteAccessKey"}
_SERVICE_CREDENTIAL_IDS = {"UpdateServiceSpecificCredential", "ResetServiceSpecificCredential",
                           "DeleteServiceSpecificCredential"}
NON_USER = "Must specify userName when calling with non-User credentials"


class Refused(Exception):
    """An IAM/STS refusal that is not about authorization: (code, message, status)."""

    def __init__(self, code: str, message: str, status: int = 400):
        self.answer = query_error(code, message, status)  # the answer is all anyone reads of it


def refusal(call: Call, world, scps, cache: PolicyCache):
    """None if the request may go on to moto, else its refusal (status, headers, chunks).
    The caller makes sure the state checked is the state moto changes (`world.lock`, or a check
    that the world did not change before moto runs)."""
    try:
        principal = authenticate(call, world)
        op = iam_requests.parse(call)  # Unreadable: the app answers MalformedQueryString, as for any input moto chokes on
        if op.action in _UNGOVERNED:
            return None
        invalid = iam_input.input_error(op)
        if invalid:
            raise Refused("ValidationError", invalid)
        _check_self(op, principal, world)
        authz = Authorizer(principal, world.policies_for(principal), scps,
                           request_context(principal, call, world.clock.now()), cache)
        target = iam_requests.resource(op, principal, lambda kind, name: _path(world, kind, name))
        keys = iam_requests.condition_keys(op)
        if op.action == "sts:AssumeRole":
            _assume_role(authz, world, target, keys, op.params.get("DurationSeconds"))
        else:
            authz.require(op.action, target, keys)
        _check_writes(op, world)
    except AwsError as error:
        return from_aws_error(error)
    except Refused as refused:
        return refused.answer
    return None


def _check_self(op: iam_requests.Operation, caller: Principal, world) -> None:
    """An operation on the caller (no UserName) needs a user caller, and acts on its own keys only."""
    if op.name not in iam_requests.SELF or "UserName" in op.params:  # SELF: IAM operations only
        return
    if op.name == "ListServiceSpecificCredentials" and op.params.get("AllUsers"):
        return
    if caller.kind != "user":
        raise Refused("ValidationError", NON_USER)
    if op.name in _ACCESS_KEY_IDS:
        key_id = op.params["AccessKeyId"]
        try:
            owner = world.iam.get_access_key_last_used(key_id)["user_name"]
        except NotFoundException:
            return  # moto answers NoSuchEntity itself
        if owner != caller.name:
            raise Refused("NoSuchEntity", f"The Access Key with id {key_id} cannot be found", 404)
    elif op.name in _SERVICE_CREDENTIAL_IDS:
        credential_id = op.params["ServiceSpecificCredentialId"]
        found = iam_credentials.store(world.iam).get(credential_id)
        if found is not None and found.user_name != caller.name:
            raise Refused("NoSuchEntity", iam_credentials.not_found_message(credential_id), 404)


def _check_writes(op: iam_requests.Operation, world) -> None:
    """What IAM refuses once authorized: a policy over its size quota, or malformed."""
    exceeded = policy_limits.check(op, world.iam)  # first: a huge document is never parsed
    if exceeded:
        code, message = exceeded
        raise Refused(code, message, 409 if code == "LimitExceeded" else 400)
    malformed = iam_input.document_error(op)
    if malformed:
        raise Refused("MalformedPolicyDocument", malformed)


def _assume_role(authz: Authorizer, world, role_arn: str, keys: dict, duration: int | None) -> None:
    """AssumeRole needs the role's trust policy to trust the caller, and IAM's usual layers; the
    session may not outlast the role's MaxSessionDuration, nor an hour when chained (`role_sessions`)."""
    caller = authz.principal
    denied = access_denied(f"User: {caller.arn} is not authorized to perform: sts:AssumeRole on resource: {role_arn}")
    try:
        role = world.iam.get_role_by_arn(role_arn)
    except NotFoundException:
        raise denied from None
    context = {**authz.context, **keys}
    trusted = trust(role.assume_role_policy_document, caller, "sts:AssumeRole", role_arn, context)
    if trusted not in ("arn", "account"):  # a Deny, or nothing trusts the caller
        raise denied
    verdict = authz.decision_for("sts:AssumeRole", role_arn, keys, granted=trusted == "arn")
    if not verdict.allowed:
        raise access_denied(f"{denied.message} {verdict.reason}")
    too_long = role_sessions.duration_refusal(caller.kind, duration, role.max_session_duration)
    if too_long:
        raise Refused("ValidationError", too_long)


def _path(world, kind: str, name: str) -> str:
    entity = iam_requests.entity(world.iam, kind, name)
    return getattr(entity, "path", None) or "/"
