"""Runs every table case in ``tests/policy/cases_*.py`` against ``helpers.policy``.

Decision cases assert the decision and, where the case gives them, ``missing``, the Sids of
``d.statements`` and a substring of ``d.reason``. Malformed cases assert that ``Policy`` raises
``PolicyError``. A failure prints the AWS page the expectation comes from and ``d.explain()``.
"""
from __future__ import annotations

import json

import pytest

from helpers.policy import Policy, PolicyError, evaluate

from . import (cases_condition_operators, cases_evaluation_logic, cases_grammar, cases_haiku,
               cases_ifexists, cases_layers, cases_malformed, cases_multivalue, cases_variables)
from .cases_base import BadPolicy, Case

MODULES = [cases_evaluation_logic, cases_grammar, cases_condition_operators, cases_ifexists,
           cases_multivalue, cases_variables, cases_layers, cases_haiku, cases_malformed]
ALL = [case for module in MODULES for case in module.CASES]
DECISIONS = [c for c in ALL if isinstance(c, Case)]
MALFORMED = [c for c in ALL if isinstance(c, BadPolicy)]


def _explain(d) -> str:
    try:
        return d.explain()
    except Exception as exc:  # a broken explain() must not hide the real assertion
        return f"<explain() raised {exc!r}> {d!r}"


def _run(case: Case):
    identity = [Policy(p, name=f"identity[{i}]") for i, p in enumerate(case.identity)]
    scps = None
    if case.scps is not None:
        scps = [[Policy(p, name=f"scp[{lvl}][{i}]") for i, p in enumerate(level)]
                for lvl, level in enumerate(case.scps)]
    boundary = None if case.boundary is None else Policy(case.boundary, name="boundary")
    session = None
    if case.session is not None:
        session = [Policy(p, name=f"session[{i}]") for i, p in enumerate(case.session)]
    return evaluate(case.action, case.resource, case.context, identity_policies=identity,
                    scps=scps, permissions_boundary=boundary, session_policies=session)


@pytest.mark.parametrize("case", DECISIONS, ids=[c.id for c in DECISIONS])
def test_decision(case: Case) -> None:
    d = _run(case)
    where = (f"\n[{case.id}] {case.action} on {case.resource} context={case.context!r}"
             f"\nsource: {case.source}" + (f"\nnote: {case.note}" if case.note else "")
             + f"\n--- explain() ---\n{_explain(d)}")
    assert d.decision == case.expect, f"decision {d.decision!r} != {case.expect!r}{where}"
    if case.expect == "implicitDeny" and case.missing is not None:
        assert d.missing == case.missing, f"missing {d.missing!r} != {case.missing!r}{where}"
    if case.sids is not None:
        got = frozenset(s.sid for s in d.statements)
        assert got == case.sids, f"statement Sids {sorted(map(str, got))} != {sorted(case.sids)}{where}"
    if case.reason is not None:
        assert case.reason in (d.reason or ""), f"reason {d.reason!r} lacks {case.reason!r}{where}"
    if case.expect == "explicitDeny":
        assert d.statements and all(s.effect == "Deny" for s in d.statements), \
            f"an explicit deny must name only Deny statements{where}"
    if case.expect == "allowed":
        assert d.statements and all(s.effect == "Allow" for s in d.statements), \
            f"an allow must name only Allow statements{where}"


@pytest.mark.parametrize("case", MALFORMED, ids=[c.id for c in MALFORMED])
def test_malformed(case: BadPolicy) -> None:
    with pytest.raises(PolicyError) as info:
        Policy(case.document, name=case.id)
    message = str(info.value).lower()
    if case.match:
        assert any(m.lower() in message for m in case.match), (
            f"[{case.id}] message {str(info.value)!r} names none of {case.match}\nsource: {case.source}")


def test_policy_error_is_value_error() -> None:
    assert issubclass(PolicyError, ValueError)


def test_policy_accepts_json_text_and_raw_documents() -> None:
    document = {"Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}
    from_text = Policy(json.dumps(document), name="text")
    assert evaluate("s3:GetObject", "arn:aws:s3:::b/k", identity_policies=[from_text]).decision == "allowed"
    assert evaluate("s3:GetObject", "arn:aws:s3:::b/k", identity_policies=[document]).decision == "allowed"


def test_there_are_enough_cases() -> None:
    assert len(ALL) >= 150, len(ALL)


def test_case_ids_are_unique() -> None:
    ids = [c.id for c in ALL]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    assert not dupes, dupes


def test_every_case_names_its_source() -> None:
    assert all(c.source for c in ALL)
    assert all(c.expect in {"allowed", "explicitDeny", "implicitDeny"} for c in DECISIONS)
