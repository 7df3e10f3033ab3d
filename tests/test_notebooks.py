"""The rules every course notebook keeps (notebooks/README.md), checked on the committed files.

nbval re-runs each notebook and compares outputs (pyproject's addopts); this file checks what nbval
does not: the parameters cell, the shape of a lesson, that outputs come from the sandbox and hold
no key, that at least 80% of output cells are compared, and that every code cell runs twice in a row.
Papermill runs with other parameters are the matrix's (tests/matrix).
"""
import ast
import re
from pathlib import Path

import nbformat
import pytest

from tests.test_no_secrets import key_shapes_in

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("[0-9][0-9]-*.ipynb"))
PARAMETERS = {"target", "region", "model", "prefix"}
IGNORED_TAGS = {"nbval-ignore-output", "nbval-skip"}
IGNORED_MARKERS = ("# NBVAL_IGNORE_OUTPUT", "# NBVAL_SKIP")
WHY = "# Output not compared:"  # an ignored cell says why on a comment line starting so
# Session tokens (AWS's start IQoJb3JpZ2lu, moto's FQoGZXIvYXdzE): as secret as a key.
TOKENS = re.compile(r"(?:IQoJb3JpZ2lu|FQoGZXIvYXdzE)[A-Za-z0-9+/=]{20,}")
ids = [n.name for n in NOTEBOOKS]
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def load(path):
    return nbformat.read(path, as_version=4)


def code_cells(notebook):
    return [c for c in notebook.cells if c.cell_type == "code"]


def ignored(cell) -> bool:
    return bool(IGNORED_TAGS & set(cell.metadata.get("tags", []))) or any(
        m in cell.source for m in IGNORED_MARKERS)


def compared_share(notebook) -> float:
    """Share of code cells with outputs whose outputs nbval compares."""
    with_output = [c for c in code_cells(notebook) if c.outputs]
    return sum(not ignored(c) for c in with_output) / max(len(with_output), 1)


def test_the_course_notebooks_are_here():
    assert [p.name[:2] for p in NOTEBOOKS][:4] == ["00", "01", "02", "03"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_first_code_cell_is_the_parameters_cell(path):
    first = code_cells(load(path))[0]
    assert "parameters" in first.metadata.get("tags", [])
    assigned = {t.id: n.value.value for n in ast.parse(first.source).body if isinstance(n, ast.Assign)
                for t in n.targets if isinstance(t, ast.Name)}
    assert set(assigned) == PARAMETERS, f"parameters are {sorted(assigned)}; keys are never parameters"
    assert assigned["target"] == "sandbox" and assigned["prefix"] == "wb"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_lesson_shape(path):
    notebook = load(path)
    head = notebook.cells[0].source
    for part in ("# ", "objectives", "time", "prerequisites"):
        assert part in head.lower(), f"the header cell lacks {part!r}"
    text = "\n".join(c.source for c in notebook.cells)
    assert "## Key points" in text and "## Exercise" in text and "<details>" in text
    assert "check(" in text, "an exercise has an offline checker"
    last = notebook.cells[-1]
    assert last.cell_type == "code" and "course.clean_up()" in last.source, "the last cell cleans up"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_outputs_are_committed_from_the_sandbox(path):
    cells = code_cells(load(path))
    assert all(c.execution_count for c in cells), "execute the notebook before committing it"
    setup_output = "".join(o.get("text", "") for c in cells[:3] for o in c.outputs)
    assert "Target: sandbox" in setup_output


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_no_key_or_token_in_a_notebook(path):
    text = path.read_text()
    assert not key_shapes_in(text)
    assert not TOKENS.findall(text)


# A folder of the machine that executed the notebook: the learner's machine has other folders.
MACHINE_PATHS = re.compile(r"(?:/work/|/home/|/root/|/tmp/|/Users/|[A-Z]:\\Users)")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_no_output_names_a_folder_of_the_machine_that_ran_it(path):
    shown = ["".join(o.get("text", "")) + o.get("data", {}).get("text/plain", "")
             for c in code_cells(load(path)) for o in c.outputs]
    assert not [line for text in shown for line in text.splitlines() if MACHINE_PATHS.search(line)]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_nbval_compares_most_outputs_and_each_exclusion_says_why(path):
    notebook = load(path)
    assert compared_share(notebook) >= 0.8
    for cell in code_cells(notebook):
        if ignored(cell):
            assert WHY in cell.source, f"say why this output is not compared:\n{cell.source}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_every_code_cell_runs_twice_in_a_row(path):
    """A learner re-runs a cell: each code cell is executed twice, at once, in one kernel per notebook.
    A cell tagged `raises-exception` may fail (nbclient allows it), either time."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    notebook = load(path)
    client = NotebookClient(notebook, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    with client.setup_kernel():
        for index, cell in enumerate(notebook.cells):
            if cell.cell_type != "code":
                continue
            for attempt in ("first", "second"):
                try:
                    client.execute_cell(cell, index)
                except CellExecutionError as error:
                    pytest.fail(f"cell {index} fails when run the {attempt} time in a row:\n{cell.source}\n\n"
                                f"{ANSI.sub('', str(error)).strip().splitlines()[-1]}")
