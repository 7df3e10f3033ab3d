"""Routing at random, through real clients: a policy that leaves out a destination Region fails on
some calls and not others, and the same seed gives the same sequence."""
import json
import re

from aws_bedrock_token_generator import provide_token
from botocore.exceptions import ClientError

from helpers.policy.examples import HAIKU_ONLY_POLICY
from helpers.sandbox.routing import Router

from .conftest import HAIKU_PROFILE, MESSAGES, bearer_client, key_user


def outcomes(key, calls=12):
    runtime = bearer_client("bedrock-runtime", key)
    seen = []
    for _ in range(calls):
        try:
            runtime.converse(modelId=HAIKU_PROFILE, messages=MESSAGES)
            seen.append("answered")
        except ClientError as error:
            refused_in = re.search(r"arn:aws:bedrock:([a-z0-9-]+)::foundation-model/", error.response["Error"]["Message"])
            seen.append(refused_in.group(1))
    return seen


def test_a_policy_without_us_east_1_fails_on_the_calls_routed_there(fresh):
    west_only = json.loads(json.dumps(HAIKU_ONLY_POLICY))
    west_only["Statement"][2]["Resource"] = [r for r in west_only["Statement"][2]["Resource"] if "us-west-2" in r]
    key = provide_token(aws_credentials_provider=key_user(policy=west_only))

    fresh.router.route_at_random(seed=6)
    first = outcomes(key)
    assert set(first) == {"answered", "us-east-1"}, first   # refused exactly where it was sent
    fresh.router.route_at_random(seed=6)
    assert outcomes(key) == first                            # the same seed, the same sequence

    fresh.router.route_to(None)                              # default: the source Region, us-west-2
    assert set(outcomes(key, calls=3)) == {"answered"}


def test_a_pin_or_a_reset_ends_routing_at_random():
    router = Router()
    destinations = ["us-east-1", "us-east-2", "us-west-2"]
    router.route_at_random(seed=1)
    assert len({router.destination("p", "us-west-2", destinations) for _ in range(40)}) == 3
    router.route_to("us-east-2")
    assert {router.destination("p", "us-west-2", destinations) for _ in range(10)} == {"us-east-2"}
    router.route_at_random(seed=1)
    router.reset()
    assert {router.destination("p", "us-west-2", destinations) for _ in range(10)} == {"us-west-2"}
