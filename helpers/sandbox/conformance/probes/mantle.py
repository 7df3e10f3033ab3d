"""bedrock-mantle: its IAM actions and resources, its routes' refusals, its list of models."""
from __future__ import annotations

from ...bedrock.catalog import CATALOG
from ..answer import Answer, from_http, from_success
from .context import ANTHROPIC_HELLO, HAIKU_4_5, Context
from .registry import probe


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
