"""IAM's own input rules, checked before moto stores anything: entity names and policy grammar.

- A required parameter that is missing ("Value null at '...' ... Member must not be null"), a value
  outside its enum ("Member must satisfy enum value set: [Active, Inactive]").
- Names (users, roles, groups, policies, instance profiles...): every request parameter whose
  botocore shape has IAM's name pattern `[\\w+=,.@-]+` is held to that shape's length (64 for users
  and roles, 128 for groups and policies) and to ASCII word characters plus `+=,.@-`, worded in
  AWS's query-validation form ("1 validation error detected: Value '...' at 'userName' failed to
  satisfy constraint: ..."). moto takes an 89-character user name and `wbé`.
- Policy documents (inline and managed identity policies, role trust policies, STS session
  policies) must parse under the IAM grammar (`helpers.policy`): a Statement that is not an object,
  an unknown condition operator, a lone surrogate or a control character anywhere in the document
  is refused with `MalformedPolicyDocument` ("Syntax errors in policy."), as IAM refuses them, not
  stored to fail later. A trust statement must name a `Principal`; `NotPrincipal` is not allowed in a
  role trust policy (IAM User Guide, "AWS JSON policy elements: NotPrincipal").
"""
from __future__ import annotations

import json
import re
from typing import Any

from helpers.policy import Policy, PolicyError

from .iam_requests import TRUST_DOCUMENT, Operation, operation_models

_NAME_PATTERN = r"[\w+=,.@-]+"
_NAME = re.compile(_NAME_PATTERN, re.ASCII)
_IDENTITY_DOCUMENTS = {"PutUserPolicy", "PutGroupPolicy", "PutRolePolicy", "CreatePolicy", "CreatePolicyVersion"}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")
SYNTAX = "Syntax errors in policy."


def input_error(op: Operation) -> str | None:
    """IAM's ValidationError message for a required parameter missing, a value outside its enum, or
    a name that breaks its shape; else None."""
    model = operation_models(op.service).get(op.name)
    if model is None or model.input_shape is None:
        return None
    for member in model.input_shape.required_members:
        if member not in op.params:
            return f"1 validation error detected: Value null at '{_field(member)}' failed to satisfy constraint: Member must not be null"
    for member, shape in model.input_shape.members.items():
        value = op.params.get(member)
        if isinstance(value, str):
            broken = _broken_rule(value, shape)
            if broken:
                return f"1 validation error detected: Value '{value}' at '{_field(member)}' failed to satisfy constraint: {broken}"
    return None


def _field(member: str) -> str:
    return member[0].lower() + member[1:]


def _broken_rule(value: str, shape) -> str | None:
    if shape.enum and value not in shape.enum:
        return f"Member must satisfy enum value set: [{', '.join(shape.enum)}]"
    if shape.metadata.get("pattern") != _NAME_PATTERN:
        return None
    least, most = shape.metadata.get("min", 1), shape.metadata.get("max")
    if len(value) < least:
        return f"Member must have length greater than or equal to {least}"
    if most is not None and len(value) > most:
        return f"Member must have length less than or equal to {most}"
    if not _NAME.fullmatch(value):
        return f"Member must satisfy regular expression pattern: {_NAME_PATTERN}"
    return None


def document_error(op: Operation) -> str | None:
    """"Syntax errors in policy." if the policy document `op` writes is malformed, else None."""
    params = op.params
    if op.name in _IDENTITY_DOCUMENTS:  # the documents are required parameters (see input_error)
        return None if _identity_ok(params["PolicyDocument"]) else SYNTAX
    if op.name in TRUST_DOCUMENT:
        return None if _trust_ok(params[TRUST_DOCUMENT[op.name]]) else SYNTAX
    if op.name == "AssumeRole" and "Policy" in params:
        return None if _identity_ok(params["Policy"]) else SYNTAX
    return None


def _load(text: str) -> Any:
    document = json.loads(text)
    if _has_control(document):
        raise PolicyError("a control character or lone surrogate")
    return document


def _has_control(value: Any) -> bool:
    if isinstance(value, str):
        return _CONTROL.search(value) is not None
    if isinstance(value, dict):
        return any(_has_control(k) or _has_control(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_control(v) for v in value)
    return False


def _identity_ok(text: str) -> bool:
    try:
        Policy(_load(text))
    except (ValueError, RecursionError):  # PolicyError and json's errors are ValueErrors
        return False
    return True


def _trust_ok(text: str) -> bool:
    """Each statement names a Principal and, without it, parses as an identity statement would."""
    try:
        document = _load(text)
        statements = document.get("Statement") if isinstance(document, dict) else None
        statements = statements if isinstance(statements, list) else [statements]
        if not all(isinstance(s, dict) and "Principal" in s and "NotPrincipal" not in s for s in statements):
            return False
        rest = [{k: v for k, v in s.items() if k != "Principal"} for s in statements]
        Policy({**document, "Statement": [{"Resource": "*", **s} for s in rest]})
    except (ValueError, RecursionError):
        return False
    return True
