"""What an IAM or STS query request asks for, as IAM authorizes it: action, resource ARN, condition keys.

The parameters are read by moto's own parser (`moto.core.parse.QueryParser` over the operation's
botocore model, from the same werkzeug request moto builds), so the guard and moto read the same
values: a duplicate parameter takes the value moto takes (the query string's first, then the form
body's first), and a parameter the operation does not declare (`RoleName` on CreateAccessKey,
`Path` on anything but a Create) is not read at all.

The resource follows the Service Authorization Reference: each operation has one resource, fixed by
the operation: the group, instance profile, role or user it acts on (in that order, so
AddUserToGroup is on the group, AddRoleToInstanceProfile on the instance profile, AttachUserPolicy
on the user), else the managed policy or identity provider it names, else the one CreatePolicy
makes; the caller's own user when an operation on a user names none; a bare `user/`, `role/`,
`group/`, `policy/` for the List operations; otherwise `*`. An existing entity's ARN carries its
real IAM path; only the operation that creates an entity reads a `Path` (the new entity's).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from botocore.model import OperationModel
from moto.core.parse import QueryParser
from moto.core.request import Request
from moto.core.utils import get_service_model

from .call import Call, Principal

_ENTITIES = (("GroupName", "group"), ("InstanceProfileName", "instance-profile"), ("RoleName", "role"),
             ("UserName", "user"))
_ARNS = ("PolicyArn", "OpenIDConnectProviderArn", "SAMLProviderArn")
_CREATES = {"CreateGroup": "group", "CreateInstanceProfile": "instance-profile", "CreateRole": "role",
            "CreateUser": "user"}
# Where a trust policy travels: the parameter holding it, by operation (IAM API Reference).
TRUST_DOCUMENT = {"CreateRole": "AssumeRolePolicyDocument", "UpdateAssumeRolePolicy": "PolicyDocument"}
_LISTS = {"ListUsers": "user/", "ListRoles": "role/", "ListGroups": "group/", "ListPolicies": "policy/"}
# Operations on a user that act on the caller when UserName is absent (IAM API Reference).
SELF = frozenset({
    "GetUser", "CreateAccessKey", "ListAccessKeys", "UpdateAccessKey", "DeleteAccessKey",
    "ListServiceSpecificCredentials", "UpdateServiceSpecificCredential",
    "ResetServiceSpecificCredential", "DeleteServiceSpecificCredential", "ListSigningCertificates",
    "ListSSHPublicKeys", "ListMFADevices",
})


class Unreadable(ValueError):
    """A request moto's parser cannot read (an integer that is not one, a form too large)."""


@dataclass(frozen=True)
class Operation:
    service: str  # "iam" | "sts"
    name: str  # "CreateUser"
    params: dict[str, Any]  # as moto reads them: the operation's declared members only, typed

    @property
    def action(self) -> str:
        return f"{self.service}:{self.name}"


@lru_cache(maxsize=None)
def operation_models(service: str) -> dict[str, OperationModel]:
    """botocore's model of each operation of `service`, by name (the one moto parses with)."""
    model = get_service_model(service)
    return {name: model.operation_model(name) for name in model.operation_names}


def parse(call: Call) -> Operation:
    """The operation in a query-protocol request, read as moto reads it (raises Unreadable)."""
    url = f"https://{call.host}{call.path}?{call.query}"  # an empty query reads as none
    try:
        request = Request.from_primitives(call.method, url, dict(call.headers.items()), call.body)
        values = request.values
        name = values.get("Action", "")
        model = operation_models(call.service).get(name)
        # moto hands its parsers the whole request; the query protocol's reads only the values
        params = QueryParser(model).parse({"values": values}) if model else {}
    except Exception as error:  # werkzeug's and moto's parsers raise many kinds; moto would fail alike
        raise Unreadable() from error  # its words are never shown: the guard answers MalformedQueryString
    return Operation(call.service, name, dict(params))


def resource(op: Operation, caller: Principal, path_of) -> str:
    """The ARN IAM authorizes `op` on; `path_of(kind, name)` is an entity's IAM path ("/" if unknown).
    The operation's required parameters are present (`iam_input` refused the request otherwise)."""
    account = caller.account
    params = op.params
    if op.service == "sts":
        if op.name == "AssumeRole":
            return params["RoleArn"]
        if op.name == "GetFederationToken":
            return f"arn:aws:sts::{account}:federated-user/{params['Name']}"
        return "*"
    for parameter, kind in _ENTITIES:
        name = params.get(parameter)
        if name is not None:
            path = params.get("Path", "/") if _CREATES.get(op.name) == kind else path_of(kind, name)
            return f"arn:aws:iam::{account}:{kind}{path}{name}"
    for parameter in _ARNS:
        if parameter in params:
            return params[parameter]
    if op.name == "SimulatePrincipalPolicy":  # on the principal simulated
        return params["PolicySourceArn"]
    if op.name == "CreatePolicy":
        return f"arn:aws:iam::{account}:policy{params.get('Path', '/')}{params['PolicyName']}"
    if op.name == "ListServiceSpecificCredentials" and params.get("AllUsers"):
        return f"arn:aws:iam::{account}:user/*"  # every user's keys: [open], see FIDELITY.md
    if op.name in SELF:  # the guard has refused a caller that is not a user (`guard._check_self`)
        return caller.arn
    if op.name in _LISTS:
        return f"arn:aws:iam::{account}:{_LISTS[op.name]}"
    return "*"


def condition_keys(op: Operation) -> dict[str, object]:
    """The service-specific condition keys IAM and STS put in this operation's request context
    (required parameters are present, as in `resource`)."""
    keys: dict[str, object] = {}
    params = op.params
    if op.name == "CreateServiceSpecificCredential":
        keys["iam:ServiceSpecificCredentialServiceName"] = params["ServiceName"]
        if "CredentialAgeDays" in params:  # absent when the key never expires
            keys["iam:ServiceSpecificCredentialAgeDays"] = params["CredentialAgeDays"]
    if "PolicyArn" in params and op.name.startswith(("Attach", "Detach")):
        keys["iam:PolicyARN"] = params["PolicyArn"]
    if "PermissionsBoundary" in params:
        keys["iam:PermissionsBoundary"] = params["PermissionsBoundary"]
    if op.name == "AssumeRole":
        keys["sts:RoleSessionName"] = params["RoleSessionName"]
        if "ExternalId" in params:
            keys["sts:ExternalId"] = params["ExternalId"]
    return keys


def entity(iam, kind: str, name: str):
    """The user, role, group or instance profile called `name` in moto's IAM backend, or None."""
    if kind == "role":  # moto keys roles by id
        return next((r for r in iam.roles.values() if r.name == name), None)
    return {"user": iam.users, "group": iam.groups, "instance-profile": iam.instance_profiles}[kind].get(name)
