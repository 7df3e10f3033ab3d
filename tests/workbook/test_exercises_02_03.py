"""The exercise checkers of notebooks 02 and 03: a real answer passes, a wrong or hand-built one does not."""
import base64
from datetime import timedelta

import boto3

from helpers.workbook.checks import passes, problem


def make_key(course, days):
    iam = boto3.client("iam", region_name="us-west-2")
    user = course.name(f"exercise-{days}")
    iam.create_user(UserName=user)
    return iam.create_service_specific_credential(
        UserName=user, ServiceName="bedrock.amazonaws.com", CredentialAgeDays=days)["ServiceSpecificCredential"]


def test_seven_days_passes_a_real_response(course):
    assert passes("02-seven-days", make_key(course, 7))


def test_seven_days_refuses_a_hand_built_or_edited_answer(course):
    real = make_key(course, 7)
    forged_id = {**real, "ServiceSpecificCredentialId": "ACCA" + "X" * 17}
    assert "IAM holds no such key" in problem("02-seven-days", forged_id)
    nobody = {**real, "UserName": "nobody-at-all"}
    assert "IAM has no user" in problem("02-seven-days", nobody)
    eight = make_key(course, 8)
    edited = {**eight, "ExpirationDate": eight["CreateDate"] + timedelta(days=7)}
    assert "lasts 8 days" in problem("02-seven-days", edited)
    assert "never expires" in problem("02-seven-days", {k: v for k, v in real.items() if k != "ExpirationDate"})
    assert "no key text" in problem("02-seven-days", {k: v for k, v in real.items() if k != "ServiceCredentialSecret"})
    assert not passes("02-seven-days", "ABSK")


def test_rotate_exercise():
    assert passes("02-rotate", ["create", "move", "deactivate", "delete"])
    assert "'move'" in problem("02-rotate", ["move", "create", "deactivate", "delete"])
    assert "'delete'" in problem("02-rotate", ["create", "move", "delete", "deactivate"])
    assert "exactly once" in problem("02-rotate", ["create", "move", "delete"])
    assert "exactly once" in problem("02-rotate", ["create", "create", "move", "delete"])
    assert "list of the four" in problem("02-rotate", "create, move, deactivate, delete")


# --- the key inspector (notebook 03) --------------------------------------------------------
def test_the_inspector_shows_the_given_key_first_and_never_syncs_it():
    from aws_bedrock_token_generator import provide_token
    from botocore.credentials import CredentialProvider, Credentials

    from helpers.workbook.inspector import SAVED_TEXT, key_inspector

    class Static(CredentialProvider):
        def load(self):
            return Credentials("AKIA" + "Q" * 16, "secret")

    key = provide_token(region="ap-northeast-1", aws_credentials_provider=Static())
    widget = key_inspector(key)
    assert widget.pick.value == "the key made above"
    assert "ap-northeast-1" in widget.answer.value and "short-term" in widget.answer.value
    synced = str([child.get_state() for child in widget.children])
    assert key not in synced and key[-12:] not in synced       # only labels and the masked answer
    assert repr(widget) == SAVED_TEXT
    assert widget._repr_mimebundle_()["text/plain"] == SAVED_TEXT   # what a saved notebook shows


def test_the_inspector_examples_cover_each_kind_and_are_synthetic():
    from helpers.workbook.inspector import examples, key_inspector
    from helpers.workbook.keys import inspect_key

    found = {label: inspect_key(text) for label, text in examples().items()}
    kinds = [(info.kind, bool(info.problems)) for info in found.values()]
    assert ("short-term", False) in kinds and ("long-term", False) in kinds
    assert ("short-term", True) in kinds and ("not a key", True) in kinds
    decoded = [base64.b64decode(text[16:] if text.startswith("bedrock-api-key-") else text[4:] + "==").decode()
               for text in examples().values() if text.startswith(("bedrock-api-key-", "ABSK"))]
    assert len(decoded) == 4 and all("EXAMPLE" in text for text in decoded)
    widget = key_inspector()
    widget.pick.value = "example: long-term"
    assert "example-user" in widget.answer.value
    widget.field.value = examples()["example: broken (no signature)"]
    assert widget.pick.value == "the key pasted below" and "no signature" in widget.answer.value


def test_read_the_key_exercise():
    right = {"region": "ap-southeast-2", "hours": 2, "temporary": True}
    assert passes("03-read-the-key", right)
    assert "Region" in problem("03-read-the-key", {**right, "region": "us-east-1"})
    assert "X-Amz-Expires" in problem("03-read-the-key", {**right, "hours": 7200})
    assert "session token" in problem("03-read-the-key", {**right, "temporary": False})
    assert "give a dict" in problem("03-read-the-key", {"region": "ap-southeast-2"})
