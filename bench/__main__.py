"""`python -m bench`: the course's speed in one table, each figure beside its baseline from the same run.

    python -m bench [--runs 3] [--suite] [NN ...]

- Every course notebook under papermill (as CI and workshops run them): wall seconds, the ratio to a
  bare one-cell notebook run the same way (kernel start included in both; goal: at most 1.5x), the
  kernel's peak RSS at the end (the sandbox lives in the kernel; goal: at most 250 MB), and the CPU
  seconds the kernel used, against the bare kernel's (wall beyond CPU is waiting, e.g. the sandbox
  clock's whole-second steps).
- A notebook of the parameters, `workbook.setup` and the clean-up only: what the course's machinery
  costs a kernel, apart from what each lesson's own cells import and call.
- Where a notebook's fixed cost goes (`bench/startup.py`): `import helpers.workbook`, `workbook.setup`
  on the sandbox, the first IAM call; and whether the installed packages carry compiled bytecode
  (without it every kernel compiles boto3, moto and the SDKs from source: 2-3x slower).
- The start-up of the package and the sandbox, and moto's IAM GetUser through the sandbox, the
  baseline every sandbox figure in bench/sandbox_bench.py is a ratio to.
- With --suite, the README's test command (`python -m pytest`), wall seconds (goal: at most 4 min).
The machine's load average is printed at the start and the end: figures from a loaded machine say so.
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import papermill

from bench.sandbox_bench import start_up, summary, timings
from bench.startup import bytecode_line, steps

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
# The kernel's peak RSS in MB, and the CPU seconds it and its children used (a nested run's kernel in 10)
RSS_CELL = ("import resource, sys\nme, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)\n"
            "print(me.ru_maxrss / (1024 ** 2 if sys.platform == 'darwin' else 1024), "
            "me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime)")


def papermill_run(source: nbformat.NotebookNode, cwd: Path) -> tuple[float, float, float]:
    """(wall seconds, peak kernel RSS in MB, kernel CPU seconds) of one papermill run of `source`, plus
    one cell reading RSS and CPU. Wall beyond CPU is waiting: the sandbox clock's whole-second steps,
    kernel messages, a busy machine.
    A kernel that dies before it answers (its port taken meanwhile by another process on a shared
    machine) is started again, once."""
    try:
        return _papermill_run(source, cwd)
    except RuntimeError as error:
        if "Kernel died before replying" not in str(error):
            raise
        return _papermill_run(source, cwd)


def _papermill_run(source: nbformat.NotebookNode, cwd: Path) -> tuple[float, float, float]:
    notebook = nbformat.from_dict(source)
    notebook.cells.append(nbformat.v4.new_code_cell(RSS_CELL))
    with tempfile.TemporaryDirectory() as tmp:
        given, out = Path(tmp) / "in.ipynb", Path(tmp) / "out.ipynb"
        nbformat.write(notebook, given)
        start = time.perf_counter()
        papermill.execute_notebook(str(given), str(out), cwd=str(cwd), kernel_name="python3", progress_bar=False)
        wall = time.perf_counter() - start
        last = nbformat.read(out, as_version=4).cells[-1]
    rss, cpu = ("".join(o.get("text", "") for o in last.outputs).split() + ["nan", "nan"])[:2]
    return wall, float(rss), float(cpu)


def bare_notebook() -> nbformat.NotebookNode:
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell("1 + 1")]
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return notebook


def setup_notebook() -> nbformat.NotebookNode:
    """What every lesson runs besides its own cells: its parameters, `workbook.setup` (the sandbox
    inside the kernel) and the clean-up. Its ratio to the bare notebook is the course's fixed cost."""
    notebook = bare_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(source) for source in (
        'target, region, prefix = "sandbox", "us-west-2", "wb"\n'
        'model = "us.anthropic.claude-haiku-4-5-20251001-v1:0"',
        'from helpers import workbook\ncourse = workbook.setup(target, region, prefix, notebook="00", model=model)',
        "course.clean_up()")]
    return notebook


def iam_baseline(calls: int) -> str:
    """moto's IAM GetUser through the sandbox, in a child process (the sandbox rewrites its environment)."""
    code = ("import boto3\nfrom helpers import sandbox\nfrom bench.sandbox_bench import timings, summary\n"
            "sandbox.start().apply_environment()\niam = boto3.Session().client('iam')\n"
            f"print(summary(timings(lambda: iam.get_user(UserName='workbook-admin'), {calls})))")
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT).stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", help="notebook numbers (default: all)")
    parser.add_argument("--runs", type=int, default=3, help="runs per notebook; medians are shown")
    parser.add_argument("--suite", action="store_true", help="also time the README's test command")
    args = parser.parse_args()
    paths = [p for p in NOTEBOOKS if not args.notebooks or p.name[:2] in args.notebooks]
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
    print(bytecode_line())
    imported, started = start_up()
    print(f"start-up: import helpers.sandbox {imported * 1000:.0f} ms, start the sandbox {started * 1000:.0f} ms "
          "(moto, the server and the certificates load at the start)")
    print("a notebook's first steps: " + ", ".join(f"{step} {seconds * 1000:.0f} ms" for step, seconds in steps().items()))
    print(f"moto IAM GetUser through the sandbox: {iam_baseline(100)}")

    bares = [papermill_run(bare_notebook(), ROOT) for _ in range(args.runs)]
    bare, bare_cpu = statistics.median(b[0] for b in bares), statistics.median(b[2] for b in bares)
    print(f"\n{'notebook':<34} {'wall s':>7} {'x bare':>7} {'RSS MB':>7} {'CPU s':>7} {'x bare':>7}"
          f"   (bare notebook: {bare:.2f} s wall, {bare_cpu:.2f} s kernel CPU)")
    rows = [("setup and clean-up only", setup_notebook(), ROOT / "notebooks")]
    rows += [(path.name, nbformat.read(path, as_version=4), path.parent) for path in paths]
    for name, notebook, folder in rows:
        samples = [papermill_run(notebook, folder) for _ in range(args.runs)]
        wall = statistics.median(s[0] for s in samples)
        rss = max(s[1] for s in samples)
        cpu = statistics.median(s[2] for s in samples)
        print(f"{name:<34} {wall:7.2f} {wall / bare:7.2f} {rss:7.0f} {cpu:7.2f} {cpu / bare_cpu:7.2f}"
              f"{'' if wall / bare <= 1.5 else '  over 1.5x'}{'' if rss <= 250 else '  over 250 MB'}")
    if args.suite:
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "pytest"], cwd=ROOT, capture_output=True, text=True)
        tail = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""
        print(f"\nREADME test command: {time.perf_counter() - start:.0f} s wall ({tail})")
    print(f"load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
