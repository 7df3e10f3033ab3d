"""Notebook 03 (short-term keys): what its text says happens, for any row of parameters."""
from helpers.workbook.inspector import SAVED_TEXT


def check(run):
    region, prefix = run.parameters["region"], run.parameters["prefix"]
    assert f"role/{prefix}-app-role" in run.text("role")
    assert f"assumed-role/{prefix}-app-role/app" in run.text("session")
    decoded = run.text("decode")
    assert f"/{region}/bedrock/aws4_request" in decoded and "43200" in decoded   # its Region, 12 hours
    assert "would answer here" in run.text("converse")
    ended = run.text("session-ends")
    assert "refused: 403" in ended and "Bearer Token has expired" in ended     # ends with its session
    assert "answered by the sandbox" in ended
    assert run.text("fresh-key").startswith("200")
    other = run.text("other-region")
    assert "sent to" in other and other.split()[2] != region and "refused: 403" in other   # not in another Region
    assert SAVED_TEXT in run.text("inspector")
