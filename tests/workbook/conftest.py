import os

import pytest


@pytest.fixture
def course():
    """The sandbox course, with the process environment and the sandbox put back afterwards."""
    from helpers import workbook

    saved = dict(os.environ)
    running = workbook.setup("sandbox", "us-west-2", "t")
    yield running
    running.sandbox.reset()
    os.environ.clear()
    os.environ.update(saved)
