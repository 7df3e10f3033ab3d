"""The papermill runner: progress, the summary table and files, and the exit status."""
import json

import nbformat
from nbformat.v4 import new_code_cell, new_notebook

from helpers.workbook import run


def notebook(path, *cells):
    parameters = new_code_cell('target = "sandbox"\nregion = "us-west-2"\nmodel = "m"\nprefix = "wb"')
    parameters.metadata["tags"] = ["parameters"]
    kernel = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
              "language_info": {"name": "python"}}
    nbformat.write(new_notebook(cells=[parameters, *map(new_code_cell, cells)], metadata=kernel), path)


def test_a_failing_notebook_fails_the_run_and_its_first_error_is_in_the_table(tmp_path, capsys):
    notebook(tmp_path / "10-fine.ipynb", "print(prefix)")
    notebook(tmp_path / "11-broken.ipynb", "x = 1", "raise ValueError(f'no model {model} here')", "raise KeyError('later')")
    out = tmp_path / "out"
    status = run.main([str(tmp_path / "10-fine.ipynb"), str(tmp_path / "11-broken.ipynb"),
                       "-p", "prefix", "team7", "-p", "model", "m2", "--out", str(out)])
    assert status == 1
    printed = capsys.readouterr().out
    assert "[1/2] 10-fine ... passed" in printed and "[2/2] 11-broken ... failed" in printed
    summary = json.loads((out / "summary.json").read_text())
    assert summary["parameters"] == {"prefix": "team7", "model": "m2"}
    broken = summary["notebooks"][1]
    assert broken["status"] == "failed" and broken["error"].startswith("ValueError: no model m2 here")
    table = (out / "summary.md").read_text()
    assert "| 11-broken | ❌ failed |" in table and "ValueError: no model m2 here" in table
    assert "1 of 2 passed" in table and "KeyError" not in table
    assert 'failures="1"' in (out / "junit.xml").read_text()
    assert "team7" in (out / "10-fine.ipynb").read_text()  # the executed copy, with its parameters


def test_all_passing_exits_zero_and_unknown_parameters_are_refused(tmp_path):
    notebook(tmp_path / "12-ok.ipynb", "print(target)")
    assert run.main([str(tmp_path / "12-ok.ipynb"), "--target", "aws", "--out", str(tmp_path / "o")]) == 0
    try:
        run.main([str(tmp_path / "12-ok.ipynb"), "-p", "key", "ABSK"])
    except SystemExit as exit:
        assert exit.code == 2
    else:
        raise AssertionError("a key is never a parameter")


def test_notebooks_are_found_by_number():
    assert [p.name[:2] for p in run.find(["00", "03"])] == ["00", "03"]
    assert run.find([])[0].name.startswith("00-")
