"""Answers are normalised so that two accounts, two runs or two prefixes give the same text."""
import requests

from helpers.sandbox.conformance.answer import Answer, from_http, mask


def test_masks_what_varies_between_accounts_and_runs():
    text = ("User: arn:aws:iam::637423213562:user/team7-cf-key-only at 2026-12-01T12:00:03.123Z, "
            "request 3f1c9a2e-1b2c-4d5e-8f90-a1b2c3d4e5f6, key ABSKQmVkcm9ja0FQSUtleS1hYmNk, AKIAIOSFODNN7EXAMPLE, "
            "bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29t, scope 20261201T120003Z")
    assert mask(text, "team7") == (
        "User: arn:aws:iam::<account>:user/<prefix>-cf-key-only at <time>, request <id>, key <long-term key>, "
        "<access key id>, <short-term key>, scope <time>")


def test_the_prefix_is_masked_only_as_a_name_start():
    assert mask("user/wb-x and awb-y", "wb") == "user/<prefix>-x and awb-y"


def _response(status: int, body: bytes, **headers) -> requests.Response:
    response = requests.Response()
    response.status_code, response._content = status, body
    response.headers.update(headers)
    return response


def test_reads_each_endpoints_error_shape():
    bedrock = from_http(_response(403, b'{"Message":"Authorization header is missing"}',
                                  **{"x-amzn-ErrorType": "AccessDeniedException:http://internal"}))
    assert bedrock == Answer(403, "AccessDeniedException", "Authorization header is missing", {"body keys": ["Message"]})
    openai = from_http(_response(400, b'{"error":{"message":"bad model","type":"invalid_request_error","code":null}}'))
    assert openai == Answer(400, "invalid_request_error", "bad model",
                            {"body keys": ["error.code", "error.message", "error.type"]})
    assert from_http(_response(200, b"{}")) == Answer(200)


def test_differences_name_each_part():
    ours, theirs = Answer(403, "A", "m", {"x": 1}), Answer(404, "A", "n", {"x": 2})
    assert ours.differences(theirs) == ["status: 403 here, 404 there", "message: 'm' here, 'n' there",
                                        "fields.x: 1 here, 2 there"]
    assert ours.differences(ours) == []


def test_reads_iam_and_sts_xml_errors():
    body = (b'<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type>'
            b'<Code>IncompleteSignature</Code><Message>Authorization=Bearer</Message></Error>'
            b'<RequestId>3f1c9a2e-1b2c-4d5e-8f90-a1b2c3d4e5f6</RequestId></ErrorResponse>')
    assert from_http(_response(400, body)) == Answer(400, "IncompleteSignature", "Authorization=Bearer", {"body keys": [
        "ErrorResponse.Error.Code", "ErrorResponse.Error.Message", "ErrorResponse.Error.Type", "ErrorResponse.RequestId"]})
    assert from_http(_response(502, b"<html>Bad gateway")) == Answer(502, None, "<html>Bad gateway", {})
