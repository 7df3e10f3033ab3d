"""The key inspector and the policy explorer in real JupyterLab and headless Chromium; skipped where
either is missing."""
import importlib.util
from pathlib import Path

import pytest

from tests.ui.jupyterlab_screenshot import CHROMIUM, ROOT, screenshot

NOTEBOOK = ROOT / "notebooks/03-short-term-keys.ipynb"
pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists() or importlib.util.find_spec("playwright") is None or not NOTEBOOK.exists(),
    reason="needs Debian's chromium, the playwright package and notebook 03")


def test_the_key_inspector_decodes_a_pasted_key_in_jupyterlab(lab, tmp_path):
    text = screenshot(lab, NOTEBOOK, tmp_path / "inspector.png")
    assert "short-term" in text and "eu-west-1" in text
    assert (tmp_path / "inspector.png").stat().st_size > 10_000


EXPLORER_NOTEBOOK = ROOT / "notebooks/07-denied-calls.ipynb"


@pytest.mark.skipif(not EXPLORER_NOTEBOOK.exists(), reason="needs notebook 07")
def test_the_policy_explorer_decides_and_confirms_in_jupyterlab(lab, tmp_path):
    text = screenshot(lab, EXPLORER_NOTEBOOK, tmp_path / "explorer.png")
    assert "implicitDeny" in text and "us-east-2::foundation-model" in text
    assert "The call: refused: 403" in text and "Answered by the sandbox" in text and "they agree" in text
    assert (tmp_path / "explorer.png").stat().st_size > 10_000
