"""Run course notebooks with papermill, one after another, and summarise: the command for CI and trainers.

    python -m helpers.workbook.run                                  # every notebook, on the sandbox
    python -m helpers.workbook.run 02 04 --target aws -p region us-east-1 -p prefix team7
    python -m helpers.workbook.run notebooks/03-short-term-keys.ipynb --out out/alice

Executed copies go to `--out` (default `out/`, git-ignored), one line of progress per notebook, then
a summary table (notebook, status, seconds, first error), also written as `summary.md`,
`summary.json` and `junit.xml` in `--out` for a CI job to publish. Exit status 1 if any notebook
failed; 2, with `setup`'s own sentence and no kernel started, if a notebook would refuse its parameters. Parameters are strings (`-p name value`); keys and credentials are never parameters
(papermill writes parameters into the executed copy): the kernels inherit this process's environment,
so `WORKBOOK_CONFIRM_ACCOUNT` and the AWS credentials go there (`--confirm-account` sets the first).
A notebook that fails stops before its clean-up cell: run `python -m helpers.workbook.cleanup` after.
"""
from __future__ import annotations

import argparse
import ast
import json
import os
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from .live import CONFIRM_VARIABLE

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
PARAMETERS = ("target", "region", "model", "prefix")


@dataclass
class Outcome:
    notebook: str
    status: str  # "passed" | "failed"
    seconds: float
    error: str = ""  # the first error: "ename: evalue" (first line), and in which cell


def find(chosen: list[str], folder: Path = NOTEBOOKS) -> list[Path]:
    """Paths for `chosen` (paths, or numbers such as "02"); every numbered notebook when none."""
    if not chosen:
        return sorted(folder.glob("[0-9][0-9]-*.ipynb"))
    paths = []
    for name in chosen:
        path = Path(name)
        if not path.suffix:
            matches = sorted(folder.glob(f"{name}-*.ipynb")) or sorted(folder.glob(f"{name}*.ipynb"))
            if not matches:
                raise SystemExit(f"no notebook {name!r} in {folder}")
            path = matches[0]
        if not path.is_file():
            raise SystemExit(f"no such notebook: {path}")
        paths.append(path)
    return paths


def defaults(path: Path) -> dict[str, str]:
    """The values a notebook's parameters cell assigns (papermill overrides them)."""
    import nbformat

    cell = next(c for c in nbformat.read(path, as_version=4).cells if "parameters" in c.metadata.get("tags", []))
    return {t.id: ast.literal_eval(n.value) for n in ast.parse(cell.source).body if isinstance(n, ast.Assign)
            for t in n.targets if isinstance(t, ast.Name)}


def check_parameters(paths: list[Path], given: dict[str, str]) -> list[str]:
    """The notebooks' refusals of their parameters (what `setup` would say), one line per distinct
    sentence with the notebooks that give it, before any kernel starts."""
    from .course import COURSE_DATE, TARGETS
    from .parameters import ParameterError, check

    refused: dict[str, list[str]] = {}
    for path in paths:
        values = {**defaults(path), **given}
        target = values.get("target", "sandbox")
        if target not in TARGETS:
            return [f"target must be one of {TARGETS}, not {target!r}."]
        today = COURSE_DATE if target == "sandbox" else datetime.now(timezone.utc)
        number = path.name[:2] if path.name[:2].isdigit() else None
        try:
            check(values.get("region", ""), values.get("model"), values.get("prefix", ""), number, today=today)
        except ParameterError as error:
            refused.setdefault(str(error), []).append(path.stem[:2] if number else path.stem)
    return [f"{', '.join(names)}: {sentence}" for sentence, names in refused.items()]


def run_one(path: Path, out: Path, parameters: dict[str, str], timeout: int) -> Outcome:
    import papermill
    from papermill.exceptions import PapermillExecutionError

    start = time.monotonic()
    try:
        papermill.execute_notebook(str(path), str(out / path.name), parameters=parameters, kernel_name="python3",
                                   progress_bar=False, cwd=str(path.parent), execution_timeout=timeout)
        return Outcome(path.stem, "passed", round(time.monotonic() - start, 1))
    except PapermillExecutionError as error:
        first = f"{error.ename}: {str(error.evalue).strip().splitlines()[0] if str(error.evalue).strip() else ''}"
        return Outcome(path.stem, "failed", round(time.monotonic() - start, 1),
                       f"{first[:300]} (cell {error.exec_count})")
    except Exception as error:  # noqa: BLE001 - a kernel that died, a timeout: still one row
        return Outcome(path.stem, "failed", round(time.monotonic() - start, 1),
                       f"{type(error).__name__}: {str(error).strip()[:300]}")


def table(outcomes: list[Outcome]) -> str:
    rows = ["| notebook | status | seconds | first error |", "| --- | --- | ---: | --- |"]
    for o in outcomes:
        error = o.error.replace("|", "\\|").replace("\n", " ")
        rows.append(f"| {o.notebook} | {'✅ passed' if o.status == 'passed' else '❌ failed'} | {o.seconds:.1f} | {error} |")
    passed = sum(o.status == "passed" for o in outcomes)
    total = sum(o.seconds for o in outcomes)
    return "\n".join(rows) + f"\n\n{passed} of {len(outcomes)} passed in {total:.1f} s.\n"


def junit(outcomes: list[Outcome]) -> str:
    failures = sum(o.status == "failed" for o in outcomes)
    cases = []
    for o in outcomes:
        failed = f"<failure message={quoteattr(o.error)}>{escape(o.error)}</failure>" if o.status == "failed" else ""
        cases.append(f'  <testcase classname="notebooks" name={quoteattr(o.notebook)} time="{o.seconds:.1f}">{failed}</testcase>')
    return (f'<?xml version="1.0" encoding="utf-8"?>\n<testsuite name="workbook notebooks" tests="{len(outcomes)}" '
            f'failures="{failures}" time="{sum(o.seconds for o in outcomes):.1f}">\n' + "\n".join(cases) + "\n</testsuite>\n")


def write_summary(outcomes: list[Outcome], out: Path, parameters: dict[str, str]) -> None:
    (out / "summary.md").write_text("# Workbook run\n\nParameters: " + ", ".join(f"`{k}={v}`" for k, v in parameters.items())
                                    + "\n\n" + table(outcomes))
    (out / "summary.json").write_text(json.dumps({"parameters": parameters, "notebooks": [asdict(o) for o in outcomes]},
                                                 indent=2) + "\n")
    (out / "junit.xml").write_text(junit(outcomes))


def new_folder(name: str, under: Path = NOTEBOOKS.parent / "out" / "live") -> Path:
    """A folder of its own for one run's executed copies and summary (`under/<name>-<random>`): two
    runs at once from one checkout (a notebook and its re-run, CI beside a trainer) never read each
    other's copies, as they did in a shared `out/live`."""
    under.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f"{name}-", dir=under))


def shown(path: Path) -> str:
    """`path` as seen from the current directory (no machine's folders in a committed output)."""
    try:
        return Path(os.path.relpath(path)).as_posix()
    except ValueError:  # another drive, on Windows
        return str(path)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m helpers.workbook.run", description=__doc__.split("\n")[0])
    parser.add_argument("notebooks", nargs="*", help="paths or numbers (02); default: every numbered notebook")
    parser.add_argument("-p", "--parameter", nargs=2, action="append", default=[], metavar=("NAME", "VALUE"),
                        help=f"a notebook parameter: one of {', '.join(PARAMETERS)}")
    parser.add_argument("--target", choices=("sandbox", "aws"), help="shorthand for -p target ...")
    parser.add_argument("--confirm-account", help=f"the AWS account id the run may act in (sets {CONFIRM_VARIABLE})")
    parser.add_argument("--out", default="out", help="folder for executed copies and the summary (default: out)")
    parser.add_argument("--timeout", type=int, default=600, help="seconds a cell may run (default: 600)")
    args = parser.parse_args(argv)

    parameters = dict(args.parameter)
    if args.target:
        parameters["target"] = args.target
    unknown = set(parameters) - set(PARAMETERS)
    if unknown:
        parser.error(f"unknown parameter(s) {sorted(unknown)}: notebooks take {', '.join(PARAMETERS)}")
    if args.confirm_account:
        os.environ[CONFIRM_VARIABLE] = args.confirm_account
    paths = find(args.notebooks)
    refused = check_parameters(paths, parameters)
    if refused:
        print("Nothing was run: " + ("\n".join(refused) if len(refused) > 1 else refused[0]), file=sys.stderr)
        return 2
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    print(f"Running {len(paths)} notebook(s) with " + (", ".join(f"{k}={v}" for k, v in parameters.items()) or "their defaults")
          + f"; executed copies in {shown(out)}/", flush=True)
    outcomes = []
    for number, path in enumerate(paths, 1):
        print(f"[{number}/{len(paths)}] {path.stem} ...", end=" ", flush=True)
        outcome = run_one(path, out, parameters, args.timeout)
        outcomes.append(outcome)
        print(f"{outcome.status} in {outcome.seconds:.1f} s" + (f": {outcome.error}" if outcome.error else ""), flush=True)
    write_summary(outcomes, out, parameters)
    print("\n" + table(outcomes) + "Summary: " + ", ".join(shown(out / n) for n in ("summary.md", "summary.json", "junit.xml")))
    return 0 if all(o.status == "passed" for o in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
