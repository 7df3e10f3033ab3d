"""What IAM refuses to write or answer, and how it words it."""
from __future__ import annotations

import json
from datetime import timedelta

from botocore.exceptions import ClientError

from ..answer import Answer, from_client_error, from_success
from ..principals import MAX_SESSION
from .context import IAM_URL, QUERY_FORM, Context
from .registry import probe


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
        ctx.as_user("creator", "iam").list_service_specific_credentials(AllUsers=True)
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
    iam = ctx.client("iam", ctx.role_session("lister", "own-keys"))
    try:
        iam.list_service_specific_credentials()
    except ClientError as error:
        return from_client_error(error, ctx.prefix)
    return from_success()


@probe("role-chaining-over-an-hour", "Role chaining: a role session assuming a role for two hours, within the "
                                     "role's own maximum (AWS documents a one-hour limit [doc]; its answer)")
def _(ctx: Context) -> Answer:
    return _chain(ctx, MAX_SESSION)


@probe("role-chaining-over-both-limits", "Role chaining past both the one-hour limit and the role's maximum: which "
                                         "refusal wins [open]")
def _(ctx: Context) -> Answer:
    return _chain(ctx, MAX_SESSION + 3600)


def _chain(ctx: Context, seconds: int) -> Answer:
    sts = ctx.client("sts", ctx.role_session("lister", "chain"))
    try:
        sts.assume_role(RoleArn=ctx.principals.role_arns["session"], RoleSessionName="chained", DurationSeconds=seconds)
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
