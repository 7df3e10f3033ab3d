"""The Bedrock surface of the sandbox: everything after authentication.

`handle(call, authz, router)` serves one control-plane (`bedrock`) or runtime (`bedrock-runtime`)
request. It requires the operation's IAM action on every resource it touches through
`authz.require` before doing the work, and raises `AwsError` for every refusal; streaming bodies
are validated before the (lazy) body iterator is returned, so a refusal is never half-sent.

Modules: catalog (models and profiles), runtime (Converse/Invoke/CountTokens), control (list/get),
openai_compat (Chat Completions), families (native bodies), eventstream (framing), replies (the
deterministic answers), lifecycle (end-of-life policy).
"""
from typing import Iterable

from ..call import Call
from ..routing import Router
from . import control, openai_compat, runtime
from .catalog import CATALOG

__all__ = ["handle", "CATALOG"]


def handle(call: Call, authz, router: Router) -> tuple[int, list[tuple[str, str]], Iterable[bytes]]:
    """`call.service` is "bedrock" or "bedrock-runtime": the app sends nothing else here."""
    if call.service == "bedrock":
        return control.handle(call, authz)
    if call.path.split("?", 1)[0].rstrip("/") == openai_compat.PATH:
        return openai_compat.handle(call, authz, router)
    return runtime.handle(call, authz, router)
