"""`course.pin_routing(region)` refuses a Region the course's profiles cannot reach, in the cell that
pins, instead of printing "pinned" while calls go elsewhere."""
import pytest

from helpers.sandbox.routing import UnreachablePin


def test_pinning_a_region_no_profile_here_reaches_raises(course, capsys):
    with pytest.raises(UnreachablePin, match="Cannot pin routing to ap-southeast-4: no inference profile offered "
                                             "in us-west-2 routes there."):
        course.pin_routing("ap-southeast-4")
    assert "pinned" not in capsys.readouterr().out
    course.pin_routing("us-east-1")
    assert course.sandbox.router.pinned == "us-east-1"


def test_pinning_a_region_the_notebooks_profile_cannot_reach_raises(capsys):
    """With `model` an inference profile, the pin is checked against that profile's destinations."""
    import os

    from helpers import workbook

    saved = dict(os.environ)
    course = workbook.setup("sandbox", "eu-central-1", "t", model="eu.anthropic.claude-haiku-4-5-20251001-v1:0")
    try:
        with pytest.raises(UnreachablePin, match="Cannot pin routing to us-east-2: eu.anthropic.claude-haiku-4-5-"
                                                 "20251001-v1:0 called from eu-central-1 routes only to eu-central-1"):
            course.pin_routing("us-east-2")   # a global profile reaches it, the notebook's does not
        course.pin_routing("eu-west-3")
        assert course.sandbox.router.pinned == "eu-west-3"
    finally:
        course.sandbox.reset()
        os.environ.clear()
        os.environ.update(saved)
