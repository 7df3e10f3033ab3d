"""The entry point for a described key call (`helpers.sandbox.key_calls`) and the workbook's predictor
over it answer what the sandbox answers the same call made with boto3 and a long-term key."""
import json
from datetime import datetime, timezone

import pytest

from helpers.policy.examples import ALLOW_ALL, HAIKU_ONLY_POLICY
from helpers.sandbox import key_calls
from helpers.workbook.decide import key_call_verdict

from .conftest import HAIKU, HAIKU_PROFILE, MESSAGES, SEED_DAY, bearer_client, client, long_term_key

ACCOUNT = "111122223333"
BEARER_ONLY = {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": "bedrock:CallWithBearerToken", "Resource": "*"}]}
ON_SEED_DAY = datetime(SEED_DAY.year, SEED_DAY.month, SEED_DAY.day, 12, tzinfo=timezone.utc)


def _sandbox_answer(operation: str, model: str) -> str:
    runtime = client("bedrock-runtime")  # the key is in AWS_BEARER_TOKEN_BEDROCK (bearer_client)
    call = {"Converse": lambda: runtime.converse(modelId=model, messages=MESSAGES),
            "CountTokens": lambda: runtime.count_tokens(modelId=model, input={"converse": {"messages": MESSAGES}})}
    try:
        call[operation]()
    except runtime.exceptions.ClientError as error:
        return f"{error.response['Error']['Code']}: {error.response['Error']['Message']}"
    return "allowed"


def _predicted(policy, operation: str, model: str) -> str:
    verdict = key_call_verdict(policy, operation, model, "us-west-2", "LONG_TERM", ACCOUNT, user="predicted",
                               now=ON_SEED_DAY)
    if verdict.refusal:
        return verdict.refusal.split(" ", 1)[1]  # "400 ValidationException: ..." -> as boto3 reports it
    if verdict.deciding:
        return f"AccessDeniedException: {verdict.message()}"
    return "allowed"


@pytest.mark.parametrize("policy, operation, model", [
    (HAIKU_ONLY_POLICY, "Converse", HAIKU_PROFILE),
    (HAIKU_ONLY_POLICY, "Converse", HAIKU),                  # the bare model id: refused on the model ARN
    (BEARER_ONLY, "Converse", HAIKU_PROFILE),                # refused on the profile ARN
    (ALLOW_ALL, "Converse", "no.such-model"),                # not IAM's: an invalid model id
    (ALLOW_ALL, "CountTokens", HAIKU_PROFILE),               # CountTokens takes no profile: refused before IAM
    (BEARER_ONLY, "CountTokens", HAIKU_PROFILE),             # ... whatever the policy says
    (BEARER_ONLY, "CountTokens", HAIKU),                     # refused on the model ARN as bedrock:CountTokens
])
def test_the_prediction_is_the_sandbox_answer(fresh, policy, operation, model):
    iam = client("iam")
    iam.create_user(UserName="predicted")
    iam.put_user_policy(UserName="predicted", PolicyName="p", PolicyDocument=json.dumps(policy))
    bearer_client("bedrock-runtime", long_term_key("predicted")["ServiceCredentialSecret"])
    answer = _sandbox_answer(operation, model)
    assert _predicted(policy, operation, model) == answer


def test_a_key_call_lists_every_request_iam_decides_in_order():
    call = key_calls.key_call("ConverseStream", HAIKU_PROFILE, "us-west-2", ACCOUNT, "SHORT_TERM", ON_SEED_DAY,
                              destination="us-east-1")
    profile = f"arn:aws:bedrock:us-west-2:{ACCOUNT}:inference-profile/{HAIKU_PROFILE}"
    assert [(n.action, n.resource, dict(n.context)) for n in call.needs] == [
        ("bedrock:CallWithBearerToken", "*", {"bedrock:BearerTokenType": "SHORT_TERM"}),
        ("bedrock:InvokeModelWithResponseStream", profile, {}),
        ("bedrock:InvokeModelWithResponseStream", f"arn:aws:bedrock:us-east-1::foundation-model/{HAIKU}",
         {"bedrock:InferenceProfileArn": profile}),
    ]
    assert call.refusal is None
    assert call.context["aws:PrincipalArn"] == f"arn:aws:iam::{ACCOUNT}:user/key-user"
    assert call.context["aws:RequestedRegion"] == "us-west-2"


def test_a_described_call_with_an_unknown_operation_or_key_type_is_refused_in_words():
    with pytest.raises(ValueError, match="operation must be one of"):
        key_calls.key_call("Chat", HAIKU, "us-west-2", ACCOUNT, "SHORT_TERM", ON_SEED_DAY)
    with pytest.raises(ValueError, match="key_type must be one of"):
        key_calls.key_call("Converse", HAIKU, "us-west-2", ACCOUNT, "MEDIUM_TERM", ON_SEED_DAY)


def test_one_operations_list_read_by_the_server_the_predictor_and_the_explorer():
    """runtime.OPERATIONS is botocore's own name -> path for every /model/ operation the sandbox serves."""
    import botocore.session

    from helpers.sandbox.bedrock import runtime
    from helpers.workbook import explorer

    model = botocore.session.get_session().get_service_model("bedrock-runtime")
    served = {name: model.operation_model(name).http["requestUri"].rsplit("/", 1)[1] for name in runtime.OPERATIONS}
    assert runtime.OPERATIONS == served
    assert set(runtime.ANSWERS) == set(runtime.ACTIONS) == set(runtime.OPERATIONS.values())
    assert set(explorer.CHOICES) <= set(runtime.OPERATIONS)
