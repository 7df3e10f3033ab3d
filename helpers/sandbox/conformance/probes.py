"""The probes: each makes one real call (or a few) and returns the service's answer, normalised.

A probe is a small function of a `Context` (where to call, as whom) registered with the question it
settles: a FIDELITY.md row marked [open], or a message the course shows on a source's word (so a
change at AWS is caught). The same function runs against AWS and against the sandbox; only the
environment differs. Every model call asks for at most a few tokens.
"""
from __future__ import annotations

import json
import time
from dataclasses import dataclass
from datetime import timedelta
from typing import Callable

import requests
from botocore.exceptions import ClientError

from ..bedrock.catalog import CATALOG
from .answer import Answer, from_client_error, from_http, from_success, mask
from .principals import BEDROCK, Principals
from .signing import signed_headers

HAIKU_4_5 = "anthropic.claude-haiku-4-5-20251001-v1:0"
CLAUDE_3_HAIKU = "anthropic.claude-3-haiku-20240307-v1:0"
HELLO = [{"role": "user", "content": [{"text": "Say hi."}]}]
ANTHROPIC_HELLO = [{"role": "user", "content": "Say hi."}]
QUERY_FORM = {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}
IAM_URL = "https://iam.amazonaws.com/"
OUTSIDE_THE_WINDOW = timedelta(minutes=-20)  # outside a 5- and a 15-minute window: the refusal names the window


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

    def mantle(self, path: str, region: str | None = None) -> str:
        return f"https://bedrock-mantle.{region or self.mantle_region}.api.aws{path}"

    def post(self, url: str, body: dict, headers: dict | None = None, **fields) -> Answer:
        response = self.http.post(url, json=body, headers=headers or {}, timeout=60)
        return from_http(response, self.prefix, **fields)

    def bearer(self, key: str) -> dict:
        return {"Authorization": f"Bearer {key}"}

    def converse(self, model: str, headers: dict, region: str | None = None) -> Answer:
        body = {"messages": HELLO, "inferenceConfig": {"maxTokens": 5}}
        return self.post(self.runtime(f"/model/{requests.utils.quote(model, safe='')}/converse", region), body, headers)

    def get(self, url: str, headers: dict) -> Answer:
        return from_http(self.http.get(url, headers=headers, timeout=60), self.prefix)

    def iam_as(self, role: str):
        """IAM as probe user `role` (its access key), through boto3."""
        import boto3

        own = self.principals.credentials(role)
        return boto3.Session(aws_access_key_id=own.access_key, aws_secret_access_key=own.secret_key,
                             region_name=self.region).client("iam")

    def query(self, url: str, form: str, headers: dict) -> Answer:
        """An IAM or STS query-protocol call (`Action=...&Version=...`), with `headers` as given."""
        body = form.encode()
        response = self.http.post(url, data=body, headers={**QUERY_FORM, **headers}, timeout=60)
        return from_http(response, self.prefix)

    def signed(self, role: str, service: str, region: str, url: str, body: bytes, headers: dict,
               shift: timedelta) -> Answer:
        """A call signed with `role`'s access key by botocore's signer, its time stamp `shift` from now."""
        signed = signed_headers(self.principals.credentials(role), service, region, "POST", url, body, headers, shift)
        return from_http(self.http.post(url, data=body, headers=signed, timeout=60), self.prefix)

    def settle(self) -> None:
        """Wait for IAM to apply a change everywhere (on AWS; the sandbox applies it at once)."""
        time.sleep(self.principals.settle_seconds)


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
    ctx.settle()
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


@probe("long-term-key-reset", "A long-term key after ResetServiceSpecificCredential [open]: the old secret's answer; "
                              "fields: what the reset returns, and the new secret's status")
def _(ctx: Context) -> Answer:
    iam = ctx.principals.session.client("iam")
    made = ctx.principals.made_keys["retired"]
    reset = iam.reset_service_specific_credential(
        UserName=made["UserName"], ServiceSpecificCredentialId=made["ServiceSpecificCredentialId"])
    new = reset["ServiceSpecificCredential"]
    ctx.settle()
    old = ctx.converse(ctx.profile, ctx.bearer(ctx.principals.key("retired")))
    secret = new.get("ServiceCredentialSecret")
    fresh = ctx.converse(ctx.profile, ctx.bearer(secret)).status if secret else None
    return Answer(old.status, old.code, old.message,
                  {**old.fields, "reset returns": sorted(new), "new secret's status": fresh})


@probe("long-term-key-deleted", "A long-term key after DeleteServiceSpecificCredential [open]")
def _(ctx: Context) -> Answer:
    iam = ctx.principals.session.client("iam")
    user = ctx.principals.name("retired")
    made = iam.create_service_specific_credential(UserName=user, ServiceName=BEDROCK, CredentialAgeDays=1)
    made = made["ServiceSpecificCredential"]
    iam.delete_service_specific_credential(UserName=user, ServiceSpecificCredentialId=made["ServiceSpecificCredentialId"])
    ctx.settle()
    return ctx.converse(ctx.profile, ctx.bearer(made["ServiceCredentialSecret"]))


@probe("short-term-key-session-revoked", "A short-term key made from a role session that was then revoked "
                                         "(AWSRevokeOlderSessions, a Deny on aws:TokenIssueTime) [open]: which "
                                         "action the refusal names")
def _(ctx: Context) -> Answer:
    import json
    from datetime import datetime, timezone

    import boto3
    from botocore.credentials import Credentials

    own = ctx.principals.credentials("assumer")
    sts = boto3.Session(aws_access_key_id=own.access_key, aws_secret_access_key=own.secret_key,
                        region_name=ctx.region).client("sts")
    made = sts.assume_role(RoleArn=ctx.principals.role_arns["session"], RoleSessionName="probe",
                           DurationSeconds=900)["Credentials"]
    session = Credentials(made["AccessKeyId"], made["SecretAccessKey"], made["SessionToken"])
    key = ctx.principals.short_term_key("session", ctx.region, credentials=session)
    # As the console's "Revoke active sessions" does; a minute ahead, so a clock behind AWS's still revokes it.
    at = (datetime.now(timezone.utc) + timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    revoke = {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": ["*"], "Resource": ["*"],
              "Condition": {"DateLessThan": {"aws:TokenIssueTime": at}}}]}
    ctx.principals.session.client("iam").put_role_policy(
        RoleName=ctx.principals.name("session"), PolicyName="AWSRevokeOlderSessions", PolicyDocument=json.dumps(revoke))
    ctx.settle()
    return ctx.converse(ctx.profile, ctx.bearer(key))


# --- Keys and signatures where they are no credential ---------------------------------------------
@probe("long-term-key-as-bearer-to-iam", "A long-term key sent as `Authorization: Bearer` to IAM [open]: the "
                                         "answer's form (the course shows 400 IncompleteSignature)")
def _(ctx: Context) -> Answer:
    return ctx.query(IAM_URL, "Action=GetUser&Version=2010-05-08", ctx.bearer(ctx.principals.key("invoker")))


@probe("short-term-key-as-bearer-to-sts", "A short-term key (a presigned SigV4 URL) sent as `Authorization: "
                                          "Bearer` to STS [open]: the answer's form")
def _(ctx: Context) -> Answer:
    key = ctx.principals.short_term_key("invoker", ctx.region)
    return ctx.query(f"https://sts.{ctx.region}.amazonaws.com/", "Action=GetCallerIdentity&Version=2011-06-15",
                     ctx.bearer(key))


@probe("presigned-url-to-sts", "A presigned (query-string) SigV4 GetCallerIdentity URL sent to STS [open]")
def _(ctx: Context) -> Answer:
    import boto3

    own = ctx.principals.credentials("invoker")
    sts = boto3.Session(aws_access_key_id=own.access_key, aws_secret_access_key=own.secret_key,
                        region_name=ctx.region).client("sts", endpoint_url=f"https://sts.{ctx.region}.amazonaws.com")
    url = sts.generate_presigned_url("get_caller_identity", ExpiresIn=60)
    return from_http(ctx.http.get(url, timeout=60), ctx.prefix)


# --- SigV4's time window, per service ------------------------------------------------------------
@probe("sigv4-window-bedrock-runtime", "SigV4's time window on bedrock-runtime [open]: a Converse signed 20 "
                                       "minutes ago (the refusal names the window)")
def _(ctx: Context) -> Answer:
    url = ctx.runtime(f"/model/{requests.utils.quote(ctx.profile, safe='')}/converse")
    body = json.dumps({"messages": HELLO, "inferenceConfig": {"maxTokens": 5}}).encode()
    return ctx.signed("invoker", "bedrock", ctx.region, url, body, {"Content-Type": "application/json"},
                      OUTSIDE_THE_WINDOW)


@probe("sigv4-window-iam", "SigV4's time window on IAM (taken to match STS's 15 minutes [open]): a call signed "
                           "20 minutes ago")
def _(ctx: Context) -> Answer:
    return ctx.signed("creator", "iam", "us-east-1", IAM_URL, b"Action=ListServiceSpecificCredentials&Version=2010-05-08",
                      QUERY_FORM, OUTSIDE_THE_WINDOW)


@probe("sigv4-window-organizations", "SigV4's time window on Organizations (taken as 5 minutes [open]): a "
                                     "DescribeOrganization signed 20 minutes ago")
def _(ctx: Context) -> Answer:
    return ctx.signed("invoker", "organizations", "us-east-1", "https://organizations.us-east-1.amazonaws.com/", b"{}",
                      {"Content-Type": "application/x-amz-json-1.1",
                       "X-Amz-Target": "AWSOrganizationsV20161128.DescribeOrganization"}, OUTSIDE_THE_WINDOW)


@probe("sts-json-body", "An STS call whose body is JSON, not the query protocol's form [open]: a signed "
                        "GetCallerIdentity")
def _(ctx: Context) -> Answer:
    body = json.dumps({"Action": "GetCallerIdentity", "Version": "2011-06-15"}).encode()
    return ctx.signed("invoker", "sts", ctx.region, f"https://sts.{ctx.region}.amazonaws.com/", body,
                      {"Content-Type": "application/json"}, timedelta())


@probe("sts-gzip-body", "An STS call with a gzip-compressed body (`Content-Encoding: gzip`) [open]: a signed "
                        "GetCallerIdentity")
def _(ctx: Context) -> Answer:
    import gzip

    body = gzip.compress(b"Action=GetCallerIdentity&Version=2011-06-15", mtime=0)
    return ctx.signed("invoker", "sts", ctx.region, f"https://sts.{ctx.region}.amazonaws.com/", body,
                      {**QUERY_FORM, "Content-Encoding": "gzip"}, timedelta())


@probe("sigv4-window-sts", "SigV4's time window on STS (15 minutes [3p]): a GetCallerIdentity signed 20 minutes ago")
def _(ctx: Context) -> Answer:
    return ctx.signed("invoker", "sts", ctx.region, f"https://sts.{ctx.region}.amazonaws.com/",
                      b"Action=GetCallerIdentity&Version=2011-06-15", QUERY_FORM, OUTSIDE_THE_WINDOW)


@probe("long-term-key-tampered", "A long-term key whose secret part was changed [open]")
def _(ctx: Context) -> Answer:
    import base64

    alias = ctx.principals.made_keys["invoker"]["ServiceCredentialAlias"]
    forged = "ABSK" + base64.b64encode(f"{alias}:{'A' * 40}".encode()).decode()
    return ctx.converse(ctx.profile, ctx.bearer(forged))


# --- What IAM decides, and in which order ---------------------------------------------------------
@probe("key-denied-invoke-wording", "Course: a key whose user may not invoke gets AccessDeniedException "
                                    "'User: <arn> is not authorized to perform: bedrock:InvokeModel ...' [3p]")
def _(ctx: Context) -> Answer:
    return ctx.converse(ctx.profile, ctx.bearer(ctx.principals.key("key-only")))


@probe("bearer-token-type-on-invoke", "Whether `bedrock:bearerTokenType` is in the context of the operation's "
                                      "own action too [open]: InvokeModel allowed only for LONG_TERM, a long-term key")
def _(ctx: Context) -> Answer:
    return ctx.converse(ctx.profile, ctx.bearer(ctx.principals.key("typed")))


@probe("global-profile-regionless-model", "A global profile needs the Region-less "
                                          "`arn:aws:bedrock:::foundation-model/<id>` [doc; open]: a policy that "
                                          "allows the model in every named Region only")
def _(ctx: Context) -> Answer:
    profile = next((p.id for p in CATALOG.profiles_for(HAIKU_4_5) if p.is_global and ctx.region in p.source_regions),
                   None)
    if profile is None:
        raise ValueError(f"no global Claude Haiku 4.5 profile is offered from {ctx.region}")
    return ctx.converse(profile, ctx.bearer(ctx.principals.key("global")))


@probe("unknown-model-or-authorization-first", "Check order on runtime calls [open]: an unknown model id sent "
                                               "with a key that may not invoke")
def _(ctx: Context) -> Answer:
    return ctx.converse("anthropic.no-such-model-v1:0", ctx.bearer(ctx.principals.key("key-only")))


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


@probe("end-of-life-model-listed", "Whether ListFoundationModels still lists a model past its end of life "
                                   "where calls are refused [open]")
def _(ctx: Context) -> Answer:
    import boto3

    own = ctx.principals.credentials("invoker")
    bedrock = boto3.Session(aws_access_key_id=own.access_key, aws_secret_access_key=own.secret_key,
                            region_name=eol_region()).client("bedrock")
    try:
        models = bedrock.list_foundation_models(byProvider="Anthropic")["modelSummaries"]
    except ClientError as error:
        return from_client_error(error, ctx.prefix)
    listed = [m for m in models if m["modelId"] == CLAUDE_3_HAIKU]
    return from_success(**{"listed": bool(listed),
                           "lifecycle": listed[0].get("modelLifecycle", {}).get("status") if listed else None})


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


# --- What IAM refuses to write, and how it words it ---------------------------------------------
@probe("policy-with-principal", "An identity policy with a `Principal` [open: which text IAM gives]")
def _(ctx: Context) -> Answer:
    document = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": "*", "Action": "sts:GetCallerIdentity", "Resource": "*"}]}
    try:
        ctx.principals.session.client("iam").put_user_policy(
            UserName=ctx.principals.name("creator"), PolicyName="principal", PolicyDocument=json.dumps(document))
    except ClientError as error:
        return from_client_error(error, ctx.prefix)
    return from_success()


@probe("policy-over-user-quota", "Inline policies of a user over 2,048 characters: `LimitExceeded`, message [open]")
def _(ctx: Context) -> Answer:
    document = {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "bedrock:InvokeModel", "Resource": [
        f"arn:aws:bedrock:*::foundation-model/probe-{i:03d}" for i in range(64)]}]}
    try:
        ctx.principals.session.client("iam").put_user_policy(
            UserName=ctx.principals.name("creator"), PolicyName="big", PolicyDocument=json.dumps(document))
    except ClientError as error:
        return from_client_error(error, ctx.prefix)
    return from_success()


@probe("user-name-pattern", "A user name outside IAM's pattern: which text IAM gives [open]")
def _(ctx: Context) -> Answer:
    try:
        ctx.principals.session.client("iam").create_user(UserName=ctx.principals.name("bad name"))
    except ClientError as error:
        return from_client_error(error, ctx.prefix)
    return from_success()


@probe("list-keys-all-users-with-user-name", "ListServiceSpecificCredentials with both `AllUsers` and "
                                             "`UserName`: the error's text [open]")
def _(ctx: Context) -> Answer:
    try:
        ctx.principals.session.client("iam").list_service_specific_credentials(
            UserName=ctx.principals.name("creator"), AllUsers=True)
    except ClientError as error:
        return from_client_error(error, ctx.prefix)
    return from_success()


@probe("list-keys-all-users-resource", "Which resource ListServiceSpecificCredentials with `AllUsers` is "
                                       "authorized on [open]: the refusal to a user allowed only its own")
def _(ctx: Context) -> Answer:
    try:
        ctx.iam_as("creator").list_service_specific_credentials(AllUsers=True)
    except ClientError as error:
        return from_client_error(error, ctx.prefix)
    return from_success()


@probe("iam-duplicate-parameter", "A parameter sent twice to IAM [open]: `UserName` = the caller, then another "
                                  "user (200: the first counts; AccessDenied: the last)")
def _(ctx: Context) -> Answer:
    form = (f"Action=ListServiceSpecificCredentials&Version=2010-05-08&UserName={ctx.principals.name('creator')}"
            f"&UserName={ctx.principals.name('invoker')}")
    return ctx.signed("creator", "iam", "us-east-1", IAM_URL, form.encode(), QUERY_FORM, timedelta())


@probe("role-session-own-keys", "A role session listing its own keys with no `UserName` [open: code and text]")
def _(ctx: Context) -> Answer:
    import boto3

    own = ctx.principals.credentials("assumer")
    sts = boto3.Session(aws_access_key_id=own.access_key, aws_secret_access_key=own.secret_key,
                        region_name=ctx.region).client("sts")
    made = sts.assume_role(RoleArn=ctx.principals.role_arns["lister"], RoleSessionName="own-keys",
                           DurationSeconds=900)["Credentials"]
    iam = boto3.Session(aws_access_key_id=made["AccessKeyId"], aws_secret_access_key=made["SecretAccessKey"],
                        aws_session_token=made["SessionToken"], region_name=ctx.region).client("iam")
    try:
        iam.list_service_specific_credentials()
    except ClientError as error:
        return from_client_error(error, ctx.prefix)
    return from_success()


@probe("simulator-result-shape", "IAM's policy simulator: one result per action x resource, or per action with "
                                 "`ResourceSpecificResults` [open]: two actions on two resources")
def _(ctx: Context) -> Answer:
    iam = ctx.principals.session.client("iam")
    user = iam.get_user(UserName=ctx.principals.name("creator"))["User"]["Arn"]
    results = iam.simulate_principal_policy(
        PolicySourceArn=user, ActionNames=["iam:ListServiceSpecificCredentials", "iam:DeleteUser"],
        ResourceArns=[user, user.replace("-cf-creator", "-cf-invoker")])["EvaluationResults"]
    return from_success(**{"results": len(results),
                           "per resource inside a result": sum(len(r.get("ResourceSpecificResults", []))
                                                               for r in results),
                           "decisions": sorted(f"{r['EvalActionName']} {r['EvalDecision']}" for r in results)})


# --- Which API shape needs which action ----------------------------------------------------------
@probe("runtime-responses-action", "Which IAM action runtime Responses needs [open]: the refusal to a key "
                                   "that may not invoke names it")
def _(ctx: Context) -> Answer:
    model = next(r["model"] for r in _api_rows("bedrock-runtime", "responses"))
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


@probe("mantle-count-tokens-action", "The IAM action count_tokens on bedrock-mantle needs [open]: the refusal "
                                     "to a key that may not create inference names it")
def _(ctx: Context) -> Answer:
    model = CATALOG.models[HAIKU_4_5].mantle["id"]
    return ctx.post(ctx.mantle("/anthropic/v1/messages/count_tokens"), {"model": model, "messages": ANTHROPIC_HELLO},
                    {**ctx.bearer(ctx.principals.key("key-only")), "anthropic-version": "2023-06-01"})


@probe("mantle-list-models-action", "The IAM action and resource of mantle's `GET /v1/models` [3p; open]: the "
                                    "refusal to a key that may not list names them")
def _(ctx: Context) -> Answer:
    return ctx.get(ctx.mantle("/v1/models"), ctx.bearer(ctx.principals.key("key-only")))


@probe("mantle-short-term-key-other-region", "A short-term key sent to bedrock-mantle in another Region than "
                                             "its own (carried over from bedrock-runtime [open])")
def _(ctx: Context) -> Answer:
    other = next(r for r in CATALOG.mantle_regions if r != ctx.mantle_region)
    model = CATALOG.models[HAIKU_4_5].mantle["id"]
    key = ctx.principals.short_term_key("invoker", ctx.mantle_region)
    return ctx.post(ctx.mantle("/anthropic/v1/messages", other), {"model": model, "max_tokens": 5,
                                                                  "messages": ANTHROPIC_HELLO},
                    {**ctx.bearer(key), "anthropic-version": "2023-06-01"})


@probe("runtime-chat-completions-unserved", "A model on a runtime path that does not serve it: the wording "
                                            "[open] (Claude Haiku 4.5 on runtime's Chat Completions)")
def _(ctx: Context) -> Answer:
    return ctx.post(ctx.runtime("/openai/v1/chat/completions"),
                    {"model": HAIKU_4_5, "max_tokens": 5, "messages": ANTHROPIC_HELLO},
                    ctx.bearer(ctx.principals.key("invoker")))


@probe("invoke-malformed-body", "A body that is not JSON on InvokeModel: the wording [open]")
def _(ctx: Context) -> Answer:
    url = ctx.runtime(f"/model/{requests.utils.quote(ctx.profile, safe='')}/invoke")
    response = ctx.http.post(url, data=b"not json", timeout=60, headers={
        **ctx.bearer(ctx.principals.key("invoker")), "Content-Type": "application/json"})
    return from_http(response, ctx.prefix)


@probe("mantle-list-models-shape", "Mantle's `GET /v1/models`: an entry's fields and `owned_by` [open], and "
                                   "whether `/openai/v1/models` answers [open]")
def _(ctx: Context) -> Answer:
    headers = ctx.bearer(ctx.principals.key("invoker"))
    response = ctx.http.get(ctx.mantle("/v1/models"), headers=headers, timeout=60)
    if not response.ok:
        return from_http(response, ctx.prefix)
    claude = [m for m in response.json().get("data", []) if m.get("id") == CATALOG.models[HAIKU_4_5].mantle["id"]]
    openai_path = ctx.http.get(ctx.mantle("/openai/v1/models"), headers=headers, timeout=60).status_code
    return from_success(**{"entry fields": sorted(claude[0]) if claude else None,
                           "owned_by": claude[0].get("owned_by") if claude else None,
                           "/openai/v1/models status": openai_path})


@probe("mantle-model-outside-runtime-regions", "Mantle serves a model only where bedrock-runtime lists it [open]: "
                                               "gpt-oss-120b in a mantle Region runtime does not list it in")
def _(ctx: Context) -> Answer:
    model = CATALOG.models["openai.gpt-oss-120b-1:0"]
    region = next(r for r in CATALOG.mantle_regions if not CATALOG.listed_in(model, r))
    return ctx.post(ctx.mantle("/v1/chat/completions", region),
                    {"model": model.mantle["id"], "max_tokens": 5, "messages": ANTHROPIC_HELLO},
                    ctx.bearer(ctx.principals.key("invoker")))


def _api_rows(endpoint: str, shape: str) -> list[dict]:
    from ..bedrock import api_table

    return [r for r in api_table() if r["endpoint"] == endpoint and r["shape"] == shape]


NOT_PROBED = {
    "The SCP refusal's wording (with or without the policy ARN)":
        "needs an organisation's management account to attach an SCP; run a probe there by hand",
    "The IAM/STS wording for 413": "a 25 MB upload to a real account is not worth a wording",
    "Two Authorization headers": "requests and botocore send a header once; it needs a raw TLS client",
    "The CloudTrail fields for key use": "CloudTrail delivers events minutes later; read them in the console",
}
