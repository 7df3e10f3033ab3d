"""What an IAM or STS query request asks for, as IAM authorizes it: action, resource ARN, condition keys.

The resource follows the Service Authorization Reference: the entity an operation acts on (group,
role or user, in that order, so AddUserToGroup is on the group and AttachUserPolicy on the user),
else the managed policy (`PolicyArn`, or the one CreatePolicy makes); the caller's own user when an
operation on a user names none (CreateAccessKey, ListServiceSpecificCredentials, ...); a bare
`user/`, `role/`, `group/`, `policy/` for the List operations; otherwise `*`.
"""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qs

from .call import Principal

_ENTITIES = (("GroupName", "group"), ("RoleName", "role"), ("UserName", "user"))
_LISTS = {"ListUsers": "user/", "ListRoles": "role/", "ListGroups": "group/", "ListPolicies": "policy/"}
# Operations on a user that default to the caller when UserName is absent (IAM API Reference).
_SELF = {
    "GetUser", "CreateAccessKey", "ListAccessKeys", "UpdateAccessKey", "DeleteAccessKey",
    "CreateServiceSpecificCredential", "ListServiceSpecificCredentials", "UpdateServiceSpecificCredential",
    "ResetServiceSpecificCredential", "DeleteServiceSpecificCredential", "ListSigningCertificates",
    "ListSSHPublicKeys", "ListMFADevices",
}


@dataclass(frozen=True)
class Operation:
    service: str  # "iam" | "sts"
    name: str  # "CreateUser"
    params: dict[str, str]  # first value of each form or query parameter

    @property
    def action(self) -> str:
        return f"{self.service}:{self.name}"


def parse(service: str, body: bytes, query: str) -> Operation:
    """The operation in a query-protocol request (form body and query string)."""
    text = query + "&" + body.decode("utf-8", "replace")
    params = {name: values[0] for name, values in parse_qs(text, keep_blank_values=True).items()}
    return Operation(service, params.get("Action", ""), params)


def resource(op: Operation, caller: Principal, path_of) -> str:
    """The ARN IAM authorizes `op` on; `path_of(kind, name)` is an entity's IAM path ("/" if unknown)."""
    account = caller.account
    if op.service == "sts":
        if op.name == "AssumeRole":
            return op.params.get("RoleArn", "")
        if op.name == "GetFederationToken":
            return f"arn:aws:sts::{account}:federated-user/{op.params.get('Name', '')}"
        return "*"
    for parameter, kind in _ENTITIES:
        name = op.params.get(parameter)
        if name is not None:
            return f"arn:aws:iam::{account}:{kind}{op.params.get('Path') or path_of(kind, name)}{name}"
    if "PolicyArn" in op.params:
        return op.params["PolicyArn"]
    if op.name == "SimulatePrincipalPolicy":  # on the principal simulated
        return op.params.get("PolicySourceArn", "*")
    if op.name == "CreatePolicy":
        return f"arn:aws:iam::{account}:policy{op.params.get('Path', '/')}{op.params.get('PolicyName', '')}"
    if op.name in _SELF and caller.kind == "user":
        return caller.arn
    if op.name in _LISTS:
        return f"arn:aws:iam::{account}:{_LISTS[op.name]}"
    return "*"


def condition_keys(op: Operation) -> dict[str, object]:
    """The service-specific condition keys IAM and STS put in this operation's request context."""
    keys: dict[str, object] = {}
    params = op.params
    if op.name == "CreateServiceSpecificCredential":
        keys["iam:ServiceSpecificCredentialServiceName"] = params.get("ServiceName", "")
        age = params.get("CredentialAgeDays", "")
        if age.isascii() and age.isdigit():  # absent when the key never expires
            keys["iam:ServiceSpecificCredentialAgeDays"] = int(age)
    if "PolicyArn" in params and op.name.startswith(("Attach", "Detach")):
        keys["iam:PolicyARN"] = params["PolicyArn"]
    if "PermissionsBoundary" in params:
        keys["iam:PermissionsBoundary"] = params["PermissionsBoundary"]
    if op.name == "AssumeRole":
        keys["sts:RoleSessionName"] = params.get("RoleSessionName", "")
        if "ExternalId" in params:
            keys["sts:ExternalId"] = params["ExternalId"]
    return keys
