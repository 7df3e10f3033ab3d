"""How a key travels, and what becomes of a long-term key, or a short-term key's session, over its life."""
from __future__ import annotations

import base64
import json
import time
from datetime import datetime, timedelta, timezone

from botocore.exceptions import ClientError

from ...bedrock.catalog import CATALOG
from ..answer import Answer, from_client_error, from_success, mask
from ..principals import BEDROCK
from .context import HAIKU_4_5, Context
from .registry import probe


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
    key = ctx.principals.short_term_key("session", ctx.region, credentials=ctx.role_session("session", "probe"))
    # As the console's "Revoke active sessions" does; a minute ahead, so a clock behind AWS's still revokes it.
    at = (datetime.now(timezone.utc) + timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    revoke = {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": ["*"], "Resource": ["*"],
              "Condition": {"DateLessThan": {"aws:TokenIssueTime": at}}}]}
    ctx.principals.session.client("iam").put_role_policy(
        RoleName=ctx.principals.name("session"), PolicyName="AWSRevokeOlderSessions", PolicyDocument=json.dumps(revoke))
    ctx.settle()
    return ctx.converse(ctx.profile, ctx.bearer(key))


@probe("long-term-key-tampered", "A long-term key whose secret part was changed [open]")
def _(ctx: Context) -> Answer:
    alias = ctx.principals.made_keys["invoker"]["ServiceCredentialAlias"]
    forged = "ABSK" + base64.b64encode(f"{alias}:{'A' * 40}".encode()).decode()
    return ctx.converse(ctx.profile, ctx.bearer(forged))
