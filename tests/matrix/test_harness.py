"""The matrix harness itself: a missing outcomes file fails loudly, a run exposes what check(run) needs."""
import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from tests.matrix import harness


def test_a_notebook_without_an_outcomes_file_fails_loudly():
    with pytest.raises(AssertionError, match=r"tests/matrix/outcomes_98.py is missing: notebook 98's owner writes "
                                             r"check\(run\)"):
        harness.checker("98")


def notebook(path):
    parameters = new_code_cell('target = "sandbox"\nregion = "us-west-2"\n'
                               'model = "us.anthropic.claude-haiku-4-5-20251001-v1:0"\nprefix = "wb"')
    parameters.metadata["tags"] = ["parameters"]
    said = new_code_cell("print(f'region {region}, model {model}')")
    said.metadata["tags"] = ["said"]
    kernel = {"kernelspec": {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"},
              "language_info": {"name": "python"}}
    nbformat.write(new_notebook(cells=[parameters, said], metadata=kernel), path)


def test_a_row_runs_under_papermill_and_its_tagged_text_and_choice_are_there(tmp_path, monkeypatch):
    path = tmp_path / "97-probe.ipynb"
    notebook(path)
    monkeypatch.setitem(harness.ROWS, "probe", {"region": "eu-central-1",
                                                "model": "eu.anthropic.claude-haiku-4-5-20251001-v1:0"})
    run = harness.execute(path, "probe", tmp_path)
    assert run.text("said") == "region eu-central-1, model eu.anthropic.claude-haiku-4-5-20251001-v1:0\n"
    assert run.parameters["region"] == "eu-central-1" and run.parameters["prefix"] == "wb"
    assert run.choice.foundation_model == "anthropic.claude-haiku-4-5-20251001-v1:0"
    assert "eu-west-3" in run.choice.destinations and run.seconds > 0 and not run.errors()
    with pytest.raises(AssertionError, match="has no code cell tagged 'missing'"):
        run.text("missing")


def test_the_defaults_row_reads_the_committed_outputs_without_a_kernel(tmp_path):
    path = harness.NOTEBOOKS[0]
    run = harness.execute(path, "defaults", tmp_path)
    assert run.seconds == 0 and run.parameters == harness.defaults(path) and "Target: sandbox" in run.text()
    assert not list(tmp_path.iterdir())


def test_a_row_runs_its_notebooks_two_at_a_time_and_keeps_each_failure(tmp_path, monkeypatch):
    good, bad = tmp_path / "95-good.ipynb", tmp_path / "96-bad.ipynb"
    notebook(good)
    notebook(bad)
    broken = nbformat.read(bad, as_version=4)
    broken.cells.append(new_code_cell("raise ValueError('broken on purpose')"))
    nbformat.write(broken, bad)
    monkeypatch.setitem(harness.ROWS, "probe", {"region": "us-east-1"})
    done = harness.execute_row([good, bad], "probe", tmp_path)
    assert done[good].text("said").startswith("region us-east-1,") and done[good].seconds > 0
    assert "broken on purpose" in str(done[bad])


def test_a_print_split_across_stream_outputs_reads_as_one_line():
    """The kernel may flush stdout in the middle of a print (seen: 'elsewhere:' then ' ap-northeast-3 | ...');
    Jupyter shows the pieces as one text, and so must `run.text`."""
    from nbformat.v4 import new_output

    cell = new_code_cell("print('elsewhere:', region)", outputs=[
        new_output("stream", name="stdout", text="elsewhere:"),
        new_output("stream", name="stdout", text=" ap-northeast-3 | on the list\n"),
        new_output("execute_result", data={"text/plain": "42"}, execution_count=1)])
    assert harness.output_text(cell) == "elsewhere: ap-northeast-3 | on the list\n42\n"
