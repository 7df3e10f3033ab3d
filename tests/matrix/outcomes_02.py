"""Notebook 02 (long-term keys): what its text says happens, for any row of parameters."""


def check(run):
    prefix = run.parameters["prefix"]
    assert f"{prefix}-key-user ['AmazonBedrockLimitedAccess']" in run.text("user")
    key = run.text("key")
    assert '"ServiceName": "bedrock.amazonaws.com"' in key and "ABSK…" in key
    assert f'"ServiceCredentialAlias": "{prefix}-key-user-at-' in key
    assert "2026-12-01 12:00 UTC" in key and "2026-12-31 12:00 UTC" in key   # 30 days on the course clock
    assert "would answer here" in run.text("converse")
    assert "LimitExceeded" in run.text("third-key")                            # two keys per user, not three
    rotate = " ".join(run.text("rotate").split())   # papermill may store a line printed in two parts as two
    assert "first key: refused: 403" in rotate and "second key: allowed: 200" in rotate   # deactivated at once
    expiry = " ".join(run.text("expiry").split())
    assert "second key: refused: 403" in expiry and "Bearer Token has expired" in expiry
    assert expiry.count("Expired") == 2
