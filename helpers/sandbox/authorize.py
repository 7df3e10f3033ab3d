"""Authorization of Bedrock calls: the policy evaluator over the caller's policies and the SCPs.

A call is decided exactly as IAM decides it, and a denial reads as AWS words it
("User: <arn> is not authorized to perform: <action> on resource: <arn> because ...").
"""
import threading
from collections.abc import Mapping, Sequence
from datetime import datetime

from helpers.policy import Decision, Policy, evaluate
from helpers.policy.examples import ALLOW_ALL

from . import journal
from .call import Call, Principal
from .errors import access_denied


_TRUSTED = Policy(ALLOW_ALL, name="the role's trust policy")  # stands in for a trust policy naming the caller


class PolicyCache:
    """Parsed policies by name and JSON text: a policy is parsed once, however many calls it decides."""

    def __init__(self, limit: int = 512):
        self._limit = limit
        self._parsed: dict[str, Policy] = {}
        self._lock = threading.Lock()

    def get(self, name: str, document: str) -> Policy:
        key = name + "\0" + document
        with self._lock:
            policy = self._parsed.get(key)
        if policy is None:
            policy = Policy(document, name=name)
            with self._lock:
                if len(self._parsed) >= self._limit:
                    self._parsed.clear()
                self._parsed[key] = policy
        return policy


def request_context(principal: Principal, call: Call, now: datetime) -> dict:
    """The global condition keys AWS puts in every request's context."""
    return context_keys(principal, call.region, now, call.source_ip, call.secure)


def context_keys(principal: Principal, region: str, now: datetime, source_ip: str, secure: bool) -> dict:
    """`request_context` from what it reads: for a call described rather than received (`key_calls`)."""
    context = {
        "aws:PrincipalArn": principal.arn if principal.kind == "user" else _role_arn(principal),
        "aws:PrincipalAccount": principal.account,
        "aws:PrincipalType": "User" if principal.kind == "user" else "AssumedRole",
        "aws:userid": principal.user_id,
        "aws:SourceIp": source_ip,
        "aws:SecureTransport": secure,
        "aws:RequestedRegion": region,
        "aws:CurrentTime": now,
        "aws:EpochTime": int(now.timestamp()),
    }
    if principal.kind == "user":
        context["aws:username"] = principal.name
    if principal.token_issue_time is not None:
        context["aws:TokenIssueTime"] = principal.token_issue_time
    return context


def _role_arn(principal: Principal) -> str:
    return f"arn:aws:iam::{principal.account}:role/{principal.name}"


class Authorizer:
    """Decides every action one call needs, with the caller's policies read once for the call."""

    def __init__(self, principal: Principal, policies, scps: Sequence[Sequence[Policy]] | None,
                 context: Mapping[str, object], cache: PolicyCache):
        self.principal = principal
        self.account = principal.account
        self._context = dict(context)
        self._identity = [cache.get(name, doc) for name, doc in policies.identity]
        self._boundary = cache.get(*policies.boundary) if policies.boundary else None
        self._session = None if policies.session is None else [cache.get(n, d) for n, d in policies.session]
        self._scps = scps

    @property
    def context(self) -> dict:
        """The request's context keys, for a policy layer evaluated outside the evaluator (trust)."""
        return dict(self._context)

    def decision_for(self, action: str, resource: str, context: Mapping[str, object] | None = None, *,
               granted: bool = False) -> Decision:
        """The decision; `granted`: a resource policy names this caller, so no identity policy need
        allow (explicit denies, SCPs, the boundary and session policies still apply)."""
        asked = {**self._context, **(context or {})}
        decision = evaluate(
            action, resource, asked,
            identity_policies=self._identity + [_TRUSTED] if granted else self._identity, scps=self._scps,
            permissions_boundary=self._boundary, session_policies=self._session,
        )
        journal.record(self.principal.arn, action, resource, asked, decision.allowed)
        return decision

    def require(self, action: str, resource: str, context: Mapping[str, object] | None = None) -> None:
        decision = self.decision_for(action, resource, context)
        if not decision.allowed:
            raise access_denied(
                f"User: {self.principal.arn} is not authorized to perform: {action} "
                f"on resource: {resource} {decision.reason}{_denying_scp(decision)}"
            )


def _denying_scp(decision: Decision) -> str:
    """": <the SCP's ARN>" when an SCP's explicit Deny decided, as AWS's newer messages end; else ""."""
    if decision.decision != "explicitDeny" or not decision.reason.endswith("service control policy"):
        return ""
    arn = next((s.policy for s in decision.statements if s.layer == "scp" and s.effect == "Deny"), "")
    return f": {arn}" if arn.startswith("arn:aws:organizations:") else ""
