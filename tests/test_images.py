"""The committed figures are what images/make_images.py draws, and every figure a notebook shows exists."""
import re
import sys
from pathlib import Path
from xml.etree import ElementTree

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "images"))
import make_images  # noqa: E402


def test_every_figure_is_committed_as_drawn_and_is_well_formed_svg():
    for name, draw in make_images.FIGURES.items():
        drawn = draw()
        assert (ROOT / "images" / name).read_text() == drawn, f"run python images/make_images.py ({name})"
        assert ElementTree.fromstring(drawn).tag.endswith("svg")


def test_every_image_a_notebook_shows_is_drawn_by_the_script():
    shown = {m for path in (ROOT / "notebooks").glob("*.ipynb")
             for m in re.findall(r"\.\./images/([\w.-]+\.svg)", path.read_text())}
    assert shown and shown <= set(make_images.FIGURES), shown - set(make_images.FIGURES)
