"""Decisions per second for the Haiku-only policy: precompiled Policy vs raw dict parsed per call.

Run: python bench/policy_bench.py
"""

from __future__ import annotations

import time

from helpers.policy import Policy, evaluate
from helpers.policy.examples import HAIKU_ONLY_POLICY

PROFILE = "arn:aws:bedrock:us-west-2:111122223333:inference-profile/us.anthropic.claude-3-haiku-20240307-v1:0"
MODEL = "arn:aws:bedrock:{region}::foundation-model/anthropic.claude-3-haiku-20240307-v1:0"

# A mix of what the sandbox asks: bearer check, profile, routed model, and refusals.
REQUESTS = [
    ("bedrock:CallWithBearerToken", "*", {"bedrock:bearerTokenType": "SHORT_TERM"}),  # allowed
    ("bedrock:InvokeModel", PROFILE, {}),  # allowed
    ("bedrock:InvokeModel", MODEL.format(region="us-east-1"), {"bedrock:InferenceProfileArn": PROFILE}),  # allowed
    ("bedrock:InvokeModelWithResponseStream", MODEL.format(region="us-west-2"), {"bedrock:InferenceProfileArn": PROFILE}),  # allowed
    ("bedrock:InvokeModel", MODEL.format(region="us-west-2"), {}),  # denied: direct model call
    ("bedrock:InvokeModel", MODEL.format(region="us-east-2"), {"bedrock:InferenceProfileArn": PROFILE}),  # denied: region
    ("bedrock:Converse", PROFILE, {}),  # denied: action
    ("bedrock:ListFoundationModels", "*", {}),  # denied
]


def rate(policy: object, seconds: float = 1.5) -> float:
    """Decisions per second over at least `seconds` of evaluate() calls."""
    rounds, started = 0, time.perf_counter()
    while (elapsed := time.perf_counter() - started) < seconds:
        for _ in range(200):
            for action, resource, context in REQUESTS:
                evaluate(action, resource, context, identity_policies=[policy])
        rounds += 200
    return rounds * len(REQUESTS) / elapsed


def main() -> None:
    allowed = sum(evaluate(a, r, c, identity_policies=[HAIKU_ONLY_POLICY]).allowed for a, r, c in REQUESTS)
    print(f"Haiku-only policy, {len(REQUESTS)} requests in the mix ({allowed} allowed, {len(REQUESTS) - allowed} denied)")
    print(f"  precompiled Policy: {rate(Policy(HAIKU_ONLY_POLICY, name='HaikuOnly')):>10,.0f} decisions/s")
    print(f"  raw dict per call:  {rate(HAIKU_ONLY_POLICY):>10,.0f} decisions/s")


if __name__ == "__main__":
    main()
