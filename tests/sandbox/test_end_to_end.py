"""The sandbox as a learner meets it: real clients, real keys, the seed's Haiku-only policy.

Every request goes through boto3, aws-bedrock-token-generator, requests or the openai SDK, over
the sandbox's HTTPS proxy, with the AWS host names clients address.
"""
import json
from datetime import timedelta

import openai
import requests
from aws_bedrock_token_generator import provide_token

from helpers.policy.examples import HAIKU_ONLY_POLICY
from helpers.sandbox.organization import FULL_AWS_ACCESS

from .conftest import HAIKU, HAIKU_PROFILE, MESSAGES, bearer_client, client, error_of, key_user, long_term_key


def converse(key, model=HAIKU_PROFILE, region="us-west-2"):
    return bearer_client("bedrock-runtime", key, region).converse(modelId=model, messages=MESSAGES)


def test_short_term_key_from_the_default_chain_converses(fresh):
    reply = converse(provide_token())
    assert reply["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert reply["output"]["message"]["role"] == "assistant"
    assert reply["usage"]["totalTokens"] > 0


def test_the_same_call_signed_with_sigv4_converses(fresh):
    reply = client("bedrock-runtime").converse(modelId=HAIKU_PROFILE, messages=MESSAGES)
    assert reply["output"]["message"]["content"][0]["text"]


def test_a_changed_byte_breaks_a_short_term_key(fresh):
    key = provide_token()
    position = len(key) // 2
    tampered = key[:position] + ("A" if key[position] != "A" else "B") + key[position + 1:]
    response = error_of(lambda: converse(tampered))
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 403


def test_a_key_made_for_us_west_2_fails_in_us_east_1(fresh):
    key = provide_token(region="us-west-2")
    assert converse(key, region="us-west-2")["ResponseMetadata"]["HTTPStatusCode"] == 200
    response = error_of(lambda: converse(key, region="us-east-1"))
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 403


def test_short_term_key_expires_with_the_clock(fresh):
    key = provide_token(expiry=timedelta(hours=1))
    fresh.clock.advance(minutes=59)
    converse(key)
    fresh.clock.advance(minutes=2)
    response = error_of(lambda: converse(key))
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 403
    assert "expired" in json.dumps(response).lower()


def test_haiku_only_policy_allows_the_profile_and_denies_the_rest(fresh):
    key = provide_token(aws_credentials_provider=key_user())
    assert converse(key)["ResponseMetadata"]["HTTPStatusCode"] == 200

    direct = error_of(lambda: converse(key, model=HAIKU))
    assert direct["Error"]["Code"] == "AccessDeniedException"
    assert "foundation-model/anthropic.claude-3-haiku" in direct["Error"]["Message"]
    assert "because no identity-based policy allows the bedrock:InvokeModel action" in direct["Error"]["Message"]

    control = bearer_client("bedrock", key)
    listing = error_of(control.list_foundation_models)
    assert listing["Error"]["Code"] == "AccessDeniedException"


def test_routing_decides_which_foundation_model_arn_is_checked(fresh):
    narrower = json.loads(json.dumps(HAIKU_ONLY_POLICY))
    narrower["Statement"][2]["Resource"] = [r for r in narrower["Statement"][2]["Resource"] if "us-west-2" in r]
    key = provide_token(aws_credentials_provider=key_user(policy=narrower))
    fresh.router.route_to("us-west-2")
    assert converse(key)["ResponseMetadata"]["HTTPStatusCode"] == 200
    fresh.router.route_to("us-east-1")
    denied = error_of(lambda: converse(key))
    assert "arn:aws:bedrock:us-east-1::foundation-model/" in denied["Error"]["Message"]


def test_long_term_key_lifecycle(fresh):
    key_user()
    first = long_term_key(CredentialAgeDays=30)
    assert first["ServiceCredentialSecret"].startswith("ABSK")
    assert "ServiceApiKeyValue" not in first
    assert converse(first["ServiceCredentialSecret"])["ResponseMetadata"]["HTTPStatusCode"] == 200

    iam = client("iam")
    listed = iam.list_service_specific_credentials(UserName="haiku-user")["ServiceSpecificCredentials"]
    assert [c["Status"] for c in listed] == ["Active"] and "ServiceCredentialSecret" not in listed[0]

    iam.update_service_specific_credential(
        UserName="haiku-user", ServiceSpecificCredentialId=first["ServiceSpecificCredentialId"], Status="Inactive")
    assert error_of(lambda: converse(first["ServiceCredentialSecret"]))["ResponseMetadata"]["HTTPStatusCode"] == 403

    iam.update_service_specific_credential(
        UserName="haiku-user", ServiceSpecificCredentialId=first["ServiceSpecificCredentialId"], Status="Active")
    reset = iam.reset_service_specific_credential(
        UserName="haiku-user", ServiceSpecificCredentialId=first["ServiceSpecificCredentialId"])
    new_secret = reset["ServiceSpecificCredential"]["ServiceCredentialSecret"]
    assert error_of(lambda: converse(first["ServiceCredentialSecret"]))["ResponseMetadata"]["HTTPStatusCode"] == 403
    assert converse(new_secret)["ResponseMetadata"]["HTTPStatusCode"] == 200

    fresh.clock.advance(days=31)
    assert error_of(lambda: converse(new_secret))["ResponseMetadata"]["HTTPStatusCode"] == 403


def test_two_long_term_keys_per_user_and_no_more(fresh):
    key_user()
    long_term_key()
    long_term_key()
    assert error_of(long_term_key)["Error"]["Code"] == "LimitExceeded"


def test_an_scp_can_deny_long_term_keys_only(fresh):
    deny_long_term = {"Version": "2012-10-17", "Statement": [{
        "Effect": "Deny", "Action": "bedrock:CallWithBearerToken", "Resource": "*",
        "Condition": {"StringEquals": {"bedrock:bearerTokenType": "LONG_TERM"}}}]}
    fresh.organization.set_scps([[FULL_AWS_ACCESS, deny_long_term]])
    short = provide_token(aws_credentials_provider=key_user())
    assert converse(short)["ResponseMetadata"]["HTTPStatusCode"] == 200
    denied = error_of(lambda: converse(long_term_key()["ServiceCredentialSecret"]))
    assert "with an explicit deny in a service control policy" in denied["Error"]["Message"]


def test_requests_with_a_bearer_header(fresh):
    key = provide_token()
    url = f"https://bedrock-runtime.us-west-2.amazonaws.com/model/{HAIKU_PROFILE}/converse"
    body = {"messages": MESSAGES}
    assert requests.post(url, json=body, headers={"Authorization": f"Bearer {key}"}).status_code == 200
    myth = requests.post(url, json=body, headers={"x-api-key": key})
    assert myth.status_code == 403
    assert "Authorization header is missing" in myth.text


def test_a_bearer_key_is_no_credential_for_iam_or_sts(fresh):
    key = provide_token()
    for url in ("https://iam.amazonaws.com/", "https://sts.us-west-2.amazonaws.com/"):
        answer = requests.post(url, data={"Action": "GetCallerIdentity", "Version": "2011-06-15"},
                               headers={"Authorization": f"Bearer {key}"})
        assert answer.status_code in (400, 403) and "IncompleteSignature" in answer.text


def test_openai_sdk_with_the_key_as_api_key(fresh):
    key = provide_token()
    chat = openai.OpenAI(api_key=key, base_url="https://bedrock-runtime.us-west-2.amazonaws.com/openai/v1")
    listed = client("bedrock").list_foundation_models(byProvider="OpenAI")["modelSummaries"]
    model = listed[0]["modelId"]  # the OpenAI-compatible endpoint serves OpenAI's open-weight models
    reply = chat.chat.completions.create(model=model, messages=[{"role": "user", "content": "Hi"}])
    assert reply.choices[0].message.content


def test_converse_stream_decodes_in_boto3(fresh):
    runtime = bearer_client("bedrock-runtime", provide_token())
    events = list(runtime.converse_stream(modelId=HAIKU_PROFILE, messages=MESSAGES)["stream"])
    kinds = [next(iter(event)) for event in events]
    assert kinds[0] == "messageStart" and kinds[-1] == "metadata" and "contentBlockDelta" in kinds


def test_today_aws_refuses_claude_3_haiku_and_a_current_model_answers(today):
    key = provide_token()
    gone = error_of(lambda: converse(key))
    assert gone["Error"]["Code"] == "ResourceNotFoundException"
    assert "reached the end of its life" in gone["Error"]["Message"]
    assert converse(key, model="us.anthropic.claude-haiku-4-5-20251001-v1:0")["ResponseMetadata"]["HTTPStatusCode"] == 200
