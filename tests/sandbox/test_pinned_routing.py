"""A pin the profile cannot honour is an error the learner sees, never a silent route elsewhere:
refused at once when the pin names a profile (or no profile offered in the Region reaches it), and
refused on the call, with the profile's destinations, when a pinned call goes through a profile that
cannot reach the pinned Region."""
import pytest

from helpers.sandbox.routing import Router, UnreachablePin

from .conftest import HAIKU_PROFILE, MESSAGES
from .test_bedrock_runtime import HAIKU_45, admin, refusal

EU_HAIKU_45 = f"eu.{HAIKU_45}"


def test_a_pinned_call_through_a_profile_that_cannot_reach_the_pin_is_refused_with_its_destinations(fresh):
    fresh.router.route_to("us-east-2")
    status, code, message = refusal(lambda: admin("bedrock-runtime", "eu-central-1").converse(
        modelId=EU_HAIKU_45, messages=MESSAGES))
    assert (status, code) == (400, "ValidationException")
    assert message == (f"The sandbox's routing is pinned to us-east-2, which is not a destination of {EU_HAIKU_45} "
                       "called from eu-central-1 (its destinations: eu-central-1, eu-north-1, eu-south-1, eu-south-2, "
                       "eu-west-1, eu-west-3). Pin one of those, or pin None (`course.pin_routing(None)`) for the "
                       "default routing.")
    fresh.router.route_to(None)
    assert admin("bedrock-runtime", "eu-central-1").converse(modelId=EU_HAIKU_45, messages=MESSAGES)["output"]


def test_the_old_silent_fallback_is_gone_for_the_us_profile(fresh):
    """Pinned to eu-west-1, the US Claude 3 Haiku profile used to answer from us-west-2 unnoticed."""
    fresh.router.route_to("eu-west-1")
    status, _, message = refusal(lambda: admin().converse(modelId=HAIKU_PROFILE, messages=MESSAGES))
    assert status == 400 and "not a destination of us.anthropic.claude-3-haiku" in message


@pytest.mark.parametrize("region, source, profile, reason", [
    ("us-east-2", "eu-central-1", EU_HAIKU_45, f"{EU_HAIKU_45} called from eu-central-1 routes only to eu-central-1, "
                                               "eu-north-1, eu-south-1, eu-south-2, eu-west-1, eu-west-3"),
    ("us-east-1", "ap-northeast-1", f"jp.{HAIKU_45}", f"jp.{HAIKU_45} called from ap-northeast-1 routes only to "
                                                      "ap-northeast-1, ap-northeast-3"),
    ("ap-southeast-4", "us-west-2", None, "no inference profile offered in us-west-2 routes there"),
])
def test_a_pin_that_cannot_be_honoured_is_refused_when_it_is_set(region, source, profile, reason):
    router = Router()
    with pytest.raises(UnreachablePin) as refused:
        router.route_to(region, source_region=source, profile=profile)
    assert str(refused.value) == f"Cannot pin routing to {region}: {reason}."
    assert router.pinned is None  # nothing was pinned


def test_a_pin_a_profile_can_honour_is_kept():
    router = Router()
    router.route_to("ap-northeast-3", source_region="ap-northeast-1", profile=f"jp.{HAIKU_45}")
    assert router.destination(f"jp.{HAIKU_45}", "ap-northeast-1", ("ap-northeast-1", "ap-northeast-3")) == "ap-northeast-3"


def test_the_blank_region_of_a_global_profiles_model_arn_is_not_a_pin():
    """GetInferenceProfile lists a global profile's Region-less ARN; splitting out its Region gives ""."""
    with pytest.raises(UnreachablePin, match="stands for any commercial Region"):
        Router().route_to("", source_region="us-west-2", profile=f"global.{HAIKU_45}")
