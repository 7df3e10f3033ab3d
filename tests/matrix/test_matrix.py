"""Every notebook, every row of parameters (harness.ROWS): no error, and its owner's check(run) holds.

    .venv/bin/python -m pytest -q -o addopts="-p no:cacheprovider" tests/matrix -k "06-eu-central-1"

The first test of a row runs all of that row's selected notebooks (those with an outcomes file),
two at a time (harness.WORKERS); each test then checks its own notebook's run.
"""
import json

import nbformat
import pytest

from helpers.policy import evaluate
from helpers.workbook.plans import OPTIONAL, needs_of
from tests.matrix.harness import NOTEBOOKS, ROOT, ROWS, checker, execute_row, has_checker
from tests.test_no_secrets import key_shapes_in

CASES = [(path, row) for row in ROWS for path in NOTEBOOKS]
TEST = "test_the_notebook_says_what_happens_with_these_parameters"


@pytest.fixture(scope="session")
def matrix(request, tmp_path_factory):
    """Runs per row, made when the row's first test asks: {(path, row): Run or the exception it raised}."""
    selected = [item.callspec.params for item in request.session.items
                if getattr(item, "originalname", "") == TEST and hasattr(item, "callspec")]
    folder = tmp_path_factory.mktemp("matrix")
    runs = {}

    def run(path, row):
        if (path, row) not in runs:
            paths = [c["path"] for c in selected if c["row"] == row and has_checker(c["path"].name[:2])]
            runs.update({(p, row): r for p, r in execute_row(paths or [path], row, folder).items()})
        found = runs[path, row]
        if isinstance(found, Exception):
            raise found
        return found
    return run


@pytest.mark.parametrize("path, row", CASES, ids=[f"{p.name[:2]}-{row}" for p, row in CASES])
def test_the_notebook_says_what_happens_with_these_parameters(path, row, matrix):
    check = checker(path.name[:2])   # before any run: a missing outcomes file costs no kernel
    run = matrix(path, row)
    assert not run.errors(), run.errors()
    shown = nbformat.writes(nbformat.v4.new_notebook(cells=run.cells))
    assert not key_shapes_in(shown), "a key reached an output"
    if run.parameters["prefix"] != "wb":
        assert f"{run.parameters['prefix']}-" in run.text(), "the clean-up cell names what it looked for with the prefix"
    check(run)


# The sandbox's admin user stands in for the learner's own principal; the row's prefix "ci" is what
# the CI role's policy is written for, and a participant named "ci" would get the same names.
LEARNER = ":user/workbook-admin"
COVERED_ROW = "us-east-1"
POLICIES = ROOT / "workshop" / "policies"


def plan_policy(needs) -> dict:
    """The preflight's plan as a policy: each need allowed on its resource, with the keys it carries."""
    return {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": n.action, "Resource": n.resource,
         **({"Condition": {"StringEquals": dict(n.context)}} if n.context else {})} for n in needs]}


# ids name the row, so the scheduler (conftest.py) runs these beside that row's own tests and their runs
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[f"{p.name[:2]}-{COVERED_ROW}" for p in NOTEBOOKS])
def test_the_preflight_and_the_workshop_policies_cover_every_call_the_notebook_makes(path, matrix):
    """On AWS, a call the preflight did not check, or the trainer's policy does not allow, fails mid-run."""
    checker(path.name[:2])
    run = matrix(path, COVERED_ROW)
    calls = {(d["action"], d["resource"], json.dumps(d["context"], sort_keys=True)): d["context"]
             for d in run.decisions if d["principal"].endswith(LEARNER) and d["allowed"]
             and d["action"] not in OPTIONAL}
    assert calls, "the sandbox's journal holds none of the notebook's own calls"
    p = run.parameters
    plan = plan_policy(needs_of(path.name[:2], account="111122223333", region=p["region"], prefix=p["prefix"],
                                model=p["model"], destinations=run.choice.destinations if run.choice else (),
                                is_global=bool(run.choice and run.choice.is_global)))
    for name, document, who in (("the preflight's plan", plan, {}),
                                ("workshop/policies/ci-role-policy.json", _policy("ci-role-policy.json"), {}),
                                ("workshop/policies/participant-policy.json", _policy("participant-policy.json"),
                                 {"aws:username": p["prefix"]})):
        missing = sorted(f"{action} on {resource}" for (action, resource, _), context in calls.items()
                         if not evaluate(action, resource, {**context, **who}, identity_policies=[document]).allowed)
        assert not missing, f"{name} does not allow what notebook {path.name[:2]} calls:\n" + "\n".join(missing)


def _policy(name: str) -> dict:
    return json.loads((POLICIES / name).read_text())
