"""Which IAM action each API shape on bedrock-runtime needs, and how a path refuses a model it does
not serve."""
from __future__ import annotations

import requests

from ..answer import Answer, from_http
from .context import ANTHROPIC_HELLO, HAIKU_4_5, HELLO, Context
from .registry import probe


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
