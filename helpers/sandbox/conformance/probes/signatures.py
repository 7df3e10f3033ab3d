"""Keys and signatures where they are no credential, SigV4's time window per service, and bodies
the query protocol does not expect."""
from __future__ import annotations

import json
from datetime import timedelta

import requests

from ..answer import Answer, from_http
from .context import HELLO, IAM_URL, OUTSIDE_THE_WINDOW, QUERY_FORM, Context
from .registry import probe


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
    sts = ctx.as_user("invoker", "sts", endpoint_url=f"https://sts.{ctx.region}.amazonaws.com")
    # signed for the GET it is sent as, as EKS tokens are: botocore's default signs the query protocol's
    # POST, which STS refuses as a GET (SignatureDoesNotMatch, boto/boto3#756)
    url = sts.generate_presigned_url("get_caller_identity", ExpiresIn=60, HttpMethod="GET")
    return from_http(ctx.http.get(url, timeout=60), ctx.prefix)


@probe("sigv4-window-bedrock-runtime", "SigV4's time window on bedrock-runtime [open]: a Converse signed 20 "
                                       "minutes ago (the refusal names the window)")
def _(ctx: Context) -> Answer:
    url = ctx.runtime(f"/model/{requests.utils.quote(ctx.profile, safe='')}/converse")
    body = json.dumps({"messages": HELLO, "inferenceConfig": {"maxTokens": 5}}).encode()
    return ctx.signed("invoker", "bedrock", ctx.region, url, body, {"Content-Type": "application/json"},
                      OUTSIDE_THE_WINDOW)


@probe("two-authorization-headers", "Two `Authorization` headers in one request [open]: a Converse with the same "
                                    "long-term key twice")
def _(ctx: Context) -> Answer:
    from .. import raw_http

    url = ctx.runtime(f"/model/{requests.utils.quote(ctx.profile, safe='')}/converse")
    body = json.dumps({"messages": HELLO, "inferenceConfig": {"maxTokens": 5}}).encode()
    key = ctx.principals.key("invoker")
    lines = [("Content-Type", "application/json"), ("Authorization", f"Bearer {key}"), ("Authorization", f"Bearer {key}")]
    return from_http(raw_http.post(url, lines, body), ctx.prefix)


@probe("sigv4-window-bedrock", "SigV4's time window on Bedrock's control plane (taken as 5 minutes [open]): a "
                               "ListFoundationModels signed 20 minutes ago")
def _(ctx: Context) -> Answer:
    return ctx.signed("invoker", "bedrock", ctx.region, f"https://bedrock.{ctx.region}.amazonaws.com/foundation-models",
                      b"", {}, OUTSIDE_THE_WINDOW, method="GET")


@probe("sigv4-window-bedrock-mantle", "SigV4's time window on bedrock-mantle (taken as 5 minutes [open]): its "
                                      "list of models signed 20 minutes ago")
def _(ctx: Context) -> Answer:
    return ctx.signed("invoker", "bedrock-mantle", ctx.mantle_region, ctx.mantle("/v1/models"), b"", {},
                      OUTSIDE_THE_WINDOW, method="GET")


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
