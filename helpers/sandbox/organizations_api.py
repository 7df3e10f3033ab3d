"""The Organizations API (`organizations.us-east-1.amazonaws.com`, JSON 1.1) as the sandbox's member
account sees it: moto's Organizations model answers, after the checks AWS makes first.

1. SigV4 (scope `organizations`, us-east-1), as for IAM and STS;
2. IAM: the caller's identity policies, boundary and session policies, and the SCPs, must allow
   `organizations:<Operation>` (on the policy's ARN when the request names a policy, else `*`);
3. the member-account rule: the sandbox's account is a delegated administrator for policy management
   (organization.py), so it may call what AWS's example delegation policies grant (view the
   organization, create, update, delete, attach, detach and list policies) and DescribeOrganization,
   which every member account may call. Everything else is the management account's: 403
   AccessDeniedException "You don't have permissions to access this resource."
"""
from __future__ import annotations

import json
import logging

from moto.core.exceptions import ServiceException
from moto.organizations.responses import OrganizationsResponse

from .auth import authenticate
from .authorize import Authorizer, PolicyCache, request_context
from .call import Call
from .errors import AwsError, access_denied, validation

log = logging.getLogger(__name__)
JSON = "application/x-amz-json-1.1"
TARGET_PREFIX = "AWSOrganizationsV20161128."
ANY_MEMBER = {"DescribeOrganization"}
# AWS's example resource-based delegation policies (security_iam_resource-based-policy-examples):
# "View organization, OUs, accounts, and policies", "Create, read, update, and delete policies",
# "Attach policies to a single OU or account".
DELEGATED = {
    "DescribeOrganization", "DescribeOrganizationalUnit", "DescribeAccount", "DescribePolicy",
    "DescribeEffectivePolicy", "ListRoots", "ListOrganizationalUnitsForParent", "ListParents", "ListChildren",
    "ListAccounts", "ListAccountsForParent", "ListPolicies", "ListPoliciesForTarget", "ListTargetsForPolicy",
    "ListTagsForResource", "CreatePolicy", "UpdatePolicy", "DeletePolicy", "AttachPolicy", "DetachPolicy",
}
NOT_PERMITTED = "You don't have permissions to access this resource."


class _Answers(OrganizationsResponse):
    """moto's request handlers, reading this request's JSON and the sandbox organization's backend."""

    def __init__(self, organization, body: bytes):
        super().__init__()
        self._organization = organization
        self.body = body.decode("utf-8")
        self.region = "us-east-1"

    @property
    def organizations_backend(self):
        return self._organization.backend


def answer(call: Call, world, organization, cache: PolicyCache):
    """(status, headers, body chunks) for one Organizations request. Call with `world.lock` held."""
    try:
        operation = _operation(call)
        principal = authenticate(call, world)
        with organization.lock:
            params = _params(call)
            authz = Authorizer(principal, world.policies_for(principal), organization.scps,
                               request_context(principal, call, world.clock.now()), cache)
            authz.require(f"organizations:{operation}", _resource(organization, params))
            if operation not in DELEGATED | ANY_MEMBER:
                raise access_denied(NOT_PERMITTED)
            if operation == "DetachPolicy":
                _keep_one_scp(organization, params)
            handler = getattr(_Answers(organization, call.body), _snake(operation), None)
            if handler is None:
                raise validation(f"The sandbox does not serve Organizations {operation}.")
            with organization.own_ids():
                body = handler()
    except AwsError as error:
        return _error(error.status, error.code, error.message)
    except ServiceException as error:  # moto's refusals
        return _error(400, error.code, error.message)
    except Exception:  # a sandbox or moto bug: say so in AWS's shape, keep serving
        log.exception("sandbox error on Organizations %s", call.headers.get("x-amz-target"))
        return _error(500, "ServiceException", "The sandbox failed on this request.")
    return 200, [("Content-Type", JSON)], [body.encode()]


def _error(status: int, code: str, message: str):
    """An error in the JSON 1.1 protocol's shape: botocore reads the code from `__type`."""
    return status, [("Content-Type", JSON)], [json.dumps({"__type": code, "Message": message}).encode()]


def _operation(call: Call) -> str:
    target = call.headers.get("x-amz-target") or ""
    if call.method.upper() != "POST" or not target.startswith(TARGET_PREFIX):
        raise AwsError(400, "UnknownOperationException", "The requested operation is not recognized by the service.")
    return target[len(TARGET_PREFIX):]


def _params(call: Call) -> dict:
    try:
        params = json.loads(call.body or b"{}")
    except ValueError:
        raise AwsError(400, "SerializationException", "The request body is not valid JSON.") from None
    if not isinstance(params, dict):
        raise AwsError(400, "SerializationException", "The request body must be a JSON object.")
    return params


def _keep_one_scp(organization, params: dict) -> None:
    """Every root, OU and account keeps at least one SCP: detaching the last one is refused."""
    target = next((n for n in organization.backend.ou + organization.backend.accounts
                   if n.id == params.get("TargetId")), None)
    if target is None:
        return
    scps = [p.id for p in target.attached_policies if p.type == "SERVICE_CONTROL_POLICY"]
    if scps == [params.get("PolicyId")]:
        raise AwsError(400, "ConstraintViolationException",
                       "You attempted to detach a policy from an entity that would cause the entity to have fewer "
                       "than the minimum number of policies of a certain type required.")


def _resource(organization, params: dict) -> str:
    """The policy's ARN when the request names one the organization has, else `*`."""
    policy_id = params.get("PolicyId")
    policy = next((p for p in organization.backend.policies if p.id == policy_id), None)
    return policy.arn if policy is not None else "*"


def _snake(operation: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in operation).lstrip("_")
