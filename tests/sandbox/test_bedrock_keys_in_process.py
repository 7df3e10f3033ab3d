"""The bearer and x-api-key authentication in front of Bedrock (`auth/`), answered in-process.

Keys come from the real clients (aws-bedrock-token-generator for short-term keys, boto3's IAM client
for long-term ones); each request carries exactly the headers a client sends and is answered by the
sandbox's app in-process (`in_process.py`), fast enough for the mutation tests (MUTATION.md). Each
refusal is checked as the wire carries it: status, x-amzn-ErrorType, the `Message` body.
"""
import base64
import json
from datetime import timedelta
from urllib.parse import quote

import pytest
from aws_bedrock_token_generator import provide_token
from botocore.auth import SigV4QueryAuth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from .conftest import Static
from .in_process import deliver, session
from .test_iam_resources_in_process import ACCOUNT, admin, allow, statement, user

REGION = "us-west-2"
HAIKU_PROFILE = "us.anthropic.claude-3-haiku-20240307-v1:0"
CONVERSE = f"https://bedrock-runtime.{REGION}.amazonaws.com/model/{quote(HAIKU_PROFILE, safe='')}/converse"
MESSAGES = f"https://bedrock-runtime.{REGION}.amazonaws.com/anthropic/v1/messages"
BODY = json.dumps({"messages": [{"role": "user", "content": [{"text": "Say hello"}]}]}).encode()
ANTHROPIC_BODY = json.dumps({"model": "us.anthropic.claude-haiku-4-5-20251001-v1:0", "max_tokens": 20,
                             "messages": [{"role": "user", "content": "Say hello"}]}).encode()
DENIED = "AccessDeniedException:http://internal.amazon.com/coral/com.amazon.coral.service/"
INCOMPLETE = "IncompleteSignatureException:http://internal.amazon.com/coral/com.amazon.coral.service/"
MISSING = "Authorization header is missing"
INVALID = "Authentication failed: Please make sure your API Key is valid."
EXPIRED = "Bearer Token has expired"
FORMAT = "Invalid API Key format: Must start with pre-defined prefix"
BEDROCK_USER = allow(statement(["bedrock:*"]))


def post(box, headers, url=CONVERSE, body=BODY):
    return deliver(box.app, "POST", url, {"Content-Type": "application/json", **headers}, body)


def bearer(box, key, **kwargs):
    return post(box, {"Authorization": f"Bearer {key}"}, **kwargs)


def served(answer):
    assert answer.status_code == 200, answer.text
    return True


def refused(answer, message, status=403, error_type=DENIED):
    assert (answer.status_code, answer.headers["x-amzn-ErrorType"]) == (status, error_type), answer.text
    assert json.loads(answer.content) == {"Message": message}
    return True


def long_term(box, name="keys", **kwargs):
    """A long-term key of user `name` (made with a Bedrock-only policy on first use)."""
    iam = admin(box)
    if name not in [u["UserName"] for u in iam.list_users()["Users"]]:
        user(box, name, BEDROCK_USER)
    return iam.create_service_specific_credential(UserName=name, ServiceName="bedrock.amazonaws.com",
                                                  **kwargs)["ServiceSpecificCredential"]


def absk(text):
    return "ABSK" + base64.b64encode(text.encode()).decode()


# -- which header carries the key (auth/__init__.py) --------------------------------------------------

def test_no_usable_authorization_header_is_missing(fresh):
    for headers in ({}, {"Authorization": ""}, {"Authorization": "   "}, {"x-api-key": provide_token()}):
        assert refused(post(fresh, headers), MISSING), headers


def test_x_api_key_is_the_key_on_the_anthropic_routes_only(fresh):
    key = provide_token()
    assert served(post(fresh, {"x-api-key": f" {key} "}, url=MESSAGES, body=ANTHROPIC_BODY))
    assert refused(post(fresh, {}, url=MESSAGES, body=ANTHROPIC_BODY), MISSING)
    assert refused(post(fresh, {"x-api-key": "ABSKnope"}, url=MESSAGES, body=ANTHROPIC_BODY), INVALID)
    assert refused(post(fresh, {"x-api-key": key}), MISSING)


def test_authorization_wins_over_x_api_key(fresh):
    key = provide_token()
    assert refused(post(fresh, {"Authorization": "Bearer ABSKnope", "x-api-key": key}, url=MESSAGES,
                        body=ANTHROPIC_BODY), INVALID)
    assert served(post(fresh, {"Authorization": f"Bearer {key}", "x-api-key": "ABSKnope"}, url=MESSAGES,
                       body=ANTHROPIC_BODY))


def test_the_scheme_decides_how_the_credential_is_read(fresh):
    key = provide_token()
    for value in (f"Bearer {key}", f"bearer {key}", f"BEARER  {key} ", f"  Bearer {key}"):
        assert served(post(fresh, {"Authorization": value})), value
    for value in ("Bearer", "Bearer ", "Bearer sk-ant-123", f"Bearer x{key}", f"Bearer ABSK"[:-1]):
        assert refused(post(fresh, {"Authorization": value}), FORMAT), value
    message = ("Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' "
               "parameter. Authorization header requires 'SignedHeaders' parameter. Authorization header requires "
               "existence of either a 'X-Amz-Date' or a 'Date' header.")
    for value in (f"Basic {key}", key, "aws4-hmac-sha256 Credential=x", "Token x"):
        assert refused(post(fresh, {"Authorization": value}), message, 400, INCOMPLETE), value


def test_sigv4_is_read_by_its_own_scheme(fresh):
    runtime = session(fresh).client("bedrock-runtime")
    assert runtime.converse(modelId=HAIKU_PROFILE, messages=[{"role": "user", "content": [{"text": "hi"}]}])["output"]


# -- long-term keys (auth/long_term.py) ----------------------------------------------------------------

def test_a_long_term_key_is_its_user_and_both_keys_of_a_user_work(fresh):
    first, second = long_term(fresh), long_term(fresh)
    assert first["ServiceCredentialAlias"] == second["ServiceCredentialAlias"] == f"keys-at-{ACCOUNT}"
    assert served(bearer(fresh, first["ServiceCredentialSecret"]))
    assert served(bearer(fresh, second["ServiceCredentialSecret"]))


def test_a_policy_tells_a_long_term_key_from_a_short_term_one(fresh):
    """bedrock:bearerTokenType is LONG_TERM for an ABSK key, SHORT_TERM for a generated one."""
    short_only = allow(statement("bedrock:InvokeModel*"), statement("bedrock:CallWithBearerToken", "*", {
        "StringEquals": {"bedrock:bearerTokenType": "SHORT_TERM"}}))
    credentials = user(fresh, "keys", short_only)
    assert served(bearer(fresh, presigned(credentials.access_key, credentials.secret_key)))
    denied = bearer(fresh, long_term(fresh)["ServiceCredentialSecret"])
    assert denied.status_code == 403
    assert json.loads(denied.content)["message"] == (
        f"User: arn:aws:iam::{ACCOUNT}:user/keys is not authorized to perform: bedrock:CallWithBearerToken "
        "on resource: * because no identity-based policy allows the bedrock:CallWithBearerToken action")


def test_a_short_term_key_needs_call_with_bearer_token_for_its_type(fresh):
    long_only = allow(statement("bedrock:InvokeModel*"), statement("bedrock:CallWithBearerToken", "*", {
        "StringEquals": {"bedrock:bearerTokenType": "LONG_TERM"}}))
    credentials = user(fresh, "keys", long_only)
    assert served(bearer(fresh, long_term(fresh)["ServiceCredentialSecret"]))
    denied = bearer(fresh, presigned(credentials.access_key, credentials.secret_key))
    assert denied.status_code == 403
    assert json.loads(denied.content)["message"] == (
        f"User: arn:aws:iam::{ACCOUNT}:user/keys is not authorized to perform: bedrock:CallWithBearerToken "
        "on resource: * because no identity-based policy allows the bedrock:CallWithBearerToken action")


def test_forged_and_malformed_long_term_keys_are_invalid(fresh):
    key = long_term(fresh)["ServiceCredentialSecret"]
    alias, _, secret = base64.b64decode(key[4:]).decode().partition(":")
    other = secret[:-1] + ("x" if secret[-1] != "x" else "y")
    for bad in [absk(f"{alias}:{other}"), absk(f"{alias}:{secret}x"), absk(f"{alias}:"), absk(f":{secret}"),
                absk(f"{alias}{secret}"), absk(f"nobody-at-{ACCOUNT}:{secret}"), absk(f"workbook-admin-at-{ACCOUNT}:{secret}"),
                key[:-4], "ABSK", "ABSK!!!!", "ABSK" + key[4:].rstrip("=") + "x",
                "ABSK" + base64.b64encode(b"\xff\xfe:x").decode(), "ABSK" + key[4:] + "\u00e9"]:
        assert refused(bearer(fresh, bad), INVALID), bad
    assert served(bearer(fresh, key))


def test_an_inactive_long_term_key_is_invalid_and_an_expired_one_expired(fresh):
    credential = long_term(fresh, CredentialAgeDays=1)
    key, credential_id = credential["ServiceCredentialSecret"], credential["ServiceSpecificCredentialId"]
    admin(fresh).update_service_specific_credential(UserName="keys", ServiceSpecificCredentialId=credential_id,
                                                    Status="Inactive")
    assert refused(bearer(fresh, key), INVALID)
    admin(fresh).update_service_specific_credential(UserName="keys", ServiceSpecificCredentialId=credential_id,
                                                    Status="Active")
    assert served(bearer(fresh, key))
    fresh.clock.advance(days=1, hours=1)
    assert refused(bearer(fresh, key), EXPIRED)


# -- short-term keys (auth/short_term.py, auth/_common.py) --------------------------------------------

def presigned(key_id, secret, *, region=REGION, expires=43200, version="&Version=1", token=None):
    """What the generator does (botocore's query signer), with one of its fixed inputs changed."""
    host = "bedrock.amazonaws.com"
    request = AWSRequest(method="POST", url=f"https://{host}/", headers={"host": host}, params={"Action": "CallWithBearerToken"})
    SigV4QueryAuth(Credentials(key_id, secret, token), "bedrock", region, expires=expires).add_auth(request)
    return "bedrock-api-key-" + base64.b64encode((request.url.replace("https://", "") + version).encode()).decode()


def test_short_term_keys_at_the_limits_of_their_validity_are_served(fresh):
    key_id, secret = fresh.world.admin_credentials
    for expires in (900, 43200):
        assert served(bearer(fresh, presigned(key_id, secret, expires=expires))), expires
    one_second = presigned(key_id, secret, expires=1)
    fresh.clock.advance(minutes=-1)  # used a minute "before" it was signed (within the skew allowed): inside its second
    assert served(bearer(fresh, one_second))
    for expires in (0, 43201, 1000000):
        assert refused(bearer(fresh, presigned(key_id, secret, expires=expires)), INVALID), expires


def test_a_short_term_key_is_refused_in_another_region_and_with_wrong_credentials(fresh):
    key_id, secret = fresh.world.admin_credentials
    west = presigned(key_id, secret)
    assert refused(bearer(fresh, west, url=CONVERSE.replace(REGION, "us-east-1")), INVALID)
    assert served(bearer(fresh, presigned(key_id, secret, region="us-east-1"), url=CONVERSE.replace(REGION, "us-east-1")))
    for bad in (presigned("AKIAIOSFODNN7EXAMPLE", secret), presigned(key_id, "wrong" + secret[5:]),
                presigned(key_id, secret, token="not-a-session"), presigned(key_id, secret, version="&Version=2")):
        assert refused(bearer(fresh, bad), INVALID)


def test_a_sessions_key_needs_its_own_token_and_ends_with_the_session(fresh):
    admin(fresh).create_role(RoleName="r", MaxSessionDuration=43200, AssumeRolePolicyDocument=json.dumps(allow(
        {"Effect": "Allow", "Principal": {"AWS": ACCOUNT}, "Action": "sts:AssumeRole"})))
    admin(fresh).attach_role_policy(RoleName="r", PolicyArn="arn:aws:iam::aws:policy/AmazonBedrockFullAccess")
    sts = admin(fresh, "sts")
    one = sts.assume_role(RoleArn=f"arn:aws:iam::{ACCOUNT}:role/r", RoleSessionName="one", DurationSeconds=900)["Credentials"]
    two = sts.assume_role(RoleArn=f"arn:aws:iam::{ACCOUNT}:role/r", RoleSessionName="two")["Credentials"]
    key = provide_token(aws_credentials_provider=Static(one["AccessKeyId"], one["SecretAccessKey"], one["SessionToken"]))
    assert served(bearer(fresh, key))
    for wrong in (Static(one["AccessKeyId"], one["SecretAccessKey"], two["SessionToken"]),
                  Static(one["AccessKeyId"], one["SecretAccessKey"])):
        assert refused(bearer(fresh, provide_token(aws_credentials_provider=wrong)), INVALID)
    fresh.clock.advance(minutes=16)
    assert refused(bearer(fresh, key), EXPIRED)


def test_an_inactive_access_key_stops_its_short_term_keys(fresh):
    credentials = user(fresh, "keys", BEDROCK_USER)
    key = presigned(credentials.access_key, credentials.secret_key)
    assert served(bearer(fresh, key))
    admin(fresh).update_access_key(UserName="keys", AccessKeyId=credentials.access_key, Status="Inactive")
    assert refused(bearer(fresh, key), INVALID)


def test_the_clock_expires_a_key_at_its_end_and_refuses_one_not_yet_valid(fresh):
    hour = provide_token(expiry=timedelta(hours=1))
    assert served(bearer(fresh, hour))
    fresh.clock.advance(minutes=59)  # a minute's margin each way: the clock runs on under the test
    assert served(bearer(fresh, hour))
    fresh.clock.advance(minutes=2)
    assert refused(bearer(fresh, hour), EXPIRED)
    fresh.clock.advance(minutes=-61 - 14)  # signed 14 minutes in this clock's future: within the skew allowed
    assert served(bearer(fresh, hour))
    fresh.clock.advance(minutes=-2)  # 16 minutes: not valid yet
    assert refused(bearer(fresh, hour), INVALID)


def test_tampering_with_a_short_term_key_is_invalid(fresh):
    key = provide_token()
    url = base64.b64decode(key[len("bedrock-api-key-"):]).decode()
    signature = url.split("X-Amz-Signature=")[1][:64]
    changes = [("Action=CallWithBearerToken", "Action=InvokeModel"), ("X-Amz-Expires=43200", "X-Amz-Expires=3600"),
               ("bedrock.amazonaws.com/", "bedrock.amazonaws.co/"), ("&Version=1", "&Version=2"),
               ("X-Amz-SignedHeaders=host", "X-Amz-SignedHeaders=host%3Bx-amz-date"), ("%2Fbedrock%2F", "%2Fbedrock-runtime%2F"),
               ("&X-Amz-SignedHeaders=host", ""), ("X-Amz-Date=", "X-Amz-Dated="), ("X-Amz-Date=2", "X-Amz-Date=1"),
               ("aws4_request", "aws5_request"), ("AWS4-HMAC-SHA256", "AWS4-HMAC-SHA512"),
               ("X-Amz-Expires=43200", "X-Amz-Expires=043200"), ("X-Amz-Expires=43200", "X-Amz-Expires=4320000"),
               ("X-Amz-Expires=43200", "X-Amz-Expires=12h"),
               (signature, signature[:-1] + ("0" if signature[-1] != "0" else "1")),
               ("&X-Amz-Signature=", "&X-Amz-Signature=&X-Amz-Signature=")]
    for old, new in changes:
        assert old in url, old
        changed = "bedrock-api-key-" + base64.b64encode(url.replace(old, new, 1).encode()).decode()
        assert refused(bearer(fresh, changed), INVALID), new
    for raw in (b"\xff\xfe", url.encode() + b"&Other=1", b"bedrock.amazonaws.com/?" + b"&Version=1"):
        assert refused(bearer(fresh, "bedrock-api-key-" + base64.b64encode(raw).decode()), INVALID), raw
    assert refused(bearer(fresh, key.rstrip("=") + "!"), INVALID)
    assert served(bearer(fresh, key))


# -- the SigV4 refusals' words (auth/errors.py) ----------------------------------------------------------

def sigv4_refusal(box, region=REGION, endpoint_url=None, **credentials):
    """(status, error type, message) of a Converse signed with `credentials` (botocore's signer), as
    the wire carries it: the authentication layer's body key is `Message`."""
    from botocore.auth import SigV4Auth
    if not credentials:
        key_id, secret = box.world.admin_credentials
        credentials = {"aws_access_key_id": key_id, "aws_secret_access_key": secret}
    url = CONVERSE.replace(REGION, region) if endpoint_url is None else endpoint_url + CONVERSE.split(".com", 1)[1]
    request = AWSRequest("POST", url, data=BODY, headers={"Content-Type": "application/json"})
    SigV4Auth(Credentials(credentials["aws_access_key_id"], credentials["aws_secret_access_key"],
                          credentials.get("aws_session_token")), "bedrock", region).add_auth(request)
    answer = deliver(box.app, "POST", url, dict(request.headers), BODY)
    body = json.loads(answer.content)
    assert list(body) == ["Message"], body
    return answer.status_code, answer.headers["x-amzn-ErrorType"].split(":")[0], body["Message"]


def test_sigv4_refusals_are_worded_as_aws_words_them(fresh):
    key_id, secret = fresh.world.admin_credentials
    assert sigv4_refusal(fresh, aws_access_key_id="AKIAIOSFODNN7EXAMPLE", aws_secret_access_key=secret) == (
        403, "UnrecognizedClientException", "The security token included in the request is invalid.")
    assert sigv4_refusal(fresh, aws_access_key_id=key_id, aws_secret_access_key="wrong" + secret[5:]) == (
        403, "InvalidSignatureException",
        "The request signature we calculated does not match the signature you provided. Check your AWS "
        "Secret Access Key and signing method. Consult the service documentation for details.")
    assert sigv4_refusal(fresh, "us-east-1", f"https://bedrock-runtime.{REGION}.amazonaws.com") == (
        403, "InvalidSignatureException", "Credential should be scoped to a valid region, not 'us-east-1'. ")
    admin(fresh).create_role(RoleName="r", AssumeRolePolicyDocument=json.dumps(allow(
        {"Effect": "Allow", "Principal": {"AWS": ACCOUNT}, "Action": "sts:AssumeRole"})))
    found = admin(fresh, "sts").assume_role(RoleArn=f"arn:aws:iam::{ACCOUNT}:role/r", RoleSessionName="s1",
                                            DurationSeconds=900)["Credentials"]
    fresh.clock.advance(minutes=16)
    assert sigv4_refusal(fresh, aws_access_key_id=found["AccessKeyId"], aws_secret_access_key=found["SecretAccessKey"],
                         aws_session_token=found["SessionToken"]) == (
        403, "ExpiredTokenException", "The security token included in the request is expired")
