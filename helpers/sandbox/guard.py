"""IAM and STS requests, before moto runs them: who is asking, and would IAM let them?

moto checks neither signatures nor permissions, so without this any client could create keys for
the admin. Authentication is the Bedrock side's SigV4 (`auth/`); authorization is the same
evaluator over the caller's identity policies, boundary, session policies and SCPs
(`authorize.py`), with the resource and condition keys of `iam_requests`, and for AssumeRole the
role's trust policy (`trust.py`). Refusals are worded as IAM and STS word them (`query_errors`).
"""
from __future__ import annotations

from moto.iam.exceptions import NotFoundException

from . import iam_requests, policy_limits
from .auth import authenticate
from .authorize import Authorizer, PolicyCache, request_context
from .call import Call
from .errors import AwsError
from .query_errors import from_aws_error, query_error
from .trust import trust

# STS operations IAM policies do not govern (STS API Reference: no permission is needed).
_UNGOVERNED = {"sts:GetCallerIdentity", "sts:GetSessionToken", "sts:GetAccessKeyInfo"}


def refusal(call: Call, world, scps, cache: PolicyCache):
    """None if the request may go on to moto, else its refusal (status, headers, chunks).
    Call with `world.lock` held, so the state checked is the state moto changes."""
    op = iam_requests.parse(call.service, call.body, call.query)
    try:
        principal = authenticate(call, world)
        if op.action not in _UNGOVERNED:
            authz = Authorizer(principal, world.policies_for(principal), scps,
                               request_context(principal, call, world.clock.now()), cache)
            target = iam_requests.resource(op, principal, lambda kind, name: _path(world, kind, name))
            keys = iam_requests.condition_keys(op)
            if op.action == "sts:AssumeRole":
                _assume_role(authz, world, target, keys)
            else:
                authz.require(op.action, target, keys)
    except AwsError as error:
        return from_aws_error(error)
    exceeded = policy_limits.check(op, world.iam)
    if exceeded:
        code, message = exceeded
        return query_error(code, message, 409 if code == "LimitExceeded" else 400)
    return None


def _assume_role(authz: Authorizer, world, role_arn: str, keys: dict) -> None:
    """AssumeRole needs the role's trust policy to trust the caller, and IAM's usual layers."""
    caller = authz.principal
    denied = AwsError(403, "AccessDeniedException",
                      f"User: {caller.arn} is not authorized to perform: sts:AssumeRole on resource: {role_arn}")
    try:
        role = world.iam.get_role_by_arn(role_arn)
    except NotFoundException:
        raise denied from None
    context = {**authz.context, **keys}
    trusted = trust(role.assume_role_policy_document, caller, "sts:AssumeRole", role_arn, context)
    if trusted in (None, "deny"):
        raise denied
    decision = authz.decide("sts:AssumeRole", role_arn, keys, granted=trusted == "arn")
    if not decision.allowed:
        raise AwsError(403, "AccessDeniedException", f"{denied.message} {decision.reason}")


def _path(world, kind: str, name: str) -> str:
    if kind == "role":
        entity = next((r for r in world.iam.roles.values() if r.name == name), None)
    else:
        entity = {"user": world.iam.users, "group": world.iam.groups}[kind].get(name)
    return getattr(entity, "path", None) or "/"
