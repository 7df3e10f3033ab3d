"""Permissions boundaries on IAM users, added to moto (which keeps them on roles only).

moto's CreateUser drops `PermissionsBoundary` and it has no Put/DeleteUserPermissionsBoundary, so
a user created "only with a boundary" (the `iam:PermissionsBoundary` condition key the guard
checks) would have none. `install()` makes CreateUser keep it and adds the two actions; the
boundary is stored as `permissions_boundary_arn` on moto's user, where `world.policies_for` reads
it to enforce it, and shown by GetUser as `PermissionsBoundary` (IAM API Reference, `User`).
"""
from __future__ import annotations

from moto.iam.exceptions import IAMException as RESTError
from moto.core.responses import EmptyResult
from moto.iam.models import IAMBackend, User
from moto.iam.responses import IamResponse

_MARK = "_sandbox_installed"


def _boundary(user: User) -> dict[str, str] | None:
    arn = getattr(user, "permissions_boundary_arn", None)
    return {"PermissionsBoundaryType": "Policy", "PermissionsBoundaryArn": arn} if arn else None


def _check(backend: IAMBackend, policy_arn: str | None) -> None:
    """moto's own check of a boundary ARN, as it makes for roles."""
    if policy_arn and not backend.policy_arn_regex.match(policy_arn):
        raise RESTError("InvalidParameterValue", f"Value ({policy_arn}) for parameter PermissionsBoundary is invalid.")


def put(backend: IAMBackend, user_name: str, policy_arn: str | None) -> None:
    """Set (or with None, remove) a user's boundary."""
    user = backend.get_user(user_name)
    _check(backend, policy_arn)
    user.permissions_boundary_arn = policy_arn


def _wrap_create_user(original):
    def create_user(self: IamResponse):
        boundary = self._get_param("PermissionsBoundary")
        _check(self.backend, boundary)  # before the user exists
        result = original(self)
        if boundary:
            put(self.backend, self._get_param("UserName"), boundary)
        return result

    setattr(create_user, _MARK, True)
    return create_user


def _put_user_permissions_boundary(self: IamResponse):
    put(self.backend, self._get_param("UserName"), self._get_param("PermissionsBoundary"))
    return EmptyResult()


def _delete_user_permissions_boundary(self: IamResponse):
    put(self.backend, self._get_param("UserName"), None)
    return EmptyResult()


def install() -> None:
    """Add boundaries to moto's users (idempotent)."""
    if not getattr(IamResponse.create_user, _MARK, False):
        IamResponse.create_user = _wrap_create_user(IamResponse.create_user)
    IamResponse.put_user_permissions_boundary = _put_user_permissions_boundary
    IamResponse.delete_user_permissions_boundary = _delete_user_permissions_boundary
    if not isinstance(User.__dict__.get("permissions_boundary"), property):
        User.permissions_boundary = property(_boundary)
