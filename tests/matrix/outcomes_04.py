"""Notebook 04 (calling models): what its text says happens, for any row of parameters."""


def check(run):
    region, prefix = run.parameters["region"], run.parameters["prefix"]
    foundation = run.choice.foundation_model
    assert f"{prefix}-caller holds the key ABSK…" in run.text("user")
    assert run.text("requests").startswith("200 ")
    assert '"stopReason": "end_turn"' in run.text("curl")
    tried = run.text("x-api-key")
    assert "native Converse    403 Authorization header is missing" in tried and "Anthropic Messages 200" in tried
    # CountTokens: refused by IAM first, then by bedrock-runtime for Haiku 4.5; counted on bedrock-mantle.
    denied = " ".join(run.text("count-denied").split())   # the message is wrapped to fit the page
    assert f"bedrock:CountTokens on resource: arn:aws:bedrock:{region}::foundation-model/{foundation}" in denied
    refused = run.text("count-runtime")
    assert "refused: 400 ValidationException" in refused and "doesn't support counting tokens" in refused
    assert "answered by the sandbox (its best guess: open)" in refused
    assert "input tokens on bedrock-mantle" in run.text("count-mantle")
    assert "NoAuthTokenError" in run.text("trap-1")
    trap = run.text("trap-2")
    assert f"/{region}/bedrock/aws4_request" in trap and "user/workbook-admin" in trap   # silently SigV4
    assert "variable unset, sent: Bearer ABSK…" in run.text("pinned")
    assert "same reply: True" in run.text("sigv4")
