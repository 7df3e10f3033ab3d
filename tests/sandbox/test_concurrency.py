"""Many clients call while another rotates, deactivates and deletes keys: every answer fits the moment;
and many clients on every API shape and host at once each get the answer they get alone.

Each call records when it started and ended; each change records when it was made. A call's answer
must match a state that held at some point during the call, and at the end nothing is lost: every
call was answered and IAM lists exactly the credentials the changes leave.
"""
import json
import threading
import time

import anthropic
import openai
from aws_bedrock_token_generator import provide_token
from botocore.exceptions import ClientError

from helpers.policy.examples import HAIKU_ONLY_POLICY

from .conftest import bearer_client, client

PROFILE = "us.anthropic.claude-3-haiku-20240307-v1:0"
MESSAGES = [{"role": "user", "content": [{"text": "hi"}]}]
CALLERS, CALLS_EACH = 6, 25


def test_calls_during_rotation_see_a_consistent_state(fresh):
    iam = client("iam")
    iam.create_user(UserName="rotating")
    iam.put_user_policy(UserName="rotating", PolicyName="HaikuOnly", PolicyDocument=json.dumps(HAIKU_ONLY_POLICY))

    def create():
        made = iam.create_service_specific_credential(UserName="rotating", ServiceName="bedrock.amazonaws.com")
        return made["ServiceSpecificCredential"]

    first, second = create(), create()
    keys = {"first": first["ServiceCredentialSecret"], "second": second["ServiceCredentialSecret"]}
    ids = {"first": first["ServiceSpecificCredentialId"], "second": second["ServiceSpecificCredentialId"]}
    # (time the change began, time it returned, which keys work after it): a state may be seen from
    # the moment its change began until the next change returned.
    history = [(0.0, 0.0, {"first": True, "second": True})]

    def change(action, state):
        began = time.perf_counter()
        result = action()
        history.append((began, time.perf_counter(), state))
        return result

    def mutator():
        old_first = keys["first"]
        change(lambda: iam.update_service_specific_credential(
            UserName="rotating", ServiceSpecificCredentialId=ids["first"], Status="Inactive"),
            {"first": False, "second": True})
        time.sleep(0.02)
        change(lambda: iam.update_service_specific_credential(
            UserName="rotating", ServiceSpecificCredentialId=ids["first"], Status="Active"),
            {"first": True, "second": True})
        time.sleep(0.02)
        reset = change(lambda: iam.reset_service_specific_credential(
            UserName="rotating", ServiceSpecificCredentialId=ids["first"]),
            {"first": False, "second": True})  # callers hold the old first secret, which stops at once
        assert reset["ServiceSpecificCredential"]["ServiceCredentialSecret"] != old_first
        time.sleep(0.02)
        change(lambda: iam.delete_service_specific_credential(
            UserName="rotating", ServiceSpecificCredentialId=ids["second"]),
            {"first": False, "second": False})

    results, errors = [], []

    def caller(name, runtime):
        for _ in range(CALLS_EACH):
            began = time.perf_counter()
            try:
                runtime.converse(modelId=PROFILE, messages=MESSAGES)
                ok = True
            except ClientError as error:
                if error.response["ResponseMetadata"]["HTTPStatusCode"] != 403:
                    errors.append(error)
                ok = False
            except Exception as error:  # anything else is lost work
                errors.append(error)
                continue
            results.append((name, began, time.perf_counter(), ok))

    names = ["first" if i % 2 else "second" for i in range(CALLERS)]
    runtimes = [bearer_client("bedrock-runtime", keys[name]) for name in names]  # made before threads start
    threads = [threading.Thread(target=caller, args=args) for args in zip(names, runtimes)]
    threads.append(threading.Thread(target=mutator))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert not errors, errors[:3]
    assert len(results) == CALLERS * CALLS_EACH
    for name, began, ended, ok in results:
        possible = {state[name] for i, (since, _, state) in enumerate(history)
                    if since <= ended and (i + 1 == len(history) or history[i + 1][1] >= began)}
        assert ok in possible, (name, ok, possible)

    left = iam.list_service_specific_credentials(UserName="rotating")["ServiceSpecificCredentials"]
    assert [c["ServiceSpecificCredentialId"] for c in left] == [ids["first"]]


def test_a_mix_of_api_shapes_and_hosts_at_once_answers_each_as_alone(today):
    """Native, Chat Completions, Responses, Messages (runtime and mantle) from many threads: every call
    answers, and each answer equals the one the same call gets alone (replies are deterministic)."""
    west, east = provide_token(region="us-west-2"), provide_token(region="us-east-2")
    runtime = "https://bedrock-runtime.us-west-2.amazonaws.com"
    hi = [{"role": "user", "content": "hi"}]
    haiku = "us.anthropic.claude-haiku-4-5-20251001-v1:0"
    calls = {
        "converse": lambda: bearer_client("bedrock-runtime", west).converse(
            modelId=haiku, messages=MESSAGES)["output"]["message"]["content"][0]["text"],
        "chat": lambda: openai.OpenAI(api_key=west, base_url=f"{runtime}/openai/v1", max_retries=0).chat.completions.create(
            model="openai.gpt-oss-20b-1:0", messages=hi).choices[0].message.content,
        "responses": lambda: openai.OpenAI(api_key=west, base_url="https://bedrock-mantle.us-west-2.api.aws/openai/v1",
                                           max_retries=0).responses.create(model="openai.gpt-5.4", input="hi").output_text,
        "messages": lambda: anthropic.Anthropic(api_key=west, base_url=f"{runtime}/anthropic", max_retries=0).messages.create(
            model=haiku, max_tokens=50, messages=hi).content[0].text,
        "mantle-messages": lambda: anthropic.AnthropicBedrockMantle(api_key=east, aws_region="us-east-2", max_retries=0)
        .messages.create(model="anthropic.claude-haiku-4-5", max_tokens=50, messages=hi).content[0].text,
        "mantle-responses": lambda: openai.OpenAI(api_key=west, base_url="https://bedrock-mantle.us-west-2.api.aws/v1",
                                                  max_retries=0).responses.create(model="openai.gpt-oss-120b", input="hi").output_text,
    }
    alone = {name: call() for name, call in calls.items()}
    results, errors = [], []

    def worker(names):
        for name in names * 4:
            try:
                results.append((name, calls[name]()))
            except Exception as error:  # every call must answer
                errors.append((name, error))

    names = list(calls)
    threads = [threading.Thread(target=worker, args=(names[i:] + names[:i],)) for i in range(CALLERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors[:3]
    assert len(results) == CALLERS * len(names) * 4
    assert all(text == alone[name] for name, text in results)
