"""IAM's policy simulator, `SimulatePrincipalPolicy`, answered by the sandbox's own evaluator.

moto does not implement it. The workbook's live preflight asks it whether the caller may do what a
notebook needs, so the sandbox answers through the same evaluator and the same policies that decide
real calls: the principal's identity policies (a user's own and its groups', or a role's), its
permissions boundary, and the SCPs. As AWS's simulator does for a role, no session policy applies.
The caller's right to simulate (`iam:SimulatePrincipalPolicy` on the simulated principal) is checked
before this runs, by `guard`, like any IAM action.

Not emulated: `PolicyInputList`, `PolicyExclusionList`, resource policies, paging (never truncated).
"""
from __future__ import annotations

import re
from xml.sax.saxutils import escape

from moto.iam.exceptions import NoSuchEntity, NotFoundException

from helpers.policy import evaluate

from .authorize import PolicyCache
from .call import Principal
from .query_errors import REQUEST_ID, query_error

_NAMESPACE = "https://iam.amazonaws.com/doc/2010-05-08/"
_SOURCE = re.compile(r"^arn:aws:iam::(?P<account>\d{12}):(?P<kind>user|role)/(?:.*/)?(?P<name>[^/]+)$")


def context_entries(params: dict) -> dict[str, object]:
    """ContextEntries (as moto's parser reads them): each key with its typed value or values."""
    context: dict[str, object] = {}
    for entry in params.get("ContextEntries", []):
        values: list[object] = list(entry.get("ContextKeyValues", []))
        kind = entry.get("ContextKeyType", "string")
        if kind.startswith("numeric"):
            values = [float(v) if "." in v else int(v) for v in values]
        elif kind.startswith("boolean"):
            values = [v.lower() == "true" for v in values]
        context[entry.get("ContextKeyName", "")] = values if kind.endswith("List") else (values[0] if values else None)
    return context


def answer(params: dict, world, scps, cache: PolicyCache):
    """(status, headers, chunks): the simulation, or NoSuchEntity / InvalidInput as IAM answers."""
    source = params.get("PolicySourceArn", "")
    match = _SOURCE.match(source)
    if not match or match["account"] != world.account:
        return query_error("InvalidInput", f"Invalid ARN for PolicySourceArn: {source}")
    kind, name = match["kind"], match["name"]
    try:
        identity_texts, boundary_text = _policies(world, kind, name)
    except (KeyError, NoSuchEntity, NotFoundException):
        return query_error("NoSuchEntity", f"The {kind} with name {name} cannot be found.", 404)
    context = {"aws:PrincipalArn": source, "aws:PrincipalAccount": world.account,
               "aws:PrincipalType": "User" if kind == "user" else "AssumedRole", **context_entries(params)}
    if kind == "user":
        context["aws:username"] = name
    identity = [cache.get(n, d) for n, d in identity_texts]
    boundary = cache.get(*boundary_text) if boundary_text else None
    results = []
    for action in params.get("ActionNames", []):
        for resource in params.get("ResourceArns") or ["*"]:
            decision = evaluate(action, resource, context, identity_policies=identity, scps=scps,
                                permissions_boundary=boundary)
            results.append(_result(decision, scps, boundary))
    body = (f'<SimulatePrincipalPolicyResponse xmlns="{_NAMESPACE}"><SimulatePrincipalPolicyResult>'
            f"<IsTruncated>false</IsTruncated><EvaluationResults>{''.join(results)}</EvaluationResults>"
            f"</SimulatePrincipalPolicyResult><ResponseMetadata>{REQUEST_ID}</ResponseMetadata>"
            "</SimulatePrincipalPolicyResponse>").encode()
    return 200, [("Content-Type", "text/xml")], [body]


def _policies(world, kind: str, name: str):
    """A user's or a role's identity policies and boundary; the simulator applies no session policy."""
    policies = (world.policies_for(Principal(arn="", kind="user", name=name, account=world.account, user_id=""))
                if kind == "user" else world.role_policies(name))
    return policies.identity, policies.boundary


def _result(decision, scps, boundary) -> str:
    statements = "".join(f"<member><SourcePolicyId>{escape(s.policy)}</SourcePolicyId>"
                         f"<SourcePolicyType>{'user' if s.layer == 'identity' else 'none'}</SourcePolicyType></member>"
                         for s in decision.statements)
    extra = ""
    if scps is not None:
        allowed = decision.allowed or decision.missing != "scp" and not _denied_in(decision, "scp")
        extra += f"<OrganizationsDecisionDetail><AllowedByOrganizations>{str(allowed).lower()}</AllowedByOrganizations></OrganizationsDecisionDetail>"
    if boundary is not None:
        allowed = decision.allowed or decision.missing != "boundary" and not _denied_in(decision, "boundary")
        extra += f"<PermissionsBoundaryDecisionDetail><AllowedByPermissionsBoundary>{str(allowed).lower()}</AllowedByPermissionsBoundary></PermissionsBoundaryDecisionDetail>"
    return (f"<member><EvalActionName>{escape(decision.action)}</EvalActionName>"
            f"<EvalResourceName>{escape(decision.resource)}</EvalResourceName>"
            f"<EvalDecision>{decision.decision}</EvalDecision>"
            f"<MatchedStatements>{statements}</MatchedStatements><MissingContextValues/>{extra}</member>")


def _denied_in(decision, layer: str) -> bool:
    return decision.decision == "explicitDeny" and any(s.layer == layer for s in decision.statements)
