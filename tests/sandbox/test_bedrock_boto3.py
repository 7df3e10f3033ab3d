"""boto3 clients, unchanged, talking to `handle` in-process (a botocore before-send hook stands in
for the network): proves request encoding of model ids and ARNs and response parsing end to end."""
from urllib.parse import urlsplit

import boto3
import pytest
from botocore.awsrequest import AWSResponse
from botocore.exceptions import ClientError

from helpers.sandbox.bedrock import handle
from helpers.sandbox.call import Call
from helpers.sandbox.errors import AwsError
from helpers.sandbox.routing import Router

from .test_bedrock_runtime import ACCOUNT, HAIKU_PROFILE, MESSAGES, PROFILE_ARN, RecordingAuthorizer


class _Body:
    def __init__(self, chunks):
        self._chunks = iter(chunks)

    def stream(self, **_):
        yield from self._chunks

    def read(self, *_):
        return b"".join(self._chunks)


def client(service, region="us-west-2", authz=None):
    authz = authz or RecordingAuthorizer()
    c = boto3.client(service, region_name=region, aws_access_key_id="AKIDEXAMPLE", aws_secret_access_key="x")

    def send(request, **_):
        url = urlsplit(request.url)
        body = request.body or b""
        body = body.encode() if isinstance(body, str) else (body if isinstance(body, bytes) else body.read())
        call = Call(method=request.method, host=url.hostname, service=service, region=region,
                    path=url.path, query=url.query, headers=dict(request.headers), body=body)
        try:
            status, headers, chunks = handle(call, authz, Router())
        except AwsError as err:
            status, headers, payload = err.response()
            chunks = [payload]
        return AWSResponse(request.url, status, dict(headers), _Body(list(chunks)))

    c.meta.events.register("before-send", send)
    c.authz = authz
    return c


def test_boto3_converse_and_stream_with_a_profile_arn():
    runtime = client("bedrock-runtime")
    reply = runtime.converse(modelId=PROFILE_ARN, messages=MESSAGES)
    assert reply["output"]["message"]["content"][0]["text"].startswith("[sandbox] Claude 3 Haiku")
    assert runtime.authz.calls[0][1] == PROFILE_ARN
    events = list(runtime.converse_stream(modelId=HAIKU_PROFILE, messages=MESSAGES)["stream"])
    assert next(iter(events[-1])) == "metadata"


def test_boto3_sees_aws_errors():
    runtime = client("bedrock-runtime")
    with pytest.raises(ClientError) as caught:
        runtime.converse(modelId="anthropic.claude-haiku-4-5-20251001-v1:0", messages=MESSAGES)
    assert caught.value.response["Error"]["Code"] == "ValidationException"
    assert "on-demand throughput isn\u2019t supported" in caught.value.response["Error"]["Message"]


def test_boto3_control_plane():
    bedrock = client("bedrock")
    models = bedrock.list_foundation_models(byProvider="Anthropic")["modelSummaries"]
    assert {m["providerName"] for m in models} == {"Anthropic"}
    profile = bedrock.get_inference_profile(inferenceProfileIdentifier=HAIKU_PROFILE)
    assert profile["inferenceProfileArn"] == f"arn:aws:bedrock:us-west-2:{ACCOUNT}:inference-profile/{HAIKU_PROFILE}"
    pages = bedrock.get_paginator("list_inference_profiles").paginate(PaginationConfig={"PageSize": 3})
    assert HAIKU_PROFILE in [p["inferenceProfileId"] for page in pages for p in page["inferenceProfileSummaries"]]
