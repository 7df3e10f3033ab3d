"""The sandbox's own IAM and STS answers carry their request id in the body, as AWS's query protocol
does (`<ErrorResponse>...<RequestId>`, `<ResponseMetadata><RequestId>`), where botocore reads it as
`ResponseMetadata.RequestId`: the same seeded id as `x-amzn-RequestId`, so committed outputs stay stable.
"""
import uuid
import xml.etree.ElementTree as ElementTree

import boto3
import requests

from .conftest import client, error_of, key_user

LIST_USERS = "Action=ListUsers&Version=2010-05-08"


def _as(provider, service):
    credentials = provider.load()
    return boto3.Session(aws_access_key_id=credentials.access_key, aws_secret_access_key=credentials.secret_key,
                         region_name="us-west-2").client(service)


def _refused_request_id(box) -> str:
    box.reset()
    error = error_of(_as(key_user(), "iam").list_users)  # the guard's AccessDenied
    assert error["Error"]["Code"] == "AccessDenied"
    metadata = error["ResponseMetadata"]
    assert metadata["RequestId"] == metadata["HTTPHeaders"]["x-amzn-requestid"]
    return metadata["RequestId"]


def test_a_guard_refusal_carries_its_request_id_as_boto3_reads_it(box):
    first = _refused_request_id(box)
    assert uuid.UUID(first)
    assert _refused_request_id(box) == first  # seeded: the same after a reset


def test_the_error_body_is_aws_query_shape(fresh):
    answer = requests.post("https://iam.amazonaws.com/", data=LIST_USERS,
                           headers={"Content-Type": "application/x-www-form-urlencoded"}, timeout=5)
    root = ElementTree.fromstring(answer.text)
    assert [child.tag for child in root] == ["Error", "RequestId"]
    assert root.find("RequestId").text == answer.headers["x-amzn-RequestId"]
    assert root.find("Error/Code").text == "MissingAuthenticationToken"


def test_a_server_refusal_and_an_authentication_refusal_too(fresh):
    sts = boto3.Session(aws_access_key_id="AKIA" + "Z" * 16, aws_secret_access_key="x" * 40,
                        region_name="us-west-2").client("sts")
    metadata = error_of(sts.get_caller_identity)["ResponseMetadata"]
    assert metadata["RequestId"] == metadata["HTTPHeaders"]["x-amzn-requestid"]
    answer = requests.post("https://sts.us-west-2.amazonaws.com/", data=b"{}", timeout=5,
                           headers={"Content-Type": "application/json"})
    assert answer.status_code == 400
    assert ElementTree.fromstring(answer.text).find("RequestId").text == answer.headers["x-amzn-RequestId"]


def test_simulate_principal_policy_answers_with_its_request_id(fresh):
    """SimulatePrincipalPolicy is the sandbox's own answer too (moto lacks it)."""
    key_user()
    answer = client("iam").simulate_principal_policy(
        PolicySourceArn="arn:aws:iam::111122223333:user/haiku-user", ActionNames=["iam:ListUsers"])
    metadata = answer["ResponseMetadata"]
    assert metadata["RequestId"] == metadata["HTTPHeaders"]["x-amzn-requestid"]
