"""Many clients call while another rotates, deactivates and deletes keys: every answer fits the moment.

Each call records when it started and ended; each change records when it was made. A call's answer
must match a state that held at some point during the call, and at the end nothing is lost: every
call was answered and IAM lists exactly the credentials the changes leave.
"""
import json
import threading
import time

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
