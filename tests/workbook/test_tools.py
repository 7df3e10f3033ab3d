"""The workbook's pure tools: masking, key decoding, the inspector's view, exercise checkers."""
import base64
from datetime import datetime, timedelta, timezone

import pytest
from aws_bedrock_token_generator import BedrockTokenGenerator
from botocore.credentials import Credentials

from helpers.workbook import check, mask, show
from helpers.workbook.checks import EXERCISES, passes
from helpers.workbook.inspector import PLACEHOLDER, key_inspector, render
from helpers.workbook.keys import anatomy, inspect_key
from tests.test_no_secrets import key_shapes_in

SESSION_TOKEN = "FQoGZXIvYXdzE" + "x" * 300


def short_term(region="us-west-2", token=None):
    return BedrockTokenGenerator().get_token(Credentials("ASIA" + "Q" * 16 if token else "AKIA" + "Q" * 16,
                                                         "secret", token), region)


def long_term(alias="bob-at-111122223333", secret="s" * 64):
    return "ABSK" + base64.b64encode(f"{alias}:{secret}".encode()).decode()


def test_mask_keeps_the_type_and_the_last_four_characters():
    key = short_term()
    assert mask(key) == "bedrock-api-key-…" + key[-4:]
    assert mask(long_term()).startswith("ABSK…")
    assert mask("AKIA" + "Q" * 16) == "AKIA…QQQQ"
    assert mask("short") == "…" and mask(None) == "None"
    assert not key_shapes_in(mask(key))


def test_show_masks_secrets_and_drops_metadata(capsys):
    show({"ServiceSpecificCredential": {"ServiceCredentialSecret": long_term(),
                                        "CreateDate": datetime(2026, 12, 1, 12, 0, 7, tzinfo=timezone.utc)},
          "ResponseMetadata": {"RequestId": "x"}})
    printed = capsys.readouterr().out
    assert "ABSK…" in printed and "2026-12-01 12:00 UTC" in printed and "RequestId" not in printed
    assert not key_shapes_in(printed)


def test_a_short_term_key_is_decoded_without_the_network():
    info = inspect_key(short_term("eu-central-1", SESSION_TOKEN))
    assert (info.kind, info.region, info.valid_for) == ("short-term", "eu-central-1", timedelta(hours=12))
    assert "STS session" in info.principal and not info.problems
    assert info.expires - info.made == timedelta(hours=12)


def test_anatomy_masks_the_signature_the_token_and_the_key_id():
    parts = dict(anatomy(short_term(token=SESSION_TOKEN)))
    assert parts["host and path"] == "bedrock.amazonaws.com/"
    assert parts["Action"] == "CallWithBearerToken" and parts["Version"] == "1"
    assert "masked" in parts["X-Amz-Signature"] and "masked" in parts["X-Amz-Security-Token"]
    assert parts["X-Amz-Credential"].startswith("ASIA…")
    assert SESSION_TOKEN not in str(parts) and not key_shapes_in(str(parts))


def test_a_long_term_key_names_its_user_and_account():
    info = inspect_key(" Bearer " + long_term() + "\n")
    assert (info.kind, info.principal) == ("long-term", "IAM user bob in account 111122223333")
    assert dict(anatomy(long_term()))["alias"] == "bob-at-111122223333"


@pytest.mark.parametrize("text, problem", [
    ("hello", "starts with"), ("bedrock-api-key-!!!", "not base64"),
    ("ABSK" + base64.b64encode(b"no-colon").decode(), "not '<user>-at-<account>:<secret>'")])
def test_what_is_not_a_key_says_why(text, problem):
    assert problem in inspect_key(text).problems[0]


def test_the_inspector_renders_escaped_html_and_updates_on_paste():
    assert render("  ") == PLACEHOLDER
    assert "IAM user &lt;b&gt;" in render(long_term(alias="<b>-at-1"))  # decoded text is escaped
    widget = key_inspector()
    widget.field.value = long_term()
    assert "IAM user bob" in widget.answer.value


def test_check_reports_right_wrong_and_unanswered(capsys):
    check("01-header", "Authorization: Bearer <key>")
    check("01-header", "x-api-key: <key>")
    check("01-header", ...)
    out = capsys.readouterr().out
    assert "✅" in out and "❌" in out and "Hint:" in out and "Not answered yet" in out


def test_a_checker_that_cannot_read_an_answer_says_so(capsys):
    check("01-reach", 42)
    assert not passes("01-reach", 42) and not passes("01-reach", ...)
    assert "could not read your answer" in capsys.readouterr().out


@pytest.mark.parametrize("answer, right", [
    ({"bedrock", "bedrock-runtime", "bedrock-mantle"}, True), ({"bedrock-runtime"}, False), ({"bedrock", "iam"}, False)])
def test_reach_exercise(answer, right):
    assert passes("01-reach", answer) is right


def test_long_term_exercise():
    made = datetime(2026, 12, 1, 12, tzinfo=timezone.utc)
    good = {"ServiceSpecificCredentialId": "ACCA", "ServiceName": "bedrock.amazonaws.com",
            "CreateDate": made, "ExpirationDate": made + timedelta(days=7), "ServiceCredentialSecret": long_term()}
    assert passes("02-seven-days", good)
    assert not passes("02-seven-days", {**good, "ExpirationDate": made + timedelta(days=8)})
    assert not passes("02-seven-days", {k: v for k, v in good.items() if k != "ExpirationDate"})


def test_short_term_exercise():
    from aws_bedrock_token_generator import provide_token
    from botocore.credentials import CredentialProvider

    class Static(CredentialProvider):
        def load(self):
            return Credentials("AKIA" + "Q" * 16, "secret")

    key = provide_token(region="us-east-1", aws_credentials_provider=Static(), expiry=timedelta(hours=1))
    assert passes("03-one-hour-east", key)
    assert not passes("03-one-hour-east", short_term("us-east-1"))  # 12 hours
    assert not passes("03-one-hour-east", long_term())


@pytest.mark.parametrize("answer, right", [
    ({"target": "sandbox", "region": "us-east-1", "prefix": "alice"}, True),
    ({"target": "sandbox", "region": "us-east-1", "prefix": "alice", "api_key": "x"}, False),
    ({"target": "aws", "region": "us-east-1", "prefix": "alice"}, False), ("alice", False)])
def test_parameters_exercise(answer, right):
    assert passes("00-parameters", answer) is right


def test_every_exercise_has_a_hint():
    assert all(e.hint for e in EXERCISES.values())


def test_the_wire_shows_the_scheme_and_masks_the_secrets():
    from helpers.workbook.wire import masked_authorization

    key = short_term()
    assert masked_authorization(f"Bearer {key}") == f"Bearer bedrock-api-key-…{key[-4:]}"
    sigv4 = ("AWS4-HMAC-SHA256 Credential=AKIA" + "Q" * 16 + "/20261201/us-west-2/bedrock/aws4_request, "
             "SignedHeaders=host;x-amz-date, Signature=" + "ab" * 32)
    shown = masked_authorization(sigv4.encode())
    assert shown.startswith("AWS4-HMAC-SHA256 Credential=AKIA…QQQQ/20261201/us-west-2/bedrock/")
    assert "ab" * 32 not in shown and not key_shapes_in(shown)
    assert masked_authorization(None) == "(no Authorization header)"
