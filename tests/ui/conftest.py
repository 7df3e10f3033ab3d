"""One JupyterLab and one headless Chromium page for all the browser tests a worker runs, started
when the first needs them: each test opens its notebook in that page and closes it, kernel and all."""
import pytest

from tests.ui.jupyterlab_screenshot import SEEN_DIALOGS, lab_and_browser


@pytest.fixture(scope="package")
def jupyterlab():
    with lab_and_browser() as opened:
        yield opened


@pytest.fixture
def lab(jupyterlab):
    """The shared JupyterLab, its notebook closed after the test and its kernel being shut down."""
    SEEN_DIALOGS.clear()
    yield jupyterlab
    jupyterlab.close()
