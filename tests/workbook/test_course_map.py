"""Notebook 00's map of the course: its total is the sum of its rows, and a row's time is the time the
notebook's own header states (a learner planning a day reads both)."""
import json
import re
from pathlib import Path

import pytest

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
CHECKED = sorted(p.name[:2] for p in NOTEBOOKS.glob("[0-9][0-9]-*.ipynb"))  # every notebook's row

def _markdown(path: Path) -> str:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")


def map_rows() -> dict[str, int]:
    """{notebook number: minutes} from 00's table (`| ... NN ... | ... | 35&nbsp;min |`)."""
    rows = re.findall(r"^\| \S*?\[?\*{0,2}(\d\d) [^|]*\|[^|]*\| (\d+)&nbsp;min \|$",
                      _markdown(NOTEBOOKS / "00-start-here.ipynb"), re.M)
    return {number: int(minutes) for number, minutes in rows}


def header_minutes(number: str) -> int:
    path = next(NOTEBOOKS.glob(f"{number}-*.ipynb"))
    return int(re.search(r"\*\*Time\*\*: about (\d+) minutes", _markdown(path))[1])


def test_the_map_lists_every_notebook():
    assert sorted(map_rows()) == sorted(p.name[:2] for p in NOTEBOOKS.glob("[0-9][0-9]-*.ipynb"))


def test_the_maps_total_is_the_sum_of_its_rows():
    total = sum(map_rows().values())
    said = re.search(r"\((\d+) h (\d+) min\)", _markdown(NOTEBOOKS / "00-start-here.ipynb"))
    assert said, "00 states its total as '(H h M min)'"
    assert int(said[1]) * 60 + int(said[2]) == total


@pytest.mark.parametrize("number", CHECKED)
def test_a_map_row_states_the_notebooks_own_time(number):
    assert map_rows()[number] == header_minutes(number)
