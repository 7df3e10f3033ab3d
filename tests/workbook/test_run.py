"""The papermill runner: progress, the summary table and files, and the exit status."""
import json

import nbformat
from nbformat.v4 import new_code_cell, new_notebook

from helpers.workbook import run

GLOBAL = "global.anthropic.claude-haiku-4-5-20251001-v1:0"


def notebook(path, *cells):
    parameters = new_code_cell('target = "sandbox"\nregion = "us-west-2"\nmodel = "us.anthropic.claude-haiku-4-5-20251001-v1:0"\nprefix = "wb"')
    parameters.metadata["tags"] = ["parameters"]
    kernel = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
              "language_info": {"name": "python"}}
    nbformat.write(new_notebook(cells=[parameters, *map(new_code_cell, cells)], metadata=kernel), path)


def test_a_failing_notebook_fails_the_run_and_its_first_error_is_in_the_table(tmp_path, capsys):
    notebook(tmp_path / "10-fine.ipynb", "print(prefix)")
    notebook(tmp_path / "11-broken.ipynb", "x = 1", "raise ValueError(f'no model {model} here')", "raise KeyError('later')")
    out = tmp_path / "out"
    status = run.main([str(tmp_path / "10-fine.ipynb"), str(tmp_path / "11-broken.ipynb"),
                       "-p", "prefix", "team7", "-p", "model", GLOBAL, "--out", str(out)])
    assert status == 1
    printed = capsys.readouterr().out
    assert "[1/2] 10-fine ... passed" in printed and "[2/2] 11-broken ... failed" in printed
    summary = json.loads((out / "summary.json").read_text())
    assert summary["parameters"] == {"prefix": "team7", "model": GLOBAL}
    broken = summary["notebooks"][1]
    assert broken["status"] == "failed" and broken["error"].startswith(f"ValueError: no model {GLOBAL} here")
    table = (out / "summary.md").read_text()
    assert "| 11-broken | ❌ failed |" in table and f"ValueError: no model {GLOBAL} here" in table
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


def test_parameters_a_notebook_would_refuse_stop_the_run_before_any_kernel(tmp_path, capsys):
    notebook(tmp_path / "13-ok.ipynb", "open('ran', 'w').close()")
    status = run.main([str(tmp_path / "13-ok.ipynb"), "-p", "region", "eu-central-1", "--out", str(tmp_path / "o")])
    assert status == 2 and not (tmp_path / "ran").exists() and not (tmp_path / "o" / "13-ok.ipynb").exists()
    assert capsys.readouterr().err == (
        "Nothing was run: 13: Inference profile 'us.anthropic.claude-haiku-4-5-20251001-v1:0' is not offered in "
        "eu-central-1: it is offered from us-east-1, us-east-2, us-west-1, us-west-2. In eu-central-1 use, for example, "
        "eu.anthropic.claude-haiku-4-5-20251001-v1:0.\n")


def test_the_runner_reads_each_notebooks_own_defaults(tmp_path):
    notebook(tmp_path / "14-ok.ipynb", "print(region)")
    assert run.defaults(tmp_path / "14-ok.ipynb") == {
        "target": "sandbox", "region": "us-west-2", "model": "us.anthropic.claude-haiku-4-5-20251001-v1:0", "prefix": "wb"}
    assert run.check_parameters([tmp_path / "14-ok.ipynb"], {"prefix": "wbé"}) == [
        "14: Prefix 'wbé' cannot start IAM names: IAM takes ASCII letters, digits and + = , . @ _ - only (found: 'é')."]


def test_each_run_gets_a_folder_of_its_own(tmp_path):
    """Two runs at once from one checkout (notebook 10 under nbval and the matrix) never share copies."""
    first, second = run.new_folder("wb-live", under=tmp_path / "live"), run.new_folder("wb-live", under=tmp_path / "live")
    assert first != second and first.parent == second.parent == tmp_path / "live"
    assert first.name.startswith("wb-live-") and first.is_dir() and not any(first.iterdir())
