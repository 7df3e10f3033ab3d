"""The suite's split between xdist workers (the top conftest.py): what must stay together does."""
import conftest


def test_a_notebooks_nbval_cells_stay_on_one_worker():
    cells = [f"notebooks/07-denied-calls.ipynb::Cell {n}" for n in (0, 1, 29)]
    assert {conftest.scope(c) for c in cells} == {"notebooks/07-denied-calls.ipynb"}


def test_a_module_stays_whole_unless_named():
    tests = ["tests/sandbox/test_state.py::test_a", "tests/sandbox/test_state.py::test_b[x-1]"]
    assert {conftest.scope(t) for t in tests} == {"tests/sandbox/test_state.py"}


def test_the_long_files_split_where_their_tests_are_independent():
    twice = "tests/test_notebooks.py::test_every_code_cell_runs_twice_in_a_row[05-one-key-many-apis.ipynb]"
    assert conftest.scope(twice) == twice
    matrix = "tests/matrix/test_matrix.py::test_the_notebook_says_what_happens_with_these_parameters"
    assert conftest.scope(f"{matrix}[06-eu-central-1]") == conftest.scope(f"{matrix}[10-eu-central-1]") \
        != conftest.scope(f"{matrix}[06-global]")
    browser = "tests/ui/test_course_in_browser.py::test_the_notebook_opens_clean_runs_whole_and_fits_the_page"
    assert len({conftest.scope(f"{browser}[{n:02}]") for n in range(11)}) == 2
    runs = [f"tests/rehearsal/test_rehearsal.py::{name}" for name in conftest.REHEARSAL_RUNS]
    assert {conftest.scope(r) for r in runs} == {"rehearsal-runs"}
    assert conftest.scope("tests/rehearsal/test_rehearsal.py::test_rehearsal_a_third_key") == \
        "tests/rehearsal/test_rehearsal.py"


def test_the_longest_groups_are_queued_first():
    order = sorted(["tests/policy/test_cases.py::test_x", "notebooks/00-start-here.ipynb::Cell 0",
                    "tests/hub/test_hub.py::test_eight", f"tests/rehearsal/test_rehearsal.py::{conftest.REHEARSAL_RUNS[0]}"],
                   key=conftest.rank)
    assert order[0].startswith("tests/rehearsal/") and order[-1].startswith("tests/policy/")
