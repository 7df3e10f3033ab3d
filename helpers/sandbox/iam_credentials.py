"""IAM service-specific credentials (Bedrock long-term API keys), added to moto.

moto 5.x has no CreateServiceSpecificCredential & co. `install()` adds the five actions to moto's
IAM response class (`moto.iam.responses.IamResponse`) and keeps their state on the IAM backend
object (`IAMBackend.__dict__`, created lazily, so a backend `reset()` simply empties it). It also
wraps `IAMBackend.delete_user` so a user who still has access keys or service-specific credentials
cannot be deleted (`DeleteConflict`, as IAM does; moto would delete the user and keep its keys).
Responses are plain dicts in the shapes of botocore's IAM model
(`ServiceSpecificCredential`, `ServiceSpecificCredentialMetadata`); moto serialises them from
that model, so boto3 parses them like AWS's.

Dates (CreateDate, ExpirationDate, the Expired status) come from the sandbox clock set with
`install(clock)`; ids and secrets from moto's seeded `mock_random`, so they repeat after a seed.

FIDELITY
- Only `bedrock.amazonaws.com` is served; any other ServiceName (CodeCommit, Keyspaces, CloudWatch
  Logs are real at AWS) gets `NotSupportedService` (404, from the model). Its message is ours.
- `ServiceCredentialSecret` is returned as the *whole* key, `ABSK` + base64(`<alias>:<secret>`),
  which is what third parties decode; whether AWS returns the whole `ABSK...` text or only the
  secret part is [open] (reference sheet §3). The secret is long enough that the base64 part is
  109..269 characters (scanner pattern `ABSK[A-Za-z0-9+/]{109,269}={0,2}`).
- `ServiceCredentialAlias` is `<user>-at-<account>`; AWS documents a further "version and creation"
  suffix whose form is unknown [open]. `ServiceUserName`/`ServicePassword` (CodeCommit-style
  fields) are not returned for Bedrock keys (the model says Alias/Secret are the Bedrock fields).
- Messages of LimitExceeded, NoSuchEntity (credential), DeleteConflict and NotSupportedService are
  modelled on IAM's wording for access keys; the exact texts are [open].
- Update, Reset and Delete without UserName act on the caller's own keys, as IAM's API Reference
  says of UserName ("If you do not specify this value, then the operation assumes the user whose
  credentials are used to call the operation"): someone else's id is NoSuchEntity.
- List pages with Marker/MaxItems (default 100, as IAM's other List operations); the Marker is the
  sandbox's own opaque text. `AllUsers=true` lists every user's keys in the account, and cannot be
  combined with UserName (API Reference); the wording of that ValidationError is [open].
"""
from __future__ import annotations

import base64
import string
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from moto.core.responses import ActionResult, EmptyResult
from moto.iam.exceptions import IAMException
from moto.iam.models import IAMBackend
from moto.iam.responses import IamResponse
from moto.moto_api._internal import mock_random

from . import user_boundaries
from .clock import Clock

BEDROCK = "bedrock.amazonaws.com"
SUPPORTED_SERVICES = (BEDROCK,)
MAX_PER_USER_PER_SERVICE = 2
MAX_AGE_DAYS = 36600
KEY_PREFIX = "ABSK"
_STATE = "_sandbox_service_specific_credentials"
_MARK = "_sandbox_installed"
_clock: Clock = Clock()


class NoSuchEntity(IAMException):
    code = "NoSuchEntity"


class LimitExceeded(IAMException):
    code = "LimitExceeded"


class NotSupportedService(IAMException):
    code = "NotSupportedService"


class DeleteConflict(IAMException):
    code = "DeleteConflict"


class ValidationError(IAMException):
    code = "ValidationError"


@dataclass
class Credential:
    """One stored credential (internal, mutable; World hands out copies)."""

    id: str
    user_name: str
    service_name: str
    alias: str
    secret: str = field(repr=False)  # the whole key text, ABSK...; never in a repr
    status: str  # "Active" | "Inactive" (Expired is derived from the clock)
    created: datetime
    expires: datetime | None

    def effective_status(self, now: datetime) -> str:
        if self.expires is not None and now >= self.expires:
            return "Expired"
        return self.status

    def metadata(self, now: datetime) -> dict:
        """ServiceSpecificCredentialMetadata: everything but the secret."""
        out = {
            "UserName": self.user_name,
            "Status": self.effective_status(now),
            "ServiceCredentialAlias": self.alias,
            "CreateDate": self.created,
            "ServiceSpecificCredentialId": self.id,
            "ServiceName": self.service_name,
        }
        if self.expires is not None:
            out["ExpirationDate"] = self.expires
        return out

    def with_secret(self, now: datetime) -> dict:
        """ServiceSpecificCredential: as returned by Create and Reset only."""
        return {**self.metadata(now), "ServiceCredentialSecret": self.secret}


def set_clock(clock: Clock) -> None:
    global _clock
    _clock = clock


def now() -> datetime:
    return _clock.now()


def store(backend: IAMBackend) -> dict[str, Credential]:
    """The credentials of one IAM backend, by id (made on first use, so it survives resets)."""
    state = backend.__dict__.get(_STATE)
    if state is None:
        state = backend.__dict__[_STATE] = {}
    return state


def _random(alphabet: str, length: int) -> str:
    return "".join(mock_random.choice(alphabet) for _ in range(length))


def _new_id() -> str:
    return "ACCA" + _random(string.ascii_uppercase + string.digits, 17)


def _new_key(alias: str) -> str:
    # base64 of n bytes has ceil(4n/3) characters; keep n in 90..145 -> 120..196 characters.
    length = max(64, 90 - len(alias) - 1)
    secret = _random(string.ascii_letters + string.digits + "+/", length)
    return KEY_PREFIX + base64.b64encode(f"{alias}:{secret}".encode()).decode()


def not_found_message(credential_id: str) -> str:
    return f"The Service Specific Credential with id {credential_id} cannot be found."


def _find(backend: IAMBackend, credential_id: str, user_name: str) -> Credential:
    backend.get_user(user_name)  # NoSuchEntity for an unknown user
    credential = store(backend).get(credential_id)
    if credential is None or credential.user_name != user_name:
        raise NoSuchEntity(not_found_message(credential_id))
    return credential


# -- backend operations (also usable without HTTP) ------------------------------------------------

def create(backend: IAMBackend, user_name: str, service_name: str, age_days: int | None) -> Credential:
    user = backend.get_user(user_name)
    if service_name not in SUPPORTED_SERVICES:
        raise NotSupportedService(f"The service {service_name} does not support service-specific credentials.")
    if age_days is not None and not 1 <= int(age_days) <= MAX_AGE_DAYS:
        bound = "greater than or equal to 1" if int(age_days) < 1 else f"less than or equal to {MAX_AGE_DAYS}"
        raise ValidationError(
            f"1 validation error detected: Value '{age_days}' at 'credentialAgeDays' failed to "
            f"satisfy constraint: Member must have value {bound}"
        )
    existing = [c for c in store(backend).values() if c.user_name == user.name and c.service_name == service_name]
    if len(existing) >= MAX_PER_USER_PER_SERVICE:
        raise LimitExceeded(
            f"Cannot exceed quota for ServiceSpecificCredentialsPerUserPerService: {MAX_PER_USER_PER_SERVICE}"
        )
    created = now().replace(microsecond=0)
    alias = f"{user.name}-at-{backend.account_id}"
    credential = Credential(
        id=_new_id(),
        user_name=user.name,
        service_name=service_name,
        alias=alias,
        secret=_new_key(alias),
        status="Active",
        created=created,
        expires=created + timedelta(days=int(age_days)) if age_days is not None else None,
    )
    store(backend)[credential.id] = credential
    return credential


def list_for(backend: IAMBackend, user_name: str | None, service_name: str | None) -> list[Credential]:
    if user_name is not None:
        backend.get_user(user_name)
    if service_name is not None and service_name not in SUPPORTED_SERVICES:
        raise NotSupportedService(f"The service {service_name} does not support service-specific credentials.")
    return [
        c
        for c in store(backend).values()
        if (user_name is None or c.user_name == user_name) and (service_name is None or c.service_name == service_name)
    ]


def update(backend: IAMBackend, user_name: str, credential_id: str, status: str) -> None:
    if status not in ("Active", "Inactive"):
        raise ValidationError(
            f"1 validation error detected: Value '{status}' at 'status' failed to satisfy constraint: "
            "Member must satisfy enum value set: [Active, Inactive]"
        )
    _find(backend, credential_id, user_name).status = status


def reset(backend: IAMBackend, user_name: str, credential_id: str) -> Credential:
    credential = _find(backend, credential_id, user_name)
    credential.secret = _new_key(credential.alias)  # the old secret stops at once
    return credential


def delete(backend: IAMBackend, user_name: str, credential_id: str) -> None:
    credential = _find(backend, credential_id, user_name)
    del store(backend)[credential.id]


# -- HTTP handlers, added to moto's IamResponse --------------------------------------------------

def _caller_user(response: IamResponse) -> str:
    """UserName, or the user whose keys signed the request when it is omitted (as IAM does)."""
    user_name = response._get_param("UserName")
    if user_name:
        return user_name
    key = response.backend.access_keys.get(response.get_access_key())
    if key is None:
        raise ValidationError("Must specify userName when calling with non-User credentials")
    return key.user_name


def _create_service_specific_credential(self: IamResponse) -> ActionResult:
    age = self._get_param("CredentialAgeDays")
    credential = create(self.backend, self._get_param("UserName"), self._get_param("ServiceName"), age)
    return ActionResult({"ServiceSpecificCredential": credential.with_secret(now())})


PAGE = 100


def _list_service_specific_credentials(self: IamResponse) -> ActionResult:
    all_users = bool(self._get_param("AllUsers", False))
    if all_users and self._get_param("UserName"):
        raise ValidationError("AllUsers cannot be specified together with UserName.")
    user_name = None if all_users else _caller_user(self)
    credentials = list_for(self.backend, user_name, self._get_param("ServiceName"))
    credentials.sort(key=lambda c: (c.user_name, c.created, c.id))
    marker = str(self._get_param("Marker") or "0")
    start = int(marker) if marker.isdigit() else 0
    size = self._get_param("MaxItems") or PAGE
    page = credentials[start:start + size]
    moment = now()
    result = {"ServiceSpecificCredentials": [c.metadata(moment) for c in page],
              "IsTruncated": start + size < len(credentials)}
    if result["IsTruncated"]:
        result["Marker"] = str(start + size)
    return ActionResult(result)


def _update_service_specific_credential(self: IamResponse) -> ActionResult:
    update(self.backend, _caller_user(self), self._get_param("ServiceSpecificCredentialId"), self._get_param("Status"))
    return EmptyResult()


def _reset_service_specific_credential(self: IamResponse) -> ActionResult:
    credential = reset(self.backend, _caller_user(self), self._get_param("ServiceSpecificCredentialId"))
    return ActionResult({"ServiceSpecificCredential": credential.with_secret(now())})


def _delete_service_specific_credential(self: IamResponse) -> ActionResult:
    delete(self.backend, _caller_user(self), self._get_param("ServiceSpecificCredentialId"))
    return EmptyResult()


_HANDLERS = {
    "create_service_specific_credential": _create_service_specific_credential,
    "list_service_specific_credentials": _list_service_specific_credentials,
    "update_service_specific_credential": _update_service_specific_credential,
    "reset_service_specific_credential": _reset_service_specific_credential,
    "delete_service_specific_credential": _delete_service_specific_credential,
}


def _guard_delete_user(original):
    def delete_user(self: IAMBackend, user_name: str) -> None:
        user = self.get_user(user_name)  # NoSuchEntity first
        if user.access_keys:  # moto deletes the user and leaves its keys behind; IAM refuses
            raise DeleteConflict("Cannot delete entity, must delete access keys first.")
        if any(c.user_name == user_name for c in store(self).values()):
            raise DeleteConflict("Cannot delete entity, must delete service specific credentials first.")
        return original(self, user_name)

    setattr(delete_user, _MARK, True)
    return delete_user


def install(clock: Clock) -> None:
    """Add the actions to moto (idempotent); dates follow the sandbox clock `clock`. Users'
    permissions boundaries (`user_boundaries`) are installed with them, IAM's other addition."""
    set_clock(clock)
    user_boundaries.install()
    for name, handler in _HANDLERS.items():
        if getattr(IamResponse.__dict__.get(name), _MARK, False):
            continue
        setattr(handler, _MARK, True)
        setattr(IamResponse, name, handler)
    if not getattr(IAMBackend.delete_user, _MARK, False):
        IAMBackend.delete_user = _guard_delete_user(IAMBackend.delete_user)
