"""Key policies a notebook writes: the seed's "one model only" pattern, for any inference profile.

    model_only_policy(profile_arn, model_id, regions)

Three statements, as in the seed's Haiku-only policy (reference §5): use a key at all
(`bedrock:CallWithBearerToken`); invoke the inference profile; invoke the foundation model in each
destination Region, but only through that profile (`bedrock:InferenceProfileArn`), so the bare
model id stays refused. A cross-Region profile call is authorized on the profile ARN and on the
foundation-model ARN in the Region it is routed to, so `regions` must hold every destination.
"""
from __future__ import annotations


def model_only_policy(profile_arn: str, model_id: str, regions, actions=("bedrock:InvokeModel*",)) -> dict:
    """An identity policy allowing key use and `actions` on one model, through one inference profile.

    profile_arn: `arn:aws:bedrock:<region>:<account>:inference-profile/<profile id>`.
    model_id: the foundation model the profile routes to (`anthropic.claude-haiku-4-5-20251001-v1:0`).
    regions: the destination Regions to allow the foundation model in.
    actions: `bedrock:InvokeModel*` (the seed's) covers InvokeModel and the streaming action.
    """
    actions = list(actions)
    return {
        "Version": "2012-10-17",
        "Statement": [
            {"Sid": "UseApiKeys", "Effect": "Allow", "Action": "bedrock:CallWithBearerToken", "Resource": "*"},
            {"Sid": "InvokeTheProfile", "Effect": "Allow", "Action": actions, "Resource": profile_arn},
            {"Sid": "InvokeTheModelThroughTheProfile", "Effect": "Allow", "Action": actions,
             "Resource": [f"arn:aws:bedrock:{r}::foundation-model/{model_id}" for r in regions],
             "Condition": {"StringLike": {"bedrock:InferenceProfileArn": profile_arn}}},
        ],
    }
