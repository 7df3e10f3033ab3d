"""The probes: each makes one real call (or a few) and returns the service's answer, normalised.

A probe is a small function of a `Context` (where to call, as whom) registered with the question it
settles: a FIDELITY.md row marked [open], or a message the course shows on a source's word (so a
change at AWS is caught). The same function runs against AWS and against the sandbox; only the
environment differs. Every model call asks for at most a few tokens.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import timedelta
from typing import Callable

import requests
from botocore.exceptions import ClientError

from ..bedrock.catalog import CATALOG
from .answer import Answer, from_client_error, from_http, from_success, mask
from .principals import BEDROCK, Principals

HAIKU_4_5 = "anthropic.claude-haiku-4-5-20251001-v1:0"
CLAUDE_3_HAIKU = "anthropic.claude-3-haiku-20240307-v1:0"
HELLO = [{"role": "user", "content": [{"text": "Say hi."}]}]
ANTHROPIC_HELLO = [{"role": "user", "content": "Say hi."}]


@dataclass(frozen=True)
class Probe:
    name: str
    settles: str   # the FIDELITY.md row (or the course's sourced message) it answers
    run: Callable[["Context"], Answer]


PROBES: dict[str, Probe] = {}


def probe(name: str, settles: str):
    def register(run):
        PROBES[name] = Probe(name, settles, run)
        return run
    return register


@dataclass
class Context:
    """Where the probes call and as whom. `region` is the run's Region; a probe that needs a
    particular Region (a model past its end of life there, one off AWS's list for keys) names it."""
    region: str
    principals: Principals
    http: requests.Session

    @property
    def prefix(self) -> str:
        return self.principals.prefix

    @property
    def profile(self) -> str:
        """The Claude Haiku 4.5 inference profile offered from the run's Region (a geographic one first)."""
        offered = [p for p in CATALOG.profiles_for(HAIKU_4_5) if self.region in p.source_regions]
        if not offered:
            raise ValueError(f"no Claude Haiku 4.5 inference profile is offered from {self.region}")
        return sorted(offered, key=lambda p: p.id.startswith("global."))[0].id

    @property
    def mantle_region(self) -> str:
        return self.region if self.region in CATALOG.mantle_regions else CATALOG.mantle_regions[0]

    def runtime(self, path: str, region: str | None = None) -> str:
        return f"https://bedrock-runtime.{region or self.region}.amazonaws.com{path}"

    def mantle(self, path: str) -> str:
        return f"https://bedrock-mantle.{self.mantle_region}.api.aws{path}"

    def post(self, url: str, body: dict, headers: dict | None = None, **fields) -> Answer:
        response = self.http.post(url, json=body, headers=headers or {}, timeout=60)
        return from_http(response, self.prefix, **fields)

    def bearer(self, key: str) -> dict:
        return {"Authorization": f"Bearer {key}"}

    def converse(self, model: str, headers: dict, region: str | None = None) -> Answer:
        body = {"messages": HELLO, "inferenceConfig": {"maxTokens": 5}}
        return self.post(self.runtime(f"/model/{requests.utils.quote(model, safe='')}/converse", region), body, headers)


def eol_region() -> str:
    """A Region where Claude 3 Haiku was served on demand and is past its end of life (reference §5)."""
    model = CATALOG.models[CLAUDE_3_HAIKU]
    return next(r for r in model.on_demand_regions if not model.served_after_end_of_life(r))


# --- How a key travels ---------------------------------------------------------------------------
@probe("native-x-api-key-alone", "What the native paths answer to `x-api-key` alone [open]")
def _(ctx: Context) -> Answer:
    return ctx.converse(ctx.profile, {"x-api-key": ctx.principals.key("invoker")})


@probe("native-no-authorization", "Course: no Authorization header gets 403 'Authorization header is missing' [3p]")
def _(ctx: Context) -> Answer:
    return ctx.converse(ctx.profile, {})


@probe("bearer-without-key-prefix", "Course: a bearer value without a key prefix gets 403 "
                                    "'Invalid API Key format: Must start with pre-defined prefix' [3p]")
def _(ctx: Context) -> Answer:
    return ctx.converse(ctx.profile, ctx.bearer("not-a-bedrock-api-key"))


@probe("short-term-key-expired", "Course: an expired short-term key gets 'Bearer Token has expired' [3p]")
def _(ctx: Context) -> Answer:
    key = ctx.principals.short_term_key("invoker", ctx.region, expiry=timedelta(seconds=1))
    time.sleep(2)
    return ctx.converse(ctx.profile, ctx.bearer(key))


@probe("short-term-key-off-list-region", "What a key made for, and sent to, a Region off AWS's list for keys "
                                         "(us-east-2, api-keys-supported) gets [open]")
def _(ctx: Context) -> Answer:
    region = "us-east-2"
    assert region not in CATALOG.key_regions
    profile = next(p.id for p in CATALOG.profiles_for(HAIKU_4_5) if region in p.source_regions)
    return ctx.converse(profile, ctx.bearer(ctx.principals.short_term_key("invoker", region)), region)


@probe("short-term-key-other-region", "A short-term key sent to another Region than the one it was made for: "
                                      "message [3p], error type [open]")
def _(ctx: Context) -> Answer:
    other = next(r for r in CATALOG.key_regions if r != ctx.region and any(
        r in p.source_regions for p in CATALOG.profiles_for(HAIKU_4_5)))
    profile = next(p.id for p in CATALOG.profiles_for(HAIKU_4_5) if other in p.source_regions)
    return ctx.converse(profile, ctx.bearer(ctx.principals.short_term_key("invoker", ctx.region)), other)


@probe("long-term-key-inactive", "An inactive long-term key's answer [open]")
def _(ctx: Context) -> Answer:
    iam = ctx.principals.session.client("iam")
    made = ctx.principals.made_keys["spare"]
    iam.update_service_specific_credential(UserName=made["UserName"], Status="Inactive",
                                           ServiceSpecificCredentialId=made["ServiceSpecificCredentialId"])
    time.sleep(ctx.principals.settle_seconds)
    return ctx.converse(ctx.profile, ctx.bearer(ctx.principals.key("spare")))


@probe("long-term-key-third", "A user's third Bedrock key: `LimitExceeded`, message text [open]")
def _(ctx: Context) -> Answer:
    iam = ctx.principals.session.client("iam")
    user = ctx.principals.name("spare")
    try:
        for _ in range(2):  # it has one: the second is allowed, the third is not
            iam.create_service_specific_credential(UserName=user, ServiceName=BEDROCK, CredentialAgeDays=1)
    except ClientError as error:
        return from_client_error(error, ctx.prefix)
    return from_success()


@probe("long-term-key-shape", "The key's text (`ServiceCredentialSecret`: the whole `ABSK...` key?) and "
                              "`ServiceCredentialAlias`'s form (AWS adds a suffix [open])")
def _(ctx: Context) -> Answer:
    import base64

    made = ctx.principals.made_keys["invoker"]
    secret = made["ServiceCredentialSecret"]
    try:
        decoded = base64.b64decode(secret[4:]).decode()
    except ValueError:
        decoded = ""
    return from_success(**{"alias": mask(made["ServiceCredentialAlias"], ctx.prefix),
                           "secret starts with the long-term key prefix": secret.startswith("ABSK"),
                           "secret decodes to <alias>:<...>": decoded.startswith(made["ServiceCredentialAlias"] + ":"),
                           "fields": sorted(made)})


# --- What IAM decides, and in which order ---------------------------------------------------------
@probe("key-denied-invoke-wording", "Course: a key whose user may not invoke gets AccessDeniedException "
                                    "'User: <arn> is not authorized to perform: bedrock:InvokeModel ...' [3p]")
def _(ctx: Context) -> Answer:
    return ctx.converse(ctx.profile, ctx.bearer(ctx.principals.key("key-only")))


@probe("end-of-life-or-authorization-first", "Whether authorization or end of life is checked first [open]")
def _(ctx: Context) -> Answer:
    return ctx.converse(CLAUDE_3_HAIKU, ctx.bearer(ctx.principals.key("key-only")), eol_region())


@probe("end-of-life-message", "Course: a model past end of life gets 404 ResourceNotFoundException "
                              "'This model version has reached the end of its life.' [doc model card]")
def _(ctx: Context) -> Answer:
    return ctx.converse(CLAUDE_3_HAIKU, ctx.bearer(ctx.principals.key("invoker")), eol_region())


@probe("on-demand-not-supported", "Course: a profile-only model called by its bare id gets 'Invocation of "
                                  "model ID ... with on-demand throughput isn't supported' [3p]")
def _(ctx: Context) -> Answer:
    return ctx.converse(HAIKU_4_5, ctx.bearer(ctx.principals.key("invoker")))


@probe("age-days-when-absent", "What `iam:ServiceSpecificCredentialAgeDays` holds when no age is sent [open]: "
                               "a NumericLessThanEquals 90 allow, and a key asked for with no age")
def _(ctx: Context) -> Answer:
    import boto3

    credentials = ctx.principals.credentials("creator")
    iam = boto3.Session(aws_access_key_id=credentials.access_key, aws_secret_access_key=credentials.secret_key,
                        region_name=ctx.region).client("iam")
    user = ctx.principals.name("creator")
    try:
        made = iam.create_service_specific_credential(UserName=user, ServiceName=BEDROCK)
    except ClientError as error:
        return from_client_error(error, ctx.prefix)
    iam.delete_service_specific_credential(
        UserName=user, ServiceSpecificCredentialId=made["ServiceSpecificCredential"]["ServiceSpecificCredentialId"])
    return from_success(expires="ExpirationDate" in made["ServiceSpecificCredential"])


# --- Which API shape needs which action ----------------------------------------------------------
@probe("runtime-responses-action", "Which IAM action runtime Responses needs [open]: the refusal to a key "
                                   "that may not invoke names it")
def _(ctx: Context) -> Answer:
    model = "openai.gpt-5.4"  # Responses-only; no model is known to answer here [open] (its card: mantle only)
    return ctx.post(ctx.runtime("/openai/v1/responses"), {"model": model, "input": "Say hi.", "max_output_tokens": 16},
                    ctx.bearer(ctx.principals.key("key-only")))


@probe("runtime-messages-action", "Which IAM action runtime Messages needs [open]: the refusal to a key that "
                                  "may not invoke names it")
def _(ctx: Context) -> Answer:
    return ctx.post(ctx.runtime("/anthropic/v1/messages"),
                    {"model": ctx.profile, "max_tokens": 5, "messages": ANTHROPIC_HELLO},
                    {**ctx.bearer(ctx.principals.key("key-only")), "anthropic-version": "2023-06-01"})


@probe("invoke-dated-anthropic-version", "The exact `anthropic_version` set AWS accepts [open]: a dated "
                                         "version, as the anthropic SDK sends")
def _(ctx: Context) -> Answer:
    path = f"/model/{requests.utils.quote(ctx.profile, safe='')}/invoke"
    return ctx.post(ctx.runtime(path), {"anthropic_version": "2023-06-01", "max_tokens": 5, "messages": ANTHROPIC_HELLO},
                    ctx.bearer(ctx.principals.key("invoker")))


@probe("count-tokens-on-runtime", "CountTokens on bedrock-runtime for Claude Haiku 4.5, which AWS counts on "
                                  "bedrock-mantle instead (count-tokens page)")
def _(ctx: Context) -> Answer:
    path = f"/model/{requests.utils.quote(HAIKU_4_5, safe='')}/count-tokens"
    return ctx.post(ctx.runtime(path), {"input": {"converse": {"messages": HELLO}}},
                    ctx.bearer(ctx.principals.key("invoker")))


# --- bedrock-mantle ------------------------------------------------------------------------------
@probe("mantle-denied-names-project", "Mantle's project id and `bedrock-mantle:Model` value [open]: the "
                                      "refusal to a key that may not create inference names them")
def _(ctx: Context) -> Answer:
    model = CATALOG.models[HAIKU_4_5].mantle["id"]
    return ctx.post(ctx.mantle("/anthropic/v1/messages"), {"model": model, "max_tokens": 5, "messages": ANTHROPIC_HELLO},
                    {**ctx.bearer(ctx.principals.key("key-only")), "anthropic-version": "2023-06-01"})


@probe("mantle-unknown-model", "Mantle's error shapes [open]: an unknown model on the Chat Completions path")
def _(ctx: Context) -> Answer:
    return ctx.post(ctx.mantle("/v1/chat/completions"),
                    {"model": "no-such-model", "max_tokens": 5, "messages": ANTHROPIC_HELLO},
                    ctx.bearer(ctx.principals.key("invoker")))


NOT_PROBED = {
    "The SCP refusal's wording (with or without the policy ARN)":
        "needs an organisation's management account to attach an SCP; run a probe there by hand",
    "The IAM/STS wordings for 413 and for two Authorization headers":
        "a 25 MB upload and a malformed request are not worth sending to a real account for a wording",
    "The CloudTrail fields for key use": "CloudTrail delivers events minutes later; read them in the console",
}
