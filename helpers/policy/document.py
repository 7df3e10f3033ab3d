"""Policy documents: parsed, validated and precompiled once, so evaluation does no parsing.

What is refused (PolicyError), following the IAM User Guide's grammar:
- a document that is not a JSON object; top-level keys other than Version, Id, Statement;
- Version other than "2012-10-17" or "2008-10-17" (absent means 2008-10-17, where `${...}` is
  literal text);
- a statement key other than Sid, Effect, Action/NotAction, Resource/NotResource, Condition.
  Principal and NotPrincipal are refused too: every layer evaluated here (identity policies,
  SCPs, permissions boundaries, session policies) is a policy without a principal, and IAM refuses
  an identity-based policy that names one;
- Effect other than exactly "Allow" or "Deny"; not exactly one of Action/NotAction; not exactly
  one of Resource/NotResource; an action without a service prefix (other than "*"); a resource
  that is neither "*" nor an ARN; a Sid that is not alphanumeric, or repeated in one policy;
- anything conditions.py refuses (unknown operator, value the operator can't read).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from .conditions import Condition, parse_condition_block
from .errors import PolicyError
from .patterns import compile_any_glob, compile_glob
from .variables import Template, parse_template

VERSIONS = ("2012-10-17", "2008-10-17")
_DOCUMENT_KEYS = frozenset({"Version", "Id", "Statement"})
_STATEMENT_KEYS = frozenset({"Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Condition"})
_SID = re.compile(r"[0-9A-Za-z]*")


@dataclass(frozen=True)
class Statement:
    """One compiled statement. `applies` answers: does it match this action, resource and context?"""

    index: int  # 0-based position in the policy
    sid: str | None
    effect: str  # "Allow" | "Deny"
    actions: re.Pattern[str]
    not_action: bool
    static_resources: re.Pattern[str]
    variable_resources: tuple[Template, ...]
    not_resource: bool
    conditions: tuple[Condition, ...]

    def applies(self, action: str, resource: str, context: dict) -> bool:
        if (self.actions.fullmatch(action) is None) != self.not_action:
            return False
        if self._resource_listed(resource, context) == self.not_resource:
            return False
        return all(condition.holds(context) for condition in self.conditions)

    def _resource_listed(self, resource: str, context: dict) -> bool:
        if self.static_resources.fullmatch(resource):
            return True
        for template in self.variable_resources:
            chunks = template.resolve(context)  # None: a variable without a value matches no resource
            if chunks is not None and compile_glob(chunks).fullmatch(resource):
                return True
        return False


class Policy:
    """A policy document, checked and compiled at construction (raises PolicyError if malformed)."""

    def __init__(self, document: dict | str, name: str | None = None):
        self.name = name
        self.document = _load(document)
        version = self.document.get("Version", "2008-10-17")
        if version not in VERSIONS:
            raise PolicyError(f"Version must be one of {', '.join(VERSIONS)}, not {version!r}")
        self.version: str = version
        self.statements: tuple[Statement, ...] = _parse_statements(self.document, version == "2012-10-17")

    def __repr__(self) -> str:
        label = f" {self.name!r}" if self.name else ""
        return f"<Policy{label}: {len(self.statements)} statement(s)>"


def _load(document: dict | str) -> dict:
    if isinstance(document, str):
        try:
            document = json.loads(document)
        except json.JSONDecodeError as error:
            raise PolicyError(f"policy is not valid JSON: {error}") from None
        except RecursionError:
            raise PolicyError("policy is not valid JSON: nested too deeply") from None
    if not isinstance(document, dict):
        raise PolicyError("a policy document must be a JSON object")
    unknown = sorted(set(document) - _DOCUMENT_KEYS)
    if unknown:
        raise PolicyError(f"unknown top-level element(s): {', '.join(unknown)}")
    return document


def _parse_statements(document: dict, substitute: bool) -> tuple[Statement, ...]:
    if "Statement" not in document:
        raise PolicyError("policy has no Statement")
    raw = document["Statement"]
    raw = raw if isinstance(raw, list) else [raw]
    statements, sids = [], set()
    for index, body in enumerate(raw):
        try:
            statement = _parse_statement(index, body, substitute)
            if statement.sid:
                if statement.sid in sids:
                    raise PolicyError(f"Sid {statement.sid!r} is used twice; Sids must be unique in a policy")
                sids.add(statement.sid)
        except PolicyError as error:
            raise PolicyError(f"Statement {index + 1}: {error}") from None
        statements.append(statement)
    return tuple(statements)


def _parse_statement(index: int, body: object, substitute: bool) -> Statement:
    if not isinstance(body, dict):
        raise PolicyError("a statement must be a JSON object")
    unknown = sorted(set(body) - _STATEMENT_KEYS)
    if unknown:
        why = " (policies evaluated here have no principal)" if {"Principal", "NotPrincipal"} & set(unknown) else ""
        raise PolicyError(f"unsupported element(s) {', '.join(unknown)}{why}")
    sid = body.get("Sid")
    if sid is not None and (not isinstance(sid, str) or not _SID.fullmatch(sid)):
        raise PolicyError(f"Sid {sid!r} must contain only letters A-Z, a-z and digits 0-9")
    effect = body.get("Effect")
    if effect not in ("Allow", "Deny"):
        raise PolicyError(f"Effect must be 'Allow' or 'Deny', not {effect!r}")
    action_key = _exactly_one(body, "Action", "NotAction")
    resource_key = _exactly_one(body, "Resource", "NotResource")
    actions = [_check_action(a) for a in _strings(body[action_key], action_key)]
    resources = [parse_template(_check_resource(r), substitute) for r in _strings(body[resource_key], resource_key)]
    return Statement(
        index=index,
        sid=sid,
        effect=effect,
        actions=compile_any_glob([((a, True),) for a in actions], ignore_case=True),
        not_action=action_key == "NotAction",
        static_resources=compile_any_glob([r.static for r in resources if r.static is not None]),
        variable_resources=tuple(r for r in resources if r.static is None),
        not_resource=resource_key == "NotResource",
        conditions=parse_condition_block(body["Condition"], substitute) if "Condition" in body else (),
    )


def _exactly_one(body: dict, element: str, negated: str) -> str:
    present = [key for key in (element, negated) if key in body]
    if len(present) != 1:
        raise PolicyError(f"needs exactly one of {element} or {negated}")
    return present[0]


def _strings(value: object, element: str) -> list[str]:
    values = value if isinstance(value, list) else [value]
    if not values or not all(isinstance(v, str) and v for v in values):
        raise PolicyError(f"{element} must be a non-empty string or a non-empty list of them")
    return values


def _check_action(action: str) -> str:
    service, colon, name = action.partition(":")
    if action != "*" and not (service and colon and name):
        raise PolicyError(f"action {action!r} must look like 'service:Action' (or be '*')")
    return action


def _check_resource(resource: str) -> str:
    if resource != "*" and not resource.startswith("arn:"):
        raise PolicyError(f"resource {resource!r} must be an ARN or '*'")
    return resource
