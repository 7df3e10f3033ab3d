"""Execute course notebooks in place, as they are committed: `python -m helpers.workbook.execute NB...`.

Runs each notebook top to bottom in a fresh kernel (against the sandbox, its default target) and
writes it back with outputs, but without what changes on every run and is no part of the lesson:
per-cell execution timings and the widget state blob (random model ids). Stored outputs are what
nbval compares on the next `pytest`.
"""
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient


def execute(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)
    notebook.metadata.pop("widgets", None)
    NotebookClient(notebook, timeout=120, kernel_name="python3", record_timing=False,
                   store_widget_state=False, resources={"metadata": {"path": str(path.parent)}}).execute()
    nbformat.write(notebook, path)


def main(paths: list[str]) -> None:
    for name in paths:
        execute(Path(name))
        print(f"executed {name}")


if __name__ == "__main__":
    main(sys.argv[1:])
