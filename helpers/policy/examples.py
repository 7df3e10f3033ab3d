"""Policies shared by tests, the benchmark and the notebooks, so there is one copy of each."""

ALLOW_ALL = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
"""Everything allowed: AWS's AdministratorAccess and FullAWSAccess SCP have this one statement."""

HAIKU_ONLY_POLICY = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "AllowBearerTokenUse",
            "Effect": "Allow",
            "Action": "bedrock:CallWithBearerToken",
            "Resource": "*",
        },
        {
            "Sid": "AllowHaikuViaUSProfile",
            "Effect": "Allow",
            "Action": "bedrock:InvokeModel*",
            "Resource": "arn:aws:bedrock:us-west-2:111122223333:inference-profile/us.anthropic.claude-3-haiku-20240307-v1:0",
        },
        {
            "Sid": "AllowHaikuModelThroughProfileOnly",
            "Effect": "Allow",
            "Action": "bedrock:InvokeModel*",
            "Resource": [
                "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0",
                "arn:aws:bedrock:us-west-2::foundation-model/anthropic.claude-3-haiku-20240307-v1:0",
            ],
            "Condition": {
                "StringLike": {
                    "bedrock:InferenceProfileArn": "arn:aws:bedrock:us-west-2:111122223333:inference-profile/us.anthropic.claude-3-haiku-20240307-v1:0"
                }
            },
        },
    ],
}
