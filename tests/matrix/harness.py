"""The parameter matrix: every notebook under papermill with each row of parameters, then its owner's
`check(run)` from `tests/matrix/outcomes_NN.py`.

A row is a set of parameters a learner may pass (issue 19 §2). The defaults row is not run again:
its `Run` reads the committed notebook, whose outputs nbval re-creates and compares. Every other row
runs each notebook once, in a temporary folder, from the notebooks folder as working directory.

A row's notebooks run `WORKERS` at a time (default 2, `MATRIX_WORKERS`): on the 2-core machine, under
load, four notebooks took 42 s one after another and 28 s two at a time (bench: 1.5x).

`check(run)` asserts that the outcomes the notebook's text describes hold for that row, not only that
no cell raised. `run` gives the row's parameters, the model resolved in the catalog for its Region
(`run.choice`: destinations, foundation_model, is_global...) and the executed cells' text outputs,
found by a tag the owner puts on a cell (`run.text("routed")`).
"""
from __future__ import annotations

import ast
import importlib
import importlib.util
import multiprocessing
import os
import re
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from helpers.sandbox import journal
from helpers.workbook.course import COURSE_DATE
from helpers.workbook.parameters import Choice, check

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
HAIKU = "anthropic.claude-haiku-4-5-20251001-v1:0"
WORKERS = int(os.environ.get("MATRIX_WORKERS", "2"))
# Row name -> the parameters it passes (the rest are the notebook's defaults).
ROWS: dict[str, dict[str, str]] = {
    "defaults": {},
    "us-east-1": {"region": "us-east-1", "prefix": "ci"},  # a prefix of its own too: names follow it
    "eu-central-1": {"region": "eu-central-1", "model": f"eu.{HAIKU}"},
    "ap-northeast-1": {"region": "ap-northeast-1", "model": f"jp.{HAIKU}"},
    "global": {"model": f"global.{HAIKU}"},
}


@dataclass
class Run:
    """One notebook executed with one row's parameters."""
    notebook: str                 # "06"
    row: str                      # a key of ROWS
    parameters: dict[str, str]    # target, region, model, prefix, as the notebook ran with them
    choice: Choice | None         # the model parameter resolved for the Region (None: no model)
    cells: list = field(repr=False)  # the executed code cells (nbformat nodes)
    seconds: float = 0.0          # 0 for the defaults row (the committed outputs)
    decisions: list = field(default_factory=list, repr=False)  # the sandbox's journal (none for the defaults row)

    def tagged(self, tag: str) -> list:
        """The code cells tagged `tag`; fails loudly when none is (a renamed or forgotten tag)."""
        found = [c for c in self.cells if tag in c.metadata.get("tags", [])]
        assert found, f"notebook {self.notebook} has no code cell tagged {tag!r} (add the tag in its metadata)"
        return found

    def text(self, tag: str | None = None) -> str:
        """The text a learner sees under the cells tagged `tag` (every code cell when None): printed
        text and each result's text/plain, joined."""
        return "\n".join(output_text(c) for c in (self.tagged(tag) if tag else self.cells))

    def errors(self) -> list[str]:
        return [f"{o.ename}: {o.evalue}" for c in self.cells for o in c.get("outputs", []) if o.output_type == "error"]


def found(pattern: str, text: str) -> re.Match:
    """The match of `pattern` in `text`, or a failure that shows what the cell printed."""
    match = re.search(pattern, text)
    assert match, f"expected {pattern!r} in what the cell printed: {text[:400]!r}"
    return match


def output_text(cell) -> str:
    parts, stream = [], None
    for output in cell.get("outputs", []):
        if output.output_type == "stream" and output.name == stream:
            parts[-1] += output.text   # one print the kernel flushed in pieces: Jupyter shows it whole
        elif output.output_type == "stream":
            parts.append(output.text)
        elif output.output_type in ("execute_result", "display_data"):
            parts.append(output.get("data", {}).get("text/plain", ""))
        stream = output.name if output.output_type == "stream" else None
    return "".join(p if p.endswith("\n") else p + "\n" for p in parts)


def defaults(path: Path) -> dict[str, str]:
    cell = next(c for c in nbformat.read(path, as_version=4).cells if "parameters" in c.metadata.get("tags", []))
    return {t.id: ast.literal_eval(n.value) for n in ast.parse(cell.source).body if isinstance(n, ast.Assign)
            for t in n.targets if isinstance(t, ast.Name)}


def execute(path: Path, row: str, folder: Path) -> Run:
    """Run the notebook with the row's parameters (the defaults row: read the committed outputs)."""
    if ROWS[row]:
        seconds = _papermill(path, ROWS[row], folder / f"{row}-{path.name}")
        return result(path, row, folder, seconds)
    return result(path, row, folder, 0.0)


def execute_row(paths: list[Path], row: str, folder: Path) -> dict[Path, Run | Exception]:
    """`execute` for several notebooks of one row, `WORKERS` at a time; a failure is kept as its exception."""
    if not ROWS[row] or WORKERS < 2 or len(paths) < 2:
        done = {}
        for path in paths:
            try:
                done[path] = execute(path, row, folder)
            except Exception as error:  # noqa: BLE001 - re-raised in that notebook's own test
                done[path] = error
        return done
    # spawn, not fork: this process may hold a running sandbox's threads and locks
    with ProcessPoolExecutor(min(WORKERS, len(paths)), mp_context=multiprocessing.get_context("spawn")) as pool:
        futures = {path: pool.submit(_papermill, path, ROWS[row], folder / f"{row}-{path.name}") for path in paths}
    done = {}
    for path, future in futures.items():
        try:
            done[path] = result(path, row, folder, future.result())
        except Exception as error:  # noqa: BLE001
            done[path] = error
    return done


def _papermill(path: Path, parameters: dict[str, str], out: Path) -> float:
    """Run the notebook; its kernel's sandbox journals every decision beside the output (`journal_of`)."""
    import papermill

    start, before = time.monotonic(), os.environ.get(journal.VARIABLE)
    os.environ[journal.VARIABLE] = str(journal_of(out))   # the kernel inherits this process's environment
    try:
        # the output is read once, at the end: no save after every cell (~10 ms each, twice per cell)
        papermill.execute_notebook(str(path), str(out), parameters=parameters, kernel_name="python3",
                                   progress_bar=False, cwd=str(path.parent), execution_timeout=300,
                                   request_save_on_cell_execute=False)
    finally:
        if before is None:
            del os.environ[journal.VARIABLE]
        else:
            os.environ[journal.VARIABLE] = before
    return round(time.monotonic() - start, 1)


def journal_of(out: Path) -> Path:
    return out.with_name(out.name + ".journal.jsonl")


def result(path: Path, row: str, folder: Path, seconds: float) -> Run:
    """The `Run` of a notebook executed for `row` (the committed notebook for the defaults row)."""
    given = ROWS[row]
    values = {**defaults(path), **given}
    choice = check(values["region"], values.get("model"), values["prefix"], path.name[:2], today=COURSE_DATE)
    out = folder / f"{row}-{path.name}"
    executed = nbformat.read(out if given else path, as_version=4)
    cells = [c for c in executed.cells if c.cell_type == "code"]
    return Run(path.name[:2], row, values, choice, cells, seconds, journal.read(journal_of(out)) if given else [])


def has_checker(notebook: str) -> bool:
    return importlib.util.find_spec(f"tests.matrix.outcomes_{notebook}") is not None


def checker(notebook: str):
    """`check` from tests/matrix/outcomes_NN.py; a missing file or function fails loudly."""
    name = f"tests.matrix.outcomes_{notebook}"
    try:
        module = importlib.import_module(name)
    except ModuleNotFoundError as error:
        if error.name != name:
            raise
        raise AssertionError(f"tests/matrix/outcomes_{notebook}.py is missing: notebook {notebook}'s owner writes "
                             "check(run), asserting what the notebook's text says for each row") from None
    check_run = getattr(module, "check", None)
    assert callable(check_run), f"tests/matrix/outcomes_{notebook}.py has no check(run) function"
    return check_run
