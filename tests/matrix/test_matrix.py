"""Every notebook, every row of parameters (harness.ROWS): no error, and its owner's check(run) holds.

    .venv/bin/python -m pytest -q -o addopts="-p no:cacheprovider" tests/matrix -k "06 and eu-central-1"
"""
import nbformat
import pytest

from tests.matrix.harness import NOTEBOOKS, ROWS, checker, execute
from tests.test_no_secrets import key_shapes_in

CASES = [(path, row) for row in ROWS for path in NOTEBOOKS]


@pytest.mark.parametrize("path, row", CASES, ids=[f"{p.name[:2]}-{row}" for p, row in CASES])
def test_the_notebook_says_what_happens_with_these_parameters(path, row, tmp_path):
    check = checker(path.name[:2])   # before the run: a missing outcomes file costs no kernel
    run = execute(path, row, tmp_path)
    assert not run.errors(), run.errors()
    shown = nbformat.writes(nbformat.v4.new_notebook(cells=run.cells))
    assert not key_shapes_in(shown), "a key reached an output"
    if run.parameters["prefix"] != "wb":
        assert f"{run.parameters['prefix']}-" in run.text(), "the clean-up cell names what it looked for with the prefix"
    check(run)
