"""Execute course notebooks in place, as they are committed: `python -m helpers.workbook.execute NB...`.

Runs each notebook top to bottom in a fresh kernel (against the sandbox, its default target) and
writes it back with outputs, but without what changes on every run and is no part of the lesson:
per-cell execution timings and the widget state blob (random model ids). Consecutive pieces of one
stream are joined, as a reader sees them: how a kernel flushes a printed line varies between runs.
The kernelspec stored is the one JupyterLab writes (the installed kernel's own), so opening a notebook
does not mark it modified. Stored outputs are what nbval compares on the next `pytest`.
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
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs = _joined_streams(cell.outputs)
    notebook.metadata.kernelspec = kernelspec()
    nbformat.write(notebook, path)


def kernelspec(name: str = "python3") -> dict:
    """The kernelspec metadata JupyterLab writes for kernel `name`: its display name, language, name."""
    from jupyter_client.kernelspec import KernelSpecManager

    spec = KernelSpecManager().get_kernel_spec(name)
    return {"display_name": spec.display_name, "language": spec.language, "name": name}


def _joined_streams(outputs: list) -> list:
    joined = []
    for output in outputs:
        previous = joined[-1] if joined else None
        if (output.output_type == "stream" and previous is not None
                and previous.output_type == "stream" and previous.name == output.name):
            previous.text += output.text
        else:
            joined.append(output)
    return joined


def main(paths: list[str]) -> None:
    for name in paths:
        execute(Path(name))
        print(f"executed {name}")


if __name__ == "__main__":
    main(sys.argv[1:])
