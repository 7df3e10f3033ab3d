"""show.py: JSON as JSON, long messages wrapped, tables that fit a 1280-px page, no secret shown."""
import pytest

from helpers.workbook.show import WIDTH, table, wrap

ARN = "arn:aws:bedrock:us-west-2:111122223333:inference-profile/us.anthropic.claude-haiku-4-5-20251001-v1:0"
STATEMENT = {"Sid": "DenyKeysWithoutTag", "Effect": "Deny", "Action": "bedrock:CallWithBearerToken",
             "Resource": "*", "Condition": {"Null": {"aws:ResourceTag/team": "true"}}}


def test_a_long_message_is_folded_and_arns_stay_whole():
    message = f"User: arn:aws:iam::111122223333:user/wb-key-user is not authorized to perform: " \
              f"bedrock:InvokeModel on resource: {ARN} because no identity-based policy allows the action"
    folded = wrap(message, indent="    ")
    assert all(len(line) <= WIDTH for line in folded.splitlines() if ARN not in line)
    assert f"\n    {ARN}\n" in folded and folded.replace("\n    ", " ").strip() == message


def test_a_table_of_statements_shows_the_condition_as_json_within_the_width():
    shown = table([{"lesson": "Keys without a team tag are refused, whatever the identity policy allows. " * 2,
                    "statement": STATEMENT}])
    text = repr(shown)
    assert '"Null": {' in text and '"aws:ResourceTag/team": "true"' in text  # the lesson is not cut off
    assert max(map(len, text.splitlines())) <= 140
    markup = shown._repr_html_()
    assert "<pre style='margin:0'>{" in markup and "overflow-wrap:anywhere" in markup and "max-width:100%" in markup
    assert markup == table([{"lesson": "Keys without a team tag are refused, whatever the identity policy allows. " * 2,
                             "statement": STATEMENT}])._repr_html_()  # stable: nbval compares it


def test_rows_of_values_take_their_column_names_in_order_and_secrets_stay_masked():
    rows = [("m", "us-west-2", "ABSK" + "x" * 40 + "Q1w=")]
    text = repr(table(rows, columns=["model", "region", "ServiceCredentialSecret"]))
    assert text.splitlines()[0].split() == ["model", "region", "ServiceCredentialSecret"]
    assert text.splitlines()[2].split() == ["m", "us-west-2", "ABSK…Q1w="] and "x" * 10 not in text


def test_columns_pick_and_order_the_keys_of_dict_rows():
    rows = [{"user": "u", "status": "Active", "age (days)": 120}, {"user": "v", "status": "Expired"}]
    text = repr(table(rows, columns=["status", "user"]))
    assert [line.split() for line in text.splitlines()] == [["status", "user"], ["-------", "----"],
                                                            ["Active", "u"], ["Expired", "v"]]
    assert repr(table(rows)).splitlines()[0].split() == ["user", "status", "age", "(days)"]


def test_rows_of_values_without_column_names_are_refused_with_a_sentence():
    with pytest.raises(TypeError, match="need their column names"):
        table([("a", "b")])
