"""outcome(): one line as the caller received it, and who answered: never "AWS" for the sandbox."""
import os

import boto3
import requests

from helpers.workbook import outcome as module
from helpers.workbook.outcome import Answer, outcome, show_outcome

HELLO = [{"role": "user", "content": [{"text": "hi"}]}]
MODEL = "us.anthropic.claude-haiku-4-5-20251001-v1:0"


def keyed_runtime():
    iam = boto3.client("iam")
    iam.create_user(UserName="t-caller")
    secret = iam.create_service_specific_credential(UserName="t-caller", ServiceName="bedrock.amazonaws.com")[
        "ServiceSpecificCredential"]["ServiceCredentialSecret"]
    os.environ["AWS_BEARER_TOKEN_BEDROCK"] = secret
    return boto3.client("bedrock-runtime"), secret


def test_a_documented_refusal_is_the_sandbox_answering_as_aws_documents(course, capsys):
    runtime, _ = keyed_runtime()
    answer = show_outcome(lambda: runtime.converse(modelId=MODEL, messages=HELLO))
    assert answer.startswith("refused: 403 AccessDeniedException: User: arn:aws:iam::111122223333:user/t-caller")
    assert answer.refused and not answer.allowed and answer.code == "AccessDeniedException"
    assert answer.answered_by == "the sandbox (as AWS documents: IAM access-denied messages)"
    printed = capsys.readouterr().out
    assert printed.startswith("refused: 403 AccessDeniedException\n    User: arn:aws:iam::111122223333:user/t-caller")
    assert "answered by the sandbox (as AWS documents: IAM access-denied messages)," in printed
    assert "https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html" in printed
    assert "AWS:" not in printed and max(map(len, printed.splitlines())) <= module.WIDTH


def test_an_undocumented_refusal_is_the_sandbox_best_guess(course, capsys):
    _, secret = keyed_runtime()
    url = "https://bedrock-runtime.us-west-2.amazonaws.com/model/m/converse"
    answer = show_outcome(lambda: requests.post(url, json={}, headers={"Authorization": "Bearer " + secret[:-4] + "AAAA"}))
    assert answer.startswith("refused: 403 ") and answer.source is None
    assert answer.answered_by == "the sandbox (its best guess: open)"
    assert capsys.readouterr().out.endswith("    answered by the sandbox (its best guess: open)\n")


def test_an_allowed_call_is_one_line_and_the_str_keeps_working_in_tables(course, capsys):
    iam = boto3.client("iam")
    answer = show_outcome(lambda: iam.list_users())
    assert answer == "allowed: 200" and answer.allowed and capsys.readouterr().out == "allowed: 200\n"
    assert isinstance(answer, str) and answer[:7] == "allowed"


def test_outside_the_sandbox_the_answer_is_aws():
    answer = Answer("refused: 403 AccessDeniedException: User: x is not authorized to perform: a on resource: r "
                    "because no identity-based policy allows the a action", status=403, code="AccessDeniedException",
                    message="User: x is not authorized to perform: a on resource: r because no identity-based "
                            "policy allows the a action", environ={})
    assert answer.answered_by == "AWS" and answer.source is None
    assert answer.explained().endswith("    answered by AWS")
