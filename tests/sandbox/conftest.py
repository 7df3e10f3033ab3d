"""One sandbox for the whole test session, reached only through real clients and configuration."""
import os
from contextlib import contextmanager

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
    return box


@contextmanager
def bearer(key: str):
    """Make boto3 clients that authenticate with `key` (botocore reads the variable when a client is made)."""
    os.environ["AWS_BEARER_TOKEN_BEDROCK"] = key
    try:
        yield
    finally:
        os.environ.pop("AWS_BEARER_TOKEN_BEDROCK", None)


def client(service: str, region: str = "us-west-2", **credentials):
    return boto3.Session(region_name=region, **credentials).client(service)
