"""IAM's and STS's policy size quotas, checked before moto parses a policy.

Quotas (IAM User Guide, "IAM and AWS STS quotas"; white space is not counted): the inline policies
of a user together 2,048 characters, of a group 5,120, of a role 10,240; a managed policy 6,144; a
role trust policy 2,048; an AssumeRole session policy 2,048. Without them a megabyte-sized policy
is accepted and parsed under the state lock, stalling every other call.
"""
from __future__ import annotations

import re

from moto.iam.models import IAMBackend

from .iam_requests import TRUST_DOCUMENT, Operation, entity

_SPACE = re.compile(r"\s+")
_INLINE = {"PutUserPolicy": ("user", 2048), "PutGroupPolicy": ("group", 5120), "PutRolePolicy": ("role", 10240)}
MANAGED = 6144
TRUST = 2048
SESSION = 2048


def size(document: str) -> int:
    return len(_SPACE.sub("", document))


def check(op: Operation, iam: IAMBackend) -> tuple[str, str] | None:
    """(error code, message) if `op` would exceed a quota, else None. The documents read are
    required parameters of their operations (`iam_input` has refused a request without them)."""
    params = op.params
    if op.name in _INLINE:
        kind, quota = _INLINE[op.name]
        name = params[kind.capitalize() + "Name"]
        total = size(params["PolicyDocument"]) + _other_inline(iam, kind, name, params["PolicyName"])
        if total > quota:
            return "LimitExceeded", f"Maximum policy size of {quota} bytes exceeded for {kind} {name}"
    elif op.name in ("CreatePolicy", "CreatePolicyVersion"):
        if size(params["PolicyDocument"]) > MANAGED:
            return "LimitExceeded", f"Cannot exceed quota for PolicySize: {MANAGED}"
    elif op.name in TRUST_DOCUMENT:
        if size(params[TRUST_DOCUMENT[op.name]]) > TRUST:
            return "LimitExceeded", f"Cannot exceed quota for ACLSizePerRole: {TRUST}"
    elif op.name == "AssumeRole" and "Policy" in params and len(params["Policy"]) > SESSION:
        return "ValidationError", ("1 validation error detected: Value at 'policy' failed to satisfy constraint: "
                                   f"Member must have length less than or equal to {SESSION}")
    return None


def _other_inline(iam: IAMBackend, kind: str, name: str, replaced: str | None) -> int:
    """The size of the entity's other inline policies (the one being replaced does not count)."""
    found = entity(iam, kind, name)
    if found is None:
        return 0
    return sum(size(text) for policy_name, text in found.policies.items() if policy_name != replaced)
