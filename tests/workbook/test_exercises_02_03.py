"""The exercise checkers of notebooks 02 and 03: a real answer passes, a wrong or hand-built one does not."""
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
