"""Notebook 01 for one row: SigV4 scoped to the row's Region as `bedrock`, the key as a bearer header,
the Region on AWS's list, x-api-key and IAM/STS refused, the no-bearer user refused, its clean-up."""


def check(run):
    region, prefix = run.parameters["region"], run.parameters["prefix"]
    assert f"/{region}/bedrock/aws4_request" in run.text("sigv4")
    assert "Bearer bedrock-api-key-" in run.text("bearer")
    assert f"{region} is on AWS's list of Regions for API keys: True" in run.text("key-regions")
    assert "refused: 403" in run.text("x-api-key")
    others = run.text("other-services")
    assert "iam.amazonaws.com" in others and f"sts.{region}.amazonaws.com" in others
    assert others.count("refused:") == 2, others
    refused = run.text("no-bearer")
    assert "refused: 403" in refused and f"user/{prefix}-no-bearer" in refused
    assert "bedrock:CallWithBearerToken" in refused
    assert f"Removed: user {prefix}-no-bearer" in run.text("clean-up")
