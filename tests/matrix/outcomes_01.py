"""Notebook 01 for one row: SigV4 scoped to the row's Region as `bedrock`, the key as a bearer header,
the Region on AWS's list, x-api-key and IAM/STS refused, the no-bearer user refused, its clean-up."""


def said(text: str) -> str:
    """The cell's text with its wrapping undone, to find a phrase whatever the line breaks."""
    return " ".join(text.split())


def check(run):
    region, prefix = run.parameters["region"], run.parameters["prefix"]
    assert f"/{region}/bedrock/aws4_request" in run.text("sigv4")
    assert "Bearer bedrock-api-key-" in run.text("bearer")
    assert f"{region} is on AWS's list of Regions for API keys: True" in run.text("key-regions")
    assert "refused: 403" in run.text("x-api-key")
    assert "Authorization header is missing" in run.text("x-api-key")     # the public reports' answer
    assert "answered by the sandbox (its best guess: open)" in said(run.text("x-api-key"))   # text: open
    others = run.text("other-services")
    assert "iam.amazonaws.com" in others and f"sts.{region}.amazonaws.com" in others
    assert others.count("refused:") == 2, others
    assert said(others).count("IncompleteSignature") == 2 and said(others).count("(its best guess: open)") == 2
    refused = run.text("no-bearer")
    assert "refused: 403" in refused and f"user/{prefix}-no-bearer" in refused
    assert "bedrock:CallWithBearerToken" in refused
    assert "answered by the sandbox (as AWS documents:" in said(refused)   # "in the wording IAM documents"
    assert f"Removed: user {prefix}-no-bearer" in run.text("clean-up")
