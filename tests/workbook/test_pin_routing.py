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
