"""What IAM decides on a Bedrock call, and in which order."""
from __future__ import annotations

from botocore.exceptions import ClientError

from ...bedrock.catalog import CATALOG
from ..answer import Answer, from_client_error, from_success
from ..principals import BEDROCK
from .context import CLAUDE_3_HAIKU, HAIKU_4_5, Context, eol_region
from .registry import probe


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
    bedrock = ctx.as_user("invoker", "bedrock", eol_region())
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
    iam = ctx.as_user("creator", "iam")
    user = ctx.principals.name("creator")
    try:
        made = iam.create_service_specific_credential(UserName=user, ServiceName=BEDROCK)
    except ClientError as error:
        return from_client_error(error, ctx.prefix)
    iam.delete_service_specific_credential(
        UserName=user, ServiceSpecificCredentialId=made["ServiceSpecificCredential"]["ServiceSpecificCredentialId"])
    return from_success(expires="ExpirationDate" in made["ServiceSpecificCredential"])
