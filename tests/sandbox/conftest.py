"""One sandbox for the whole test session, reached only through real clients and configuration."""
import os

import boto3
import pytest

from helpers import sandbox


@pytest.fixture(scope="session")
def box():
    saved = dict(os.environ)
    running = sandbox.start()
    running.apply_environment()
    yield running
    os.environ.clear()
    os.environ.update(saved)


@pytest.fixture
def fresh(box):
    """The sandbox in a clean state for this test."""
    box.reset()
    yield box
    os.environ.pop("AWS_BEARER_TOKEN_BEDROCK", None)


def client(service: str, region: str = "us-west-2", **credentials):
    return boto3.Session(region_name=region, **credentials).client(service)


def bearer_client(service: str, key: str, region: str = "us-west-2"):
    """A client that authenticates with `key`, as AWS documents: through AWS_BEARER_TOKEN_BEDROCK.

    botocore takes the key when the client is made, but prefers bearer auth only while the variable
    is set at call time, so it stays set until the test ends (the `fresh` fixture clears it).
    """
    os.environ["AWS_BEARER_TOKEN_BEDROCK"] = key
    return client(service, region)
