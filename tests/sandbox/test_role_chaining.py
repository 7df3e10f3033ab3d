"""Role chaining (AssumeRole with a role session's credentials) gets at most one hour, as AWS limits it:
a longer DurationSeconds is refused whatever the role's MaxSessionDuration (STS API Reference, AssumeRole)."""
import json

import boto3

from helpers.policy.examples import ALLOW_ALL

from .conftest import client, error_of

ACCOUNT = "111122223333"
TRUST_THE_ACCOUNT = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"AWS": ACCOUNT}, "Action": "sts:AssumeRole"}]})
CHAINED = "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining."


def _role(name: str) -> str:
    iam = client("iam")
    arn = iam.create_role(RoleName=name, AssumeRolePolicyDocument=TRUST_THE_ACCOUNT, MaxSessionDuration=43200)["Role"]["Arn"]
    iam.put_role_policy(RoleName=name, PolicyName="all", PolicyDocument=json.dumps(ALLOW_ALL))
    return arn


def _sts_as(credentials):
    return boto3.Session(aws_access_key_id=credentials["AccessKeyId"], aws_secret_access_key=credentials["SecretAccessKey"],
                         aws_session_token=credentials["SessionToken"], region_name="us-west-2").client("sts")


def test_a_chained_session_longer_than_an_hour_is_refused(fresh):
    first, second = _role("first"), _role("second")
    sts = client("sts")
    assert sts.assume_role(RoleArn=second, RoleSessionName="direct", DurationSeconds=43200)["Credentials"]  # a user: the role's maximum
    chained = _sts_as(sts.assume_role(RoleArn=first, RoleSessionName="hop", DurationSeconds=7200)["Credentials"])
    refused = error_of(lambda: chained.assume_role(RoleArn=second, RoleSessionName="chained", DurationSeconds=3601))
    assert (refused["ResponseMetadata"]["HTTPStatusCode"], refused["Error"]["Code"], refused["Error"]["Message"]) == (
        400, "ValidationError", CHAINED)
    assert chained.assume_role(RoleArn=second, RoleSessionName="chained", DurationSeconds=3600)["Credentials"]
    assert chained.assume_role(RoleArn=second, RoleSessionName="chained")["Credentials"]  # the default hour
