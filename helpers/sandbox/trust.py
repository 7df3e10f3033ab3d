"""A role's trust policy: does it let this caller assume the role? (the one resource policy evaluated)

The evaluator has no resource-policy layer, so a trust statement is split here: its `Principal` is
matched against the caller, and the rest (Effect, Action, Condition) is checked by the evaluator's
own statement parser with `Resource: "*"`.

How the match counts (IAM User Guide, policy evaluation logic and role trust policies):
- `arn`: the statement names the caller itself: its user ARN, its session ARN, or the ARN of the
  role it is a session of. Within one account that alone grants the call; the caller's own
  identity policies need not allow it (SCPs, a boundary and session policies still must).
- `account`: the statement names the account (`"111122223333"`, `arn:aws:iam::111122223333:root`)
  or everyone (`"*"`): the caller's identity policies must also allow `sts:AssumeRole`.
- A matching Deny refuses, whatever else allows.

IAM refuses a trust policy that uses `NotPrincipal` when it is written (IAM User Guide, "AWS JSON
policy elements: NotPrincipal": it cannot be used "in an IAM role trust policy"), and so does the
sandbox (`iam_input`): every trust statement read here names its `Principal`.

Limits: `Service` / `Federated` / `CanonicalUser` principals never match a sandbox caller (it has
none of those).
"""
from __future__ import annotations

import json

from helpers.policy import Policy
from helpers.policy.context import normalize_context

from .call import Principal


def _principals(statement: dict) -> list[str]:
    principal = statement.get("Principal")
    if principal == "*":
        return ["*"]
    values = principal.get("AWS", []) if isinstance(principal, dict) else []
    return [values] if isinstance(values, str) else [v for v in values if isinstance(v, str)]


def _level(names: list[str], caller: Principal) -> str | None:
    account = caller.account
    own = {caller.arn}
    if caller.kind == "assumed-role":
        own.add(f"arn:aws:iam::{account}:role/{caller.name}")
    if own & set(names):
        return "arn"
    if {"*", account, f"arn:aws:iam::{account}:root"} & set(names):
        return "account"
    return None


def _applies(statement: dict, version: str, action: str, resource: str, context: dict) -> bool:
    rest = {key: value for key, value in statement.items() if key in ("Effect", "Action", "NotAction", "Condition")}
    policy = Policy({"Version": version, "Statement": [{**rest, "Resource": "*"}]})
    return policy.statements[0].applies(action, resource, context)


def trust(document: str, caller: Principal, action: str, resource: str, context: dict) -> str | None:
    """"arn" or "account" (see the module docstring), or None when nothing trusts the caller or a Deny names it.
    `document` passed IAM's grammar when it was written (`iam_input`): an object whose Statement is
    one statement or a list of them, each naming its Principal."""
    parsed = json.loads(document)
    statements = parsed["Statement"] if isinstance(parsed["Statement"], list) else [parsed["Statement"]]
    version = parsed.get("Version", "2008-10-17")
    request = normalize_context(context)
    best = None
    for statement in statements:
        level = _level(_principals(statement), caller)
        if level is None or not _applies(statement, version, action, resource, request):
            continue
        if statement["Effect"] == "Deny":
            return None  # a Deny wins, whatever else allows
        best = "arn" if "arn" in (best, level) else level
    return best
