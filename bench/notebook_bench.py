"""Notebook benchmark: seconds per course notebook against the sandbox, in a fresh kernel each.

    python bench/notebook_bench.py [notebooks/02-long-term-keys.ipynb ...] [--runs 1]

Prints, per notebook, the wall time of a whole run (kernel start included, as a learner or CI sees
it) and the time spent in its cells (what the notebook itself costs). The course's budget is
10 s per notebook on a 2-core machine. Nothing is written back to the notebooks.
"""
import argparse
import statistics
import time
from datetime import datetime
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
BUDGET = 10.0


def run(path: Path) -> tuple[float, float]:
    """(wall seconds, seconds inside cells) for one execution of `path`."""
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(notebook, timeout=120, kernel_name="python3", record_timing=True,
                            resources={"metadata": {"path": str(path.parent)}})
    start = time.perf_counter()
    client.execute()
    wall = time.perf_counter() - start
    in_cells = 0.0
    for cell in notebook.cells:
        timing = cell.metadata.get("execution", {})
        if "iopub.execute_input" in timing and "shell.execute_reply" in timing:
            began = datetime.fromisoformat(timing["iopub.execute_input"].replace("Z", "+00:00"))
            ended = datetime.fromisoformat(timing["shell.execute_reply"].replace("Z", "+00:00"))
            in_cells += (ended - began).total_seconds()
    return wall, in_cells


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path)
    parser.add_argument("--runs", type=int, default=1, help="runs per notebook; the median is shown")
    args = parser.parse_args()
    paths = args.notebooks or sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
    print(f"{'notebook':<34} {'wall s':>7} {'cells s':>8}  budget {BUDGET:g} s")
    for path in paths:
        samples = [run(path) for _ in range(args.runs)]
        wall = statistics.median(s[0] for s in samples)
        cells = statistics.median(s[1] for s in samples)
        print(f"{path.name:<34} {wall:7.1f} {cells:8.1f}  {'ok' if wall <= BUDGET else 'OVER'}")


if __name__ == "__main__":
    main()
