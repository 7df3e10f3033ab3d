"""Checkers of notebooks 00 and 01: the right answer passes, and each wrong answer is refused with a reason."""
import pytest

from helpers.workbook.checks import passes, problem
from helpers.workbook.checks.nb00 import WHERE
from helpers.workbook.checks.nb01 import CREDENTIAL_FOR


@pytest.mark.parametrize("header", ["Authorization: Bearer <key>", "authorization: bearer <key>",
                                    "Authorization:Bearer bedrock-api-key-abc"])
def test_the_bearer_header_passes(header):
    assert passes("01-header", header)


@pytest.mark.parametrize("header, reason", [
    ("Authorization: AWS4 not-bearer", "not the scheme"),
    ("Authorization: AWS4-HMAC-SHA256 Credential=x", "not the scheme"),
    ("Authorization: Basic <key>", "not the scheme"),
    ("Authorization: Bearer", "put <key> after it"),
    ("Authorization: Bearer <key> <key>", "nothing follows the key"),
    ("x-api-key: <key>", "x-api-key"),
    ("X-Authorization-Bearer: <key>", "not the header"),
    ("Bearer <key>", "colon"),
    (["Authorization: Bearer <key>"], "one string"),
])
def test_wrong_headers_are_refused_with_a_reason(header, reason):
    assert reason in problem("01-header", header)


def test_the_endpoints_a_key_reaches_pass_in_any_collection():
    assert passes("01-reach", {"bedrock", "bedrock-runtime", "bedrock-mantle"})
    assert passes("01-reach", ["Bedrock", "bedrock-runtime", "bedrock-mantle"])


@pytest.mark.parametrize("answer, reason", [
    ("bedrock", "not one string"),
    ("bedrock bedrock-runtime bedrock-mantle", "not one string"),
    ({"bedrock", "bedrock-runtime"}, "1 of the endpoints"),
    ({"bedrock-runtime"}, "2 of the endpoints"),
    ({"bedrock", "bedrock-runtime", "bedrock-mantle", "iam"}, "refuse"),
    ({"bedrock", "bedrock-runtime", "bedrock-mantle", "bedrock-agent-runtime"}, "refuse"),
    ({"bedrock", "lambda"}, "choose among"),
    (42, "could not read"),
])
def test_wrong_reach_is_refused_with_a_reason(answer, reason):
    assert reason in problem("01-reach", answer)


def test_which_credential_passes_only_the_right_mapping():
    assert passes("01-which-credential", dict(CREDENTIAL_FOR))
    everything_a_key = {case: "short-term key" for case in CREDENTIAL_FOR}
    assert "look again" in problem("01-which-credential", everything_a_key)
    assert "one of" in problem("01-which-credential", {**CREDENTIAL_FOR, "lambda-boto3": "api key"})
    assert "no answer yet" in problem("01-which-credential", {**CREDENTIAL_FOR, "ci-lists-iam-users": ...})
    assert "not one of the cases" in problem("01-which-credential", {**CREDENTIAL_FOR, "extra": "sigv4"})
    assert "give a dict" in problem("01-which-credential", "sigv4")


def test_sandbox_or_aws_passes_only_the_right_mapping():
    assert passes("00-sandbox-or-aws", dict(WHERE))
    assert "look again" in problem("00-sandbox-or-aws", {case: "both" for case in WHERE})
    assert "'sandbox', 'aws' or 'both'" in problem("00-sandbox-or-aws", {**WHERE, "costs-money": "yes"})
    assert "not one of the statements" in problem("00-sandbox-or-aws", {**WHERE, "fast": "sandbox"})
    assert "no answer yet" in problem("00-sandbox-or-aws", {})
