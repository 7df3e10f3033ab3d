"""The Bedrock surface of the sandbox: everything after authentication.

`handle(call, authz, router)` serves one control-plane (`bedrock`) or runtime (`bedrock-runtime`)
request. It requires the operation's IAM action on every resource it touches through
`authz.require` before doing the work, and raises `AwsError` for every refusal; streaming bodies
are validated before the (lazy) body iterator is returned, so a refusal is never half-sent.

Modules: catalog (models, profiles, which API shapes each endpoint serves), runtime
(Converse/Invoke/CountTokens), control (list/get), openai_compat (Chat Completions), responses (OpenAI
Responses), anthropic_messages (Anthropic Messages API), mantle (the bedrock-mantle endpoint), families
(native bodies), eventstream (framing), replies (the deterministic answers), lifecycle (end of life).
"""
from typing import TYPE_CHECKING, Iterable

from ..call import Call
from . import anthropic_messages, control, mantle, openai_compat, responses, runtime
from .catalog import CATALOG, api_table

if TYPE_CHECKING:  # routing reads the catalog, so it is imported after this package
    from ..routing import Router

__all__ = ["handle", "CATALOG", "api_table"]

# bedrock-runtime's non-native paths; everything else is /model/{id}/...
RUNTIME_ROUTES = {openai_compat.PATH: openai_compat.handle, responses.PATH: responses.handle,
                  anthropic_messages.PATH: anthropic_messages.handle}


def handle(call: Call, authz, router: "Router") -> tuple[int, list[tuple[str, str]], Iterable[bytes]]:
    """`call.service` is "bedrock", "bedrock-runtime" or "bedrock-mantle": the app sends nothing else here."""
    if call.service == "bedrock":
        return control.handle(call, authz)
    if call.service == "bedrock-mantle":
        return mantle.handle(call, authz)
    handler = RUNTIME_ROUTES.get(call.path.split("?", 1)[0].rstrip("/"), runtime.handle)
    return handler(call, authz, router)
