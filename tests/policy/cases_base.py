"""Shapes and small builders shared by the ``cases_*`` data modules.

A ``Case`` is one request evaluated against policies in each layer; a ``BadPolicy`` is a document
that ``Policy(...)`` must refuse with ``PolicyError``. Builders only save typing: every case still
spells out its policies, request and expected decision.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

ALLOWED = "allowed"
EXPLICIT = "explicitDeny"
IMPLICIT = "implicitDeny"

IAM = "https://docs.aws.amazon.com/IAM/latest/UserGuide/"
EVAL = IAM + "reference_policies_evaluation-logic.html"
EVAL_DENYALLOW = IAM + "reference_policies_evaluation-logic_policy-eval-denyallow.html"
EVAL_BASICS = IAM + "reference_policies_evaluation-logic_policy-eval-basics.html"
EXPLICIT_IMPLICIT = IAM + "reference_policies_evaluation-logic_AccessPolicyLanguage_Interplay.html"
ACCESS_DENIED = IAM + "troubleshoot_access-denied.html"
COND = IAM + "reference_policies_elements_condition.html"
OPS = IAM + "reference_policies_elements_condition_operators.html"
OPS_STRING = OPS + "#Conditions_String"
OPS_NUMERIC = OPS + "#Conditions_Numeric"
OPS_DATE = OPS + "#Conditions_Date"
OPS_BOOL = OPS + "#Conditions_Boolean"
OPS_BINARY = OPS + "#Conditions_BinaryEquals"
OPS_IP = OPS + "#Conditions_IPAddress"
OPS_ARN = OPS + "#Conditions_ARN"
OPS_IFEXISTS = OPS + "#Conditions_IfExists"
OPS_NULL = OPS + "#Conditions_Null"
MULTI_LOGIC = IAM + "reference_policies_multi-value-conditions.html"
MULTI_KEYS = IAM + "reference_policies_condition-single-vs-multi-valued-context-keys.html"
MULTI_EXAMPLES = IAM + "reference_policies_condition_examples-multi-valued-context-keys.html"
VARS = IAM + "reference_policies_variables.html"
VARS_SPECIAL = VARS + "#policy-vars-specialchars"
VARS_DEFAULT = VARS + "#policy-vars-default-values"
RESOURCE = IAM + "reference_policies_elements_resource.html"
NOTRESOURCE = IAM + "reference_policies_elements_notresource.html"
ACTION = IAM + "reference_policies_elements_action.html"
NOTACTION = IAM + "reference_policies_elements_notaction.html"
VERSION = IAM + "reference_policies_elements_version.html"
EFFECT = IAM + "reference_policies_elements_effect.html"
STATEMENT = IAM + "reference_policies_elements_statement.html"
GRAMMAR = IAM + "reference_policies_grammar.html"
BOUNDARIES = IAM + "access_policies_boundaries.html"
SESSION = IAM + "access_policies.html#policies_session"
SCP_EVAL = "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html"
SCP_SYNTAX = "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_syntax.html"
MFA_EXAMPLE = IAM + "reference_policies_examples_iam_mfa-selfmanage.html"
REF_4 = "/work/shared/reference/bedrock-api-keys.md §4"
REF_5 = "/work/shared/reference/bedrock-api-keys.md §5"
INFERENCE_PREREQ = "https://docs.aws.amazon.com/bedrock/latest/userguide/inference-profiles-prereq.html"
API_KEYS_PERMS = "https://docs.aws.amazon.com/bedrock/latest/userguide/api-keys-permissions.html"

ACCT = "111122223333"
OTHER_ACCT = "444455556666"


@dataclass(frozen=True)
class Case:
    """One request and the decision AWS documents for it.

    ``sids``: when given, the exact set of Sids of ``d.statements`` (explicitDeny: the matching
    Deny statements; allowed: the matching Allow statements of every layer).
    ``reason``: when given, a substring ``d.reason`` must contain.
    """

    id: str
    source: str
    action: str
    resource: str
    expect: str
    identity: Sequence[Mapping[str, Any]] = ()
    context: Mapping[str, Any] | None = None
    scps: Sequence[Sequence[Mapping[str, Any]]] | None = None
    boundary: Mapping[str, Any] | None = None
    session: Sequence[Mapping[str, Any]] | None = None
    missing: str | None = None
    sids: frozenset[str] | None = None
    reason: str | None = None
    note: str = ""


@dataclass(frozen=True)
class BadPolicy:
    """A document ``Policy`` must reject with ``PolicyError``.

    ``match``: the error message must contain at least one of these (case-insensitive); empty
    means any message will do.
    """

    id: str
    source: str
    document: Any
    match: tuple[str, ...] = field(default_factory=tuple)
    note: str = ""


def stmt(effect: str, action: Any = None, resource: Any = "*", *, sid: str | None = None,
         condition: Mapping[str, Any] | None = None, not_action: Any = None,
         not_resource: Any = None) -> dict[str, Any]:
    """A statement dict; pass ``not_action``/``not_resource`` instead of action/resource."""
    s: dict[str, Any] = {}
    if sid is not None:
        s["Sid"] = sid
    s["Effect"] = effect
    if not_action is not None:
        s["NotAction"] = not_action
    else:
        s["Action"] = action
    if not_resource is not None:
        s["NotResource"] = not_resource
    else:
        s["Resource"] = resource
    if condition is not None:
        s["Condition"] = condition
    return s


def allow(action: Any = None, resource: Any = "*", **kw: Any) -> dict[str, Any]:
    return stmt("Allow", action, resource, **kw)


def deny(action: Any = None, resource: Any = "*", **kw: Any) -> dict[str, Any]:
    return stmt("Deny", action, resource, **kw)


def doc(*statements: Mapping[str, Any], version: str | None = "2012-10-17") -> dict[str, Any]:
    """A policy document; ``version=None`` leaves the Version element out."""
    d: dict[str, Any] = {}
    if version is not None:
        d["Version"] = version
    d["Statement"] = list(statements)
    return d


FULL_AWS_ACCESS = doc(allow("*", "*", sid="FullAWSAccess"))   # the default SCP
ALLOW_ALL = doc(allow("*", "*", sid="AllowAll"))


def sids(*names: str) -> frozenset[str]:
    return frozenset(names)
