"""Exercises of notebook 01: API keys in context."""
from __future__ import annotations

from . import exercise


@exercise("01-header", hint="AWS's page api-keys-use shows the header; x-api-key is the Anthropic "
          "API's own header, accepted by Bedrock only on its Anthropic Messages routes.")
def _(answer):
    text = str(answer).strip().lower()
    if "x-api-key" in text:
        return "x-api-key is not the header for Bedrock's native APIs (Converse, InvokeModel)."
    if not text.startswith("authorization"):
        return "name the header itself, e.g. 'Some-Header: <scheme> <key>'."
    if "bearer" not in text:
        return "right header; now say which scheme comes before the key."
    return None


_SERVICES = {"bedrock", "bedrock-runtime", "iam", "sts", "s3"}


@exercise("01-reach", hint="A key authenticates to Bedrock only: its control plane and its runtime. "
          "Everything else, IAM and STS included, needs IAM credentials signed with SigV4.")
def _(answer):
    chosen = {str(s).lower() for s in answer}
    if chosen - _SERVICES:
        return f"choose among {sorted(_SERVICES)}; {sorted(chosen - _SERVICES)} is not one of them."
    if chosen & {"iam", "sts", "s3"}:
        return f"{sorted(chosen & {'iam', 'sts', 's3'})} refuse a Bedrock API key."
    if chosen != {"bedrock", "bedrock-runtime"}:
        return "one of Bedrock's two endpoints is missing."
    return None
