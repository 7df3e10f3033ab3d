"""Every notebook, every row of parameters (harness.ROWS): no error, and its owner's check(run) holds.

    .venv/bin/python -m pytest -q -o addopts="-p no:cacheprovider" tests/matrix -k "06-eu-central-1"

The first test of a row runs all of that row's selected notebooks (those with an outcomes file),
two at a time (harness.WORKERS); each test then checks its own notebook's run.
"""
import nbformat
import pytest

from tests.matrix.harness import NOTEBOOKS, ROWS, checker, execute_row, has_checker
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
