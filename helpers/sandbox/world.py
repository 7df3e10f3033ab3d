"""The sandbox's state: moto's IAM and STS backends, seeded, and read out as copies (policies as their JSON text).

moto runs in server mode inside this process, so its module-level backends
(`moto.iam.models.iam_backends[account]["aws"]`, `moto.sts.models.sts_backends[account]["aws"]`)
are the state. Never use `mock_aws()` in this process: it resets them under a running server.

What `World` adds to moto:
- `reset()`: clean, seeded state with the workbook's admin user and the AWS managed policies the
  course uses (moto loads none of the ~1500 by default; loading them all is slow).
- Service-specific credentials (`iam_credentials`).
- AssumeRole `PolicyArns`: moto keeps the inline session `Policy` but drops `PolicyArns`;
  `_record_session_policy_arns` wraps moto's AssumeRole handler to keep them on the session.
- Policies: moto accepts some that IAM refuses (a `Principal` in an identity policy, a Sid with a
  hyphen). They are refused when written, before moto runs, by the one check of IAM's input rules
  (`iam_input.document_error`, which the guard applies to every request that writes a policy).
- Session tokens: moto draws them from `os.urandom`; `_seed_session_tokens` draws them from the
  seeded generator, so a reset repeats them with every other id and secret.
- Times: moto stamps STS sessions and keys with real time; they are read through the sandbox
  clock (`Clock.to_sandbox`), so `clock.advance()` expires them.

Gaps (moto 5.2): GetSessionToken and GetFederationToken return fixed example credentials that moto
does not store, so they cannot authenticate here; IAM users have no permissions boundary in moto
(CreateUser ignores it, PutUserPermissionsBoundary is missing), so a user's `boundary` is None
unless a later moto keeps `permissions_boundary_arn` on the user.
"""
from __future__ import annotations

import base64
import functools
import json
import os
import threading
from dataclasses import dataclass, field
from datetime import datetime

import moto.sts.models
from moto.iam.aws_managed_policies import aws_managed_policies_data
from moto.iam.exceptions import NotFoundException
from moto.iam.models import AWSManagedPolicy, IAMBackend, iam_backends
from moto.moto_api._internal import mock_random
from moto.sts.models import STSBackend, sts_backends
from moto.sts.responses import TokenResponse
from moto.sts.utils import SESSION_TOKEN_PREFIX

from helpers.policy.context import as_utc

from . import iam_credentials
from .call import Principal
from .clock import Clock

PARTITION = "aws"
ADMIN_USER = "workbook-admin"
# AWS managed policies loaded into moto at reset, with the documents moto ships
# (moto/iam/aws_managed_policies.py, imported from AWS by moto's maintainers).
MANAGED_POLICIES = (
    "AdministratorAccess",
    "AmazonBedrockFullAccess",
    "AmazonBedrockLimitedAccess",
    "AmazonBedrockMantleInferenceAccess",
    "AmazonBedrockReadOnly",
    "IAMFullAccess",
    "IAMReadOnlyAccess",
    "ReadOnlyAccess",
)
_SESSION_ARNS = "_sandbox_policy_arns"
_MARK = "_sandbox_installed"


@dataclass(frozen=True)
class AccessKey:
    """An access key as authentication needs it: IAM user key or STS temporary credentials."""

    access_key_id: str
    secret: str = field(repr=False)  # never printed, nor the token
    session_token: str | None = field(repr=False)  # None for IAM user keys
    expires: datetime | None  # sandbox time; None for IAM user keys
    active: bool
    arn: str
    kind: str  # "user" | "assumed-role"
    name: str
    account: str
    user_id: str
    token_issue_time: datetime | None = None

    def principal(self, auth: str) -> Principal:
        return Principal(arn=self.arn, kind=self.kind, name=self.name, account=self.account,
                         user_id=self.user_id, auth=auth, token_issue_time=self.token_issue_time,
                         session_key_id=self.access_key_id if self.session_token else None)


@dataclass(frozen=True)
class ServiceCredential:
    """A Bedrock long-term key (IAM service-specific credential)."""

    id: str
    user_name: str
    alias: str
    secret: str = field(repr=False)  # the whole key text, ABSK...; never printed
    status: str  # "Active" | "Inactive" | "Expired", per the sandbox clock
    expires: datetime | None
    created: datetime
    service_name: str = iam_credentials.BEDROCK


@dataclass(frozen=True)
class PrincipalPolicies:
    """Every policy IAM evaluates for a principal, as (name, document) pairs.

    identity: inline policies by name, managed policies by ARN (user's own and its groups', or the
    role's); boundary: the permissions boundary, if any; session: AssumeRole session policies
    (`Policy` as "session-policy", `PolicyArns` by ARN), None when the session has none.

    Documents are the JSON text moto stores: immutable, so nothing is copied, and the text is the
    key under which the authorizer keeps each policy parsed, so a policy is parsed once, not per call.
    """

    identity: list[tuple[str, str]]
    boundary: tuple[str, str] | None = None
    session: list[tuple[str, str]] | None = None


# What a policy moto cannot resolve (a deleted boundary or session policy ARN) grants: nothing.
_ALLOWS_NOTHING = '{"Version": "2012-10-17", "Statement": []}'


def _managed_document(policy) -> str:
    return next(version.document for version in policy.versions if version.is_default)


@functools.lru_cache(maxsize=1)
def _managed_policy_data() -> dict:
    """The course's AWS managed policies out of moto's copy of all of them (parsed once per process)."""
    return entries(aws_managed_policies_data, MANAGED_POLICIES)


def entries(text: str, names) -> dict:
    """The top-level entries `names` of a JSON object laid out one key per line, as moto's copy is:
    only they are parsed (the whole 5 MB text costs ~40 ms in every kernel). Any other layout is
    parsed whole."""
    decoder, found = json.JSONDecoder(), {}
    for name in names:
        start = text.find(f'\n "{name}":')
        if start < 0:
            everything = json.loads(text)
            return {name: everything[name] for name in names}
        found[name] = decoder.raw_decode(text, text.index("{", start + len(name) + 4))[0]
    return found


def _record_session_policy_arns() -> None:
    """Keep AssumeRole's PolicyArns on moto's AssumedRole object (moto drops them). Idempotent."""
    original = TokenResponse.assume_role
    if getattr(original, _MARK, False):
        return

    def assume_role(self: TokenResponse):
        arns = [item["arn"] for item in self._get_param("PolicyArns", [])]  # moto parses the list
        result = original(self)
        setattr(result.result["Credentials"], _SESSION_ARNS, arns)  # the AssumedRole moto just stored
        return result

    setattr(assume_role, _MARK, True)
    TokenResponse.assume_role = assume_role


def _seeded_session_token() -> str:
    """A session token shaped as moto makes it, from the seeded generator instead of os.urandom."""
    return SESSION_TOKEN_PREFIX + base64.b64encode(mock_random.randbytes(266))[len(SESSION_TOKEN_PREFIX):].decode()


def _seed_session_tokens() -> None:
    moto.sts.models.random_session_token = _seeded_session_token  # AssumedRole.__init__ reads it here


class World:
    """The sandbox's IAM/STS state (in moto) and the clock that ages it."""

    def __init__(self, clock: Clock | None = None, account: str = "111122223333", seed: int = 42):
        self.clock = clock or Clock()
        self.account = account
        self.seed = seed
        self.lock = threading.RLock()
        # Bumped, under the lock, before every change: a reader that saw no change of generation
        # across its reads saw one whole state (the app evaluates policies outside the lock).
        self.generation = 0
        self._admin: tuple[str, str] | None = None
        iam_credentials.install(self.clock)
        _record_session_policy_arns()
        _seed_session_tokens()
        self.reset()

    # -- moto backends ---------------------------------------------------------------------------
    @property
    def iam(self) -> IAMBackend:
        return iam_backends[self.account][PARTITION]

    @property
    def sts(self) -> STSBackend:
        return sts_backends[self.account][PARTITION]

    def reset(self, at=None) -> None:
        """Clean state: empty IAM and STS, seeded ids, real time (or `at`), the admin user with one key."""
        with self.lock:
            self.generation += 1
            os.environ["MOTO_ACCOUNT_ID"] = self.account  # moto reads it on every request
            self.iam.reset()
            self.sts.reset()
            mock_random.seed(self.seed)
            self.clock.reset(at)
            self._load_managed_policies()
            backend = self.iam
            backend.create_user(region_name="us-east-1", user_name=ADMIN_USER)
            backend.attach_user_policy("arn:aws:iam::aws:policy/AdministratorAccess", ADMIN_USER)
            key = backend.create_access_key(ADMIN_USER)
            self._admin = (key.access_key_id, key.secret_access_key)

    def _load_managed_policies(self) -> None:
        backend = self.iam
        data = _managed_policy_data()
        for name in MANAGED_POLICIES:
            arn = f"arn:aws:iam::aws:policy/{name}"
            if arn in backend.managed_policies:  # MOTO_IAM_LOAD_MANAGED_POLICIES=true loaded them all
                continue
            policy = AWSManagedPolicy.from_data(name, self.account, "us-east-1", data[name])
            backend.aws_managed_policies.append(policy)
            backend.managed_policies[policy.arn] = policy

    @property
    def admin_credentials(self) -> tuple[str, str]:
        with self.lock:
            assert self._admin is not None
            return self._admin

    # -- reads -----------------------------------------------------------------------------------
    def access_key(self, access_key_id: str) -> AccessKey | None:
        """An IAM user's access key or an AssumeRole session's, as a copy; None if unknown."""
        with self.lock:
            key = self.iam.access_keys.get(access_key_id)
            if key is None:
                return None
            if key.user_name is not None:  # DeleteConflict keeps a user while it has access keys
                user = self.iam.users[key.user_name]
                return AccessKey(
                    access_key_id=key.access_key_id, secret=key.secret_access_key, session_token=None,
                    expires=None, active=key.status == "Active", arn=user.arn, kind="user",
                    name=user.name, account=self.account, user_id=user.id,
                )
            # moto stores no other temporary keys than AssumeRole's (FIDELITY: GetSessionToken)
            session = self._session(access_key_id)
            issued = self.clock.to_sandbox(key.create_date)
            lifetime = as_utc(session.expiration) - as_utc(key.create_date)
            role_name = session.role_arn.split("/")[-1]
            try:
                role_id = self.iam.get_role_by_arn(session.role_arn).id
            except NotFoundException:  # role deleted after the session began
                role_id = "AROA" + "0" * 17
            return AccessKey(
                access_key_id=key.access_key_id, secret=session.secret_access_key,
                session_token=session.session_token, expires=issued + lifetime, active=True,
                arn=session.arn, kind="assumed-role", name=role_name, account=session.account_id,
                user_id=f"{role_id}:{session.session_name}", token_issue_time=issued,
            )

    def service_credentials(self, alias: str) -> list[ServiceCredential]:
        """Bedrock long-term keys whose alias is `alias` (at most 2: one user, one service)."""
        with self.lock:
            now = self.clock.now()
            return [
                ServiceCredential(id=c.id, user_name=c.user_name, alias=c.alias, secret=c.secret,
                                  status=c.effective_status(now), expires=c.expires, created=c.created,
                                  service_name=c.service_name)
                for c in iam_credentials.store(self.iam).values()
                if c.alias == alias and c.service_name == iam_credentials.BEDROCK
            ]

    def user_principal(self, user_name: str, auth: str) -> Principal:
        with self.lock:
            user = self.iam.users[user_name]
            return Principal(arn=user.arn, kind="user", name=user.name, account=self.account,
                             user_id=user.id, auth=auth)

    def policies_for(self, principal: Principal) -> PrincipalPolicies:
        """The principal's policies, each as its name and its document's JSON text."""
        with self.lock:
            backend = self.iam
            if principal.kind == "user":
                user = backend.get_user(principal.name)
                identity = self._attached(user)
                for group in backend.get_groups_for_user(user.name):
                    identity += self._attached(group)
                boundary = self._boundary(getattr(user, "permissions_boundary_arn", None))
                return PrincipalPolicies(identity=identity, boundary=boundary, session=None)
            try:
                role = backend.get_role(principal.name)
            except NotFoundException:  # deleted after the session began: it grants nothing now
                return PrincipalPolicies(identity=[], boundary=None, session=self._session_policies(principal))
            identity = self._attached(role)
            boundary = self._boundary(role.permissions_boundary_arn)
            return PrincipalPolicies(identity=identity, boundary=boundary, session=self._session_policies(principal))

    def role_policies(self, role_name: str) -> PrincipalPolicies:
        """A role's own policies and boundary, with no session's (what IAM's policy simulator evaluates)."""
        with self.lock:
            role = self.iam.get_role(role_name)
            return PrincipalPolicies(identity=self._attached(role), boundary=self._boundary(role.permissions_boundary_arn))

    def _attached(self, entity) -> list[tuple[str, str]]:
        inline = list(entity.policies.items())
        managed = [(arn, _managed_document(policy)) for arn, policy in entity.managed_policies.items()]
        return inline + managed

    def _managed(self, arn: str) -> tuple[str, str]:
        """A managed policy by ARN; one deleted since it was attached grants nothing."""
        policy = self.iam.managed_policies.get(arn)
        return arn, _managed_document(policy) if policy else _ALLOWS_NOTHING

    def _boundary(self, arn: str | None) -> tuple[str, str] | None:
        return self._managed(arn) if arn else None

    def _session(self, access_key_id: str):
        return next(s for s in self.sts.assumed_roles if s.access_key_id == access_key_id)

    def _session_policies(self, principal: Principal) -> list[tuple[str, str]] | None:
        """The session policies of the AssumeRole session behind `principal`."""
        session = self._session(principal.session_key_id)
        policies = [("session-policy", session.policy)] if session.policy else []
        policies += [self._managed(arn) for arn in getattr(session, _SESSION_ARNS, [])]
        return policies or None
