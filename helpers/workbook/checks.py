"""Offline exercise checkers: `check(exercise, answer)` prints ✅, or ❌ with what is wrong and a hint.

Each exercise is a function that returns what is wrong with an answer (None when it is right),
registered with its hint under the name the notebook passes to `check`. The answers are values
(a string, a set, a boto3 response, a key); checking them needs no network. An answer left as
`...` is reported as not answered yet.

Add one for a new notebook:

    @exercise("04-converse", hint="Converse takes modelId=, messages=[...] ...")
    def _(answer):
        if ...: return "what is wrong, in one sentence"
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Callable

from .keys import inspect_key


@dataclass(frozen=True)
class Exercise:
    problem: Callable[[object], str | None]
    hint: str


EXERCISES: dict[str, Exercise] = {}


def exercise(name: str, hint: str):
    def register(problem):
        EXERCISES[name] = Exercise(problem, hint)
        return problem
    return register


def check(name: str, answer) -> None:
    """Print whether `answer` solves exercise `name`: ✅, or ❌ with what is wrong and a hint."""
    if answer is ...:
        print("… Not answered yet: replace the `...` with your answer and run the cell again.")
        return
    wrong = problem(name, answer)
    print("✅ Correct." if wrong is None else f"❌ Not yet: {wrong}\n   Hint: {EXERCISES[name].hint}")


def passes(name: str, answer) -> bool:
    """Whether `answer` solves exercise `name` (for scripts and tests; prints nothing)."""
    return answer is not ... and problem(name, answer) is None


def problem(name: str, answer) -> str | None:
    """What is wrong with `answer` to exercise `name`, or None."""
    try:
        return EXERCISES[name].problem(answer)
    except Exception as error:  # a malformed answer is a wrong answer, not a crash
        return f"the checker could not read your answer ({type(error).__name__}: {error})"


# --- 00 Start here ---------------------------------------------------------------------------
@exercise("00-parameters", hint="Three of the four parameters change: target, region and prefix; "
          "model keeps its default. Nothing else belongs there.")
def _(answer):
    if not isinstance(answer, dict):
        return "give a dict, e.g. {'target': ..., ...}."
    secret = [k for k in answer if any(w in str(k).lower() for w in ("key", "secret", "token", "password"))]
    if secret:
        return f"{secret} looks like a credential: papermill writes parameters into the output notebook."
    unknown = set(answer) - {"target", "region", "model", "prefix"}
    if unknown:
        return f"{sorted(unknown)} is not a parameter of the course's notebooks."
    expected = {"target": "sandbox", "region": "us-east-1", "prefix": "alice"}
    for name, value in expected.items():
        if answer.get(name) != value:
            return f"{name} should be {value!r}, not {answer.get(name)!r}."
    return None


# --- 01 API keys in context ------------------------------------------------------------------
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


# --- 02 Long-term keys -----------------------------------------------------------------------
@exercise("02-seven-days", hint="create_service_specific_credential(UserName=..., "
          "ServiceName='bedrock.amazonaws.com', CredentialAgeDays=7); pass response['ServiceSpecificCredential'].")
def _(answer):
    if not isinstance(answer, dict) or "ServiceSpecificCredentialId" not in answer:
        return "pass the ServiceSpecificCredential part of the response (a dict)."
    if answer.get("ServiceName") != "bedrock.amazonaws.com":
        return f"ServiceName is {answer.get('ServiceName')!r}; a Bedrock key is for bedrock.amazonaws.com."
    if "ExpirationDate" not in answer:
        return "this key never expires: give CredentialAgeDays."
    if answer["ExpirationDate"] - answer["CreateDate"] != timedelta(days=7):
        return f"it lasts {answer['ExpirationDate'] - answer['CreateDate']}, not 7 days."
    if not str(answer.get("ServiceCredentialSecret", "")).startswith("ABSK"):
        return "the response has no key text: was it the listing (which never carries secrets)?"
    return None


# --- 03 Short-term keys ----------------------------------------------------------------------
@exercise("03-one-hour-east", hint="provide_token(region='us-east-1', expiry=timedelta(hours=1)) "
          "(from aws_bedrock_token_generator import provide_token; from datetime import timedelta).")
def _(answer):
    info = inspect_key(str(answer))
    if info.kind != "short-term":
        return f"that is {'a long-term key' if info.kind == 'long-term' else 'not a key'}; make a short-term one."
    if info.problems:
        return info.problems[0]
    if info.region != "us-east-1":
        return f"the key is bound to {info.region}, not us-east-1."
    if info.valid_for != timedelta(hours=1):
        return f"it is valid for {info.valid_for}, not 1 hour."
    return None


# --- 04 Calling models with the key ----------------------------------------------------------
_BOTOCORE_CASES = {
    "a": ("Bearer A", "the documented way: the variable is set before the client is made"),
    "b": ("error", "trap 1: the client found no key when it was made, so the call raises NoAuthTokenError"),
    "c": ("Bearer A", "a client keeps the key it was made with; a later value of the variable does not reach it"),
    "d": ("SigV4", "trap 2: with the variable gone at call time botocore signs with SigV4, silently"),
    "e": ("SigV4", "a signature version set in code (Config) wins over the variable"),
    "f": ("SigV4", "botocore uses the variable only for clients whose signing name is bedrock"),
}
_AUTH_ANSWERS = {"bearer a": "Bearer A", "bearer b": "Bearer B", "sigv4": "SigV4", "error": "error"}


def _unanswered(answer, parts, example: str) -> str | None:
    """What is missing from a dict answer with one entry per part (entries left as `...`), or None."""
    if not isinstance(answer, dict):
        return f"give a dict: {example}."
    missing = [part for part in parts if answer.get(part, ...) is ...]
    return f"no answer yet for {', '.join(missing)}." if missing else None


@exercise("04-predict-botocore", hint="botocore takes the key when the client is made, prefers it only while "
          "AWS_BEARER_TOKEN_BEDROCK is still set at call time, yields to a signature version set in code, "
          "and reads the variable only for Bedrock clients.")
def _(answer):
    unanswered = _unanswered(answer, _BOTOCORE_CASES, '{"a": "Bearer A", "b": ..., ...}')
    if unanswered:
        return unanswered
    for case, (right, why) in _BOTOCORE_CASES.items():
        given = _AUTH_ANSWERS.get(str(answer[case]).strip().lower())
        if given is None:
            return f'case {case}: answer with "Bearer A", "Bearer B", "SigV4" or "error", not {answer[case]!r}.'
        if given != right:
            return f"case {case} is not {given!r}: {why}."
    return None


# --- 05 One key, many APIs -------------------------------------------------------------------
# job -> (API shape it needs, endpoint it must use or None, model name as api_table() names it)
_JOBS = {
    "gpt-5.4": ("responses", None, "GPT-5.4"),
    "gpt-oss-chat": ("chat-completions", "bedrock-runtime", "gpt-oss-120b"),
    "haiku-count": ("count-tokens", None, "Claude Haiku 4.5"),
}


@exercise("05-pick-a-path", hint="Look the model up in api_table(): each row gives an endpoint, an API shape, "
          "the path and the model id that endpoint expects (mantle's ids have no version suffix).")
def _(answer):
    from helpers.sandbox.bedrock import api_table  # the catalog only: nothing starts, nothing is sent

    unanswered = _unanswered(answer, _JOBS, '{"gpt-5.4": (endpoint, path, model id), ...}')
    if unanswered:
        return unanswered
    rows = api_table()
    for job, (shape, endpoint, name) in _JOBS.items():
        try:
            given_endpoint, path, model = (str(part).strip() for part in answer[job])
        except (TypeError, ValueError):
            return f"{job}: give a tuple (endpoint, path, model id)."
        given_endpoint = "bedrock-mantle" if "mantle" in given_endpoint else (
            "bedrock-runtime" if "runtime" in given_endpoint else given_endpoint)
        if endpoint and given_endpoint != endpoint:
            return f"{job}: the job says {endpoint}, not {given_endpoint}."
        fits = [r for r in rows if r["name"] == name and r["shape"] == shape]
        on_endpoint = [r for r in fits if r["endpoint"] == given_endpoint]
        if not on_endpoint:
            return f"{job}: {given_endpoint} does not serve {name} in the {shape} shape."
        if model not in {r["model"] for r in on_endpoint}:
            return f"{job}: {given_endpoint} does not know {name} as {model!r}."
        if path not in {r["path"] for r in on_endpoint}:
            other = {r["shape"] for r in rows if r["endpoint"] == given_endpoint and r["path"] == path}
            if other:
                return f"{job}: {path} is the {', '.join(sorted(other))} path; the job needs {shape}."
            return f"{job}: {name}'s {shape} path on {given_endpoint} is not {path!r}."
    return None


# --- 06 The Haiku-only policy ----------------------------------------------------------------
_H55_PROFILE = "arn:aws:bedrock:us-west-2:111122223333:inference-profile/us.anthropic.claude-haiku-5-5"
_H55_DESTINATIONS = ("us-east-1", "us-east-2", "us-west-2")   # from us-west-2 (reference §5, catalog)
_INVOKE = ("bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream")


def _foundation_model(region: str, model_id: str = "anthropic.claude-haiku-5-5") -> str:
    return f"arn:aws:bedrock:{region}::foundation-model/{model_id}"


@exercise("06-haiku-5-5-policy", hint="Call profile_policy('111122223333', 'us-west-2', "
          "'us.anthropic.claude-haiku-5-5', 'anthropic.claude-haiku-5-5', regions) with the Regions of the "
          "modelArn entries that get_inference_profile returns for that profile from us-west-2.")
def _(answer):
    from helpers.policy import Policy, evaluate

    if not isinstance(answer, (dict, str)):
        return "give the policy document, a dict with 'Version' and 'Statement'."
    policy = Policy(answer)

    def allowed(action, resource, context=None):
        return evaluate(action, resource, context, identity_policies=[policy]).allowed

    through = {"bedrock:InferenceProfileArn": _H55_PROFILE}
    if not allowed("bedrock:CallWithBearerToken", "*", {"bedrock:bearerTokenType": "LONG_TERM"}):
        return "the key cannot be used at all: allow bedrock:CallWithBearerToken on *."
    for action in _INVOKE:
        if not allowed(action, _H55_PROFILE):
            return f"{action} on the profile {_H55_PROFILE} is refused, so every call fails before routing."
        for region in _H55_DESTINATIONS:
            if not allowed(action, _foundation_model(region), through):
                return (f"a call routed to {region} would be refused: {action} on {_foundation_model(region)} "
                        "is not allowed through the profile.")
    if allowed("bedrock:InvokeModel", _foundation_model("us-west-2")):
        return ("the model can be called directly, without the profile: put its statement under a condition "
                "on bedrock:InferenceProfileArn.")
    others = [("bedrock:InvokeModel", "arn:aws:bedrock:us-west-2:111122223333:inference-profile/"
               "us.anthropic.claude-haiku-4-5-20251001-v1:0"),
              ("bedrock:InvokeModel", _foundation_model("us-west-2", "anthropic.claude-haiku-4-5-20251001-v1:0")),
              ("bedrock:CreateInferenceProfile", "*"), ("iam:CreateUser", "*")]
    for action, resource in others:
        if allowed(action, resource, through):
            return f"it also allows {action} on {resource}: allow key use and InvokeModel* on this profile and model only."
    if allowed("bedrock:InvokeModel", _foundation_model("us-west-1"), through):
        return "it allows the model in us-west-1, where this profile never routes from us-west-2: name the destinations only."


# --- 09 Guardrails for an organisation -------------------------------------------------------
_USER_ARN = "arn:aws:iam::111122223333:user/app-user"
_BEDROCK_SERVICE = "bedrock.amazonaws.com"
# (what the request is, in words; action; resource; context; should the SCP refuse it?)
_GUARDRAIL_REQUESTS = [
    ("a long-term key on bedrock-runtime", "bedrock:CallWithBearerToken", "*",
     {"bedrock:BearerTokenType": "LONG_TERM"}, True),
    ("a long-term key on bedrock-mantle", "bedrock-mantle:CallWithBearerToken", "*",
     {"bedrock-mantle:BearerTokenType": "LONG_TERM"}, True),
    ("a short-term key on bedrock-runtime", "bedrock:CallWithBearerToken", "*",
     {"bedrock:BearerTokenType": "SHORT_TERM"}, False),
    ("a short-term key on bedrock-mantle", "bedrock-mantle:CallWithBearerToken", "*",
     {"bedrock-mantle:BearerTokenType": "SHORT_TERM"}, False),
    ("a SigV4 call to Converse (bedrock:InvokeModel)", "bedrock:InvokeModel",
     "arn:aws:bedrock:us-west-2::foundation-model/anthropic.claude-haiku-4-5-20251001-v1:0", {}, False),
    ("creating a Bedrock key that never expires (no CredentialAgeDays)", "iam:CreateServiceSpecificCredential",
     _USER_ARN, {"iam:ServiceSpecificCredentialServiceName": _BEDROCK_SERVICE}, True),
    ("creating a Bedrock key for 91 days", "iam:CreateServiceSpecificCredential", _USER_ARN,
     {"iam:ServiceSpecificCredentialServiceName": _BEDROCK_SERVICE, "iam:ServiceSpecificCredentialAgeDays": 91}, True),
    ("creating a Bedrock key for 90 days", "iam:CreateServiceSpecificCredential", _USER_ARN,
     {"iam:ServiceSpecificCredentialServiceName": _BEDROCK_SERVICE, "iam:ServiceSpecificCredentialAgeDays": 90}, False),
    ("creating a Bedrock key for 7 days", "iam:CreateServiceSpecificCredential", _USER_ARN,
     {"iam:ServiceSpecificCredentialServiceName": _BEDROCK_SERVICE, "iam:ServiceSpecificCredentialAgeDays": 7}, False),
    ("creating a CodeCommit credential (another service)", "iam:CreateServiceSpecificCredential", _USER_ARN,
     {"iam:ServiceSpecificCredentialServiceName": "codecommit.amazonaws.com"}, False),
]


def guardrail_verdicts(policy) -> list[tuple[str, bool, bool]]:
    """(request, refused by `policy`?, should it be?) for the sample requests of exercise 09."""
    from .guardrails import decide
    return [(what, not decide(action, resource, context, policy).allowed, refuse)
            for what, action, resource, context, refuse in _GUARDRAIL_REQUESTS]


@exercise("09-long-term-guardrail", hint="Key use is CallWithBearerToken under two prefixes, each with its own "
          "BearerTokenType condition key. For creation: which numeric operator refuses 91 but not 90, and what "
          "does the request context hold for iam:ServiceSpecificCredentialAgeDays when no age is sent?")
def _(answer):
    if not isinstance(answer, dict) or "Statement" not in answer:
        return "give the SCP as a policy document: a dict with \"Version\" and \"Statement\"."
    for what, refused, refuse in guardrail_verdicts(answer):
        if refused != refuse:
            return f"it {'refuses' if refused else 'lets through'} {what}."


# --- 08 The key lifecycle ----------------------------------------------------------------------
# The click happened at 10:00 UTC; (who, issued at, action) -> whether the answer must deny it.
_REVOKED_AT = "2026-12-01T10:00:00Z"
_SESSIONS = (
    ("a session issued at 09:59:59 using a key", "2026-12-01T09:59:59Z", "bedrock:CallWithBearerToken", True),
    ("a session issued at 09:00 calling S3 with SigV4", "2026-12-01T09:00:00Z", "s3:GetObject", True),
    ("a session issued at 10:00:01 using a key", "2026-12-01T10:00:01Z", "bedrock:CallWithBearerToken", False),
    ("an IAM user's call (no session, so no aws:TokenIssueTime)", None, "bedrock:CallWithBearerToken", False),
)


@exercise("08-revoke-at-ten", hint="A Deny on every action and resource, with the condition "
          '{"DateLessThan": {"aws:TokenIssueTime": "2026-12-01T10:00:00Z"}}: it matches only requests '
          "from sessions issued before that instant.")
def _(answer):
    from helpers.policy import Policy, PolicyError, evaluate

    try:
        policy = Policy(answer, name="your policy")
    except PolicyError as error:
        return f"IAM would refuse this document: {error}"
    if all(s.effect == "Allow" for s in policy.statements):
        return "it only allows: an Allow can never take permissions away, only a Deny can."
    allow_all = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
    for who, issued, action, denied in _SESSIONS:
        context = {"aws:TokenIssueTime": issued} if issued else {}
        decision = evaluate(action, "*", context, identity_policies=[policy, allow_all])
        if denied and decision.decision != "explicitDeny":
            return (f"{who} is not denied ({action}): the console's policy refuses every action of "
                    "every session issued before the click.")
        if not denied and decision.decision == "explicitDeny":
            return (f"{who} is denied too: only sessions issued before {_REVOKED_AT} may be refused; "
                    "new sessions must work, and an IAM user has no session to revoke.")


# --- 07 Denied calls -------------------------------------------------------------------------
def _profile_in(policy) -> tuple[str, str, str] | None:
    """(account, source Region, profile id) of the first inference-profile ARN the policy names."""
    import re

    found = re.search(r"arn:aws:bedrock:([a-z0-9-]+):(\d{12}):inference-profile/([A-Za-z0-9.:-]+)", str(policy))
    return (found[2], found[1], found[3]) if found else None


@exercise("07-allow-streaming", hint="ConverseStream is authorized as bedrock:InvokeModelWithResponseStream, on "
          "the profile ARN and on the model ARN: add that action to both statements (or write bedrock:InvokeModel*), "
          "and keep their Resource and Condition as they are.")
def _(answer):
    from helpers.sandbox.bedrock.catalog import CATALOG
    from .decide import decide

    if not isinstance(answer, dict) or "Statement" not in answer:
        return "give the fixed policy as a dict with a 'Statement' list, e.g. a copy of no_stream."
    found = _profile_in(answer)
    if found is None or CATALOG.profile(found[2]) is None:
        return "the policy names no inference-profile ARN of a known profile: keep the profile statement."
    account, region, profile_id = found
    profile = CATALOG.profile(profile_id)
    for key_type in ("SHORT_TERM", "LONG_TERM"):
        for destination in profile.destinations(region):
            for operation in ("Converse", "ConverseStream"):
                verdict = decide(answer, operation, profile_id, region, key_type, account, destination)
                if not verdict.allowed:
                    return (f"{operation} with a {key_type} key, routed to {destination}, is refused: "
                            f"{verdict.explain()}")
    other = "us-east-1" if region != "us-east-1" else "us-west-2"
    too_much = [("another model", "us.anthropic.claude-haiku-5-5", region),
                ("the bare model id", profile.model_id, region),
                (f"the profile called from {other}", profile_id, other)]
    for what, model, where in too_much:
        for operation in ("Converse", "ConverseStream"):
            if decide(answer, operation, model, where, "SHORT_TERM", account).allowed:
                return f"it also allows {operation} on {what} ({model}): the base policy refuses that."
    return None
