"""Each model family's native InvokeModel body: how to read it, answer it, and stream the answer.

Messages follow what Bedrock returns for a body the model's schema refuses:
"Malformed input request: #: required key [x] not found, please reformat your input and try again."
Anthropic's own checks (role order, max_tokens) come back in Anthropic's words, as at Bedrock.
"""
import base64
import json
import re
from datetime import date
from dataclasses import dataclass
from itertools import pairwise

from ..errors import validation
from . import replies
from .catalog import Model


@dataclass
class Prompt:
    """A request reduced to what the sandbox answers from."""

    messages: list[tuple[str, str]]  # (role, text)
    system: str = ""
    max_tokens: int | None = None

    @property
    def last_user_text(self) -> str:
        for role, text in reversed(self.messages):
            if role == "user":
                return text
        return ""

    @property
    def input_tokens(self) -> int:
        return replies.tokens(self.system) + sum(replies.tokens(t) for _, t in self.messages) + 3 * len(self.messages)


def malformed(detail: str) -> Exception:
    return validation(f"Malformed input request: {detail}, please reformat your input and try again.")


def _required(body: dict, *keys: str) -> None:
    for key in keys:
        if key not in body:
            raise malformed(f"#: required key [{key}] not found")


def _allowed(body: dict, allowed: set[str]) -> None:
    for key in body:
        if key not in allowed:
            raise malformed(f"#: extraneous key [{key}] is not permitted")


def _type(value, kind, where: str, name: str):
    if isinstance(value, bool) and kind in (int, float, (int, float)):
        raise malformed(f"#{where}: expected type: {name}, found: Boolean")
    if not isinstance(value, kind):
        raise malformed(f"#{where}: expected type: {name}, found: {json_type(value)}")
    return value


def json_type(value) -> str:
    return {dict: "JSONObject", list: "JSONArray", str: "String", bool: "Boolean", type(None): "Null"}.get(
        type(value), "Number")


def _text_of_blocks(content, where: str, anthropic: bool) -> str:
    if isinstance(content, str):
        return content
    _type(content, list, where, "JSONArray")
    parts = []
    for i, block in enumerate(content):
        _type(block, dict, f"{where}/{i}", "JSONObject")
        text = block.get("text")
        if text is not None:
            parts.append(_type(text, str, f"{where}/{i}/text", "String"))
        elif anthropic and "type" not in block:
            raise malformed(f"#{where}/{i}: required key [type] not found")
    return "\n".join(parts)


# --- Anthropic Messages -------------------------------------------------------------------
ANTHROPIC_KEYS = {"anthropic_version", "max_tokens", "messages", "system", "temperature", "top_p", "top_k",
                  "stop_sequences", "tools", "tool_choice", "thinking", "anthropic_beta", "metadata", "output_config"}


# The Messages API's own body: `model` and `stream` instead of `anthropic_version` (sent as a header).
MESSAGES_API_KEYS = ANTHROPIC_KEYS - {"anthropic_version", "anthropic_beta"} | {"model", "stream", "service_tier"}
BEDROCK_VERSION = "bedrock-2023-05-31"
_DATED_VERSION = re.compile(r"^20\d\d-\d\d-\d\d$")


def api_version_ok(version) -> bool:
    """AWS documents `bedrock-2023-05-31`; the official anthropic SDK's Bedrock client sends its own dated
    Anthropic API version (e.g. 2026-10-21), so a real YYYY-MM-DD date from 2023-06-01 on is taken too
    (FIDELITY.md: [open])."""
    if version == BEDROCK_VERSION:
        return True
    if not isinstance(version, str) or not _DATED_VERSION.match(version):
        return False
    try:
        return date.fromisoformat(version) >= date(2023, 6, 1)
    except ValueError:
        return False


def parse_anthropic(body: dict, model: Model) -> Prompt:
    """An InvokeModel body for a Claude model."""
    _required(body, "anthropic_version", "max_tokens", "messages")
    _allowed(body, ANTHROPIC_KEYS)
    if not api_version_ok(body["anthropic_version"]):
        raise validation(f"Invalid API version: {body['anthropic_version']}")
    return parse_messages(body, model)


def parse_messages_api(body: dict, model: Model) -> Prompt:
    """A Messages API body (`/anthropic/v1/messages`): the Anthropic API's keys, version in a header."""
    _allowed(body, MESSAGES_API_KEYS)
    return parse_messages(body, model)


def parse_messages(body: dict, model: Model) -> Prompt:
    """What InvokeModel and the Messages API bodies share: max_tokens, messages, system."""
    _required(body, "max_tokens", "messages")
    max_tokens = _type(body["max_tokens"], int, "/max_tokens", "Integer")
    if max_tokens < 1:
        raise validation("max_tokens: range: 1..")
    short = model.raw.get("anthropicModel", model.id)
    if max_tokens > model.max_output_tokens:
        raise validation(f"max_tokens: {max_tokens} > {model.max_output_tokens}, which is the maximum allowed "
                         f"number of output tokens for {short}")
    messages = _type(body["messages"], list, "/messages", "JSONArray")
    turns: list[tuple[str, str]] = []
    for i, message in enumerate(messages):
        _type(message, dict, f"/messages/{i}", "JSONObject")
        _required(message, "role", "content")
        role = message["role"]
        if role not in ("user", "assistant"):
            raise validation(f"messages.{i}.role: Input should be 'user' or 'assistant'")
        turns.append((role, _text_of_blocks(message["content"], f"/messages/{i}/content", True)))
    if not turns:
        raise validation("messages: at least one message is required")
    if turns[0][0] != "user":
        raise validation('messages: first message must use the "user" role')
    for (a, _), (b, _) in pairwise(turns):
        if a == b:
            raise validation(f'messages: roles must alternate between "user" and "assistant", but found multiple '
                             f'"{a}" roles in a row')
    system = body.get("system", "")
    system = _text_of_blocks(system, "/system", True) if system else ""
    return Prompt(turns, system, max_tokens)


def anthropic_response(model: Model, prompt: Prompt, text: str, stop: str, key: str) -> dict:
    return {
        "id": "msg_bdrk_" + replies.digest("anthropic", key)[:24],
        "type": "message", "role": "assistant", "model": model.raw.get("anthropicModel", model.id),
        "content": [{"type": "text", "text": text}],
        "stop_reason": stop, "stop_sequence": None,
        "usage": {"input_tokens": prompt.input_tokens, "output_tokens": replies.tokens(text)},
    }


def anthropic_stream(model: Model, prompt: Prompt, text: str, stop: str, key: str) -> list[dict]:
    start = anthropic_response(model, prompt, "", stop, key)
    start.update(content=[], stop_reason=None)
    start["usage"]["output_tokens"] = 1
    events = [{"type": "message_start", "message": start},
              {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}}]
    events += [{"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": p}}
               for p in replies.pieces(text)]
    events += [{"type": "content_block_stop", "index": 0},
               {"type": "message_delta", "delta": {"stop_reason": stop, "stop_sequence": None},
                "usage": {"output_tokens": replies.tokens(text)}},
               {"type": "message_stop", "amazon-bedrock-invocationMetrics": _metrics(prompt, text)}]
    return events


def _finish(stop: str) -> str:
    """The stop reason in the words of the families that don't say "max_tokens"."""
    return "length" if stop == "max_tokens" else "stop"


def usage(prompt: Prompt, text: str) -> dict:
    """Token usage as Converse and Nova report it."""
    out = replies.tokens(text)
    return {"inputTokens": prompt.input_tokens, "outputTokens": out, "totalTokens": prompt.input_tokens + out}


def _openai_usage(prompt: Prompt, text: str) -> dict:
    out = replies.tokens(text)
    return {"prompt_tokens": prompt.input_tokens, "completion_tokens": out, "total_tokens": prompt.input_tokens + out}


def _metrics(prompt: Prompt, text: str) -> dict:
    return {"inputTokenCount": prompt.input_tokens, "outputTokenCount": replies.tokens(text),
            "invocationLatency": replies.LATENCY_MS, "firstByteLatency": replies.FIRST_BYTE_MS}


# --- Amazon Nova (messages-v1) -----------------------------------------------------------
def parse_nova(body: dict, model: Model) -> Prompt:
    _required(body, "messages")
    _allowed(body, {"schemaVersion", "messages", "system", "inferenceConfig", "toolConfig"})
    if body.get("schemaVersion", "messages-v1") != "messages-v1":
        raise malformed("#/schemaVersion: messages-v1 is the only supported value")
    turns = []
    for i, message in enumerate(_type(body["messages"], list, "/messages", "JSONArray")):
        _type(message, dict, f"/messages/{i}", "JSONObject")
        _required(message, "role", "content")
        if message["role"] not in ("user", "assistant"):
            raise malformed(f"#/messages/{i}/role: {message['role']} is not a valid enum value")
        turns.append((message["role"], _text_of_blocks(message["content"], f"/messages/{i}/content", False)))
    conversation_rules(turns)
    config = _type(body.get("inferenceConfig", {}), dict, "/inferenceConfig", "JSONObject")
    max_tokens = config.get("maxTokens", config.get("max_new_tokens"))
    if max_tokens is not None:
        _type(max_tokens, int, "/inferenceConfig/maxTokens", "Integer")
        if not 1 <= max_tokens <= model.max_output_tokens:
            raise malformed(f"#/inferenceConfig/maxTokens: {max_tokens} is not in 1..{model.max_output_tokens}")
    system = body.get("system", [])
    return Prompt(turns, _text_of_blocks(system, "/system", False) if system else "", max_tokens)


def nova_response(model: Model, prompt: Prompt, text: str, stop: str, key: str) -> dict:
    return {"output": {"message": {"role": "assistant", "content": [{"text": text}]}}, "stopReason": stop,
            "usage": usage(prompt, text)}


def nova_stream(model: Model, prompt: Prompt, text: str, stop: str, key: str) -> list[dict]:
    out = replies.tokens(text)
    events = [{"messageStart": {"role": "assistant"}}]
    events += [{"contentBlockDelta": {"delta": {"text": p}, "contentBlockIndex": 0}} for p in replies.pieces(text)]
    events += [{"contentBlockStop": {"contentBlockIndex": 0}}, {"messageStop": {"stopReason": stop}},
               {"metadata": {"usage": {"inputTokens": prompt.input_tokens, "outputTokens": out}},
                "amazon-bedrock-invocationMetrics": _metrics(prompt, text)}]
    return events


# --- Meta Llama and Mistral text completion -----------------------------------------------
def _parse_prompt_body(body: dict, model: Model, allowed: set[str], length_key: str) -> Prompt:
    _required(body, "prompt")
    _allowed(body, allowed)
    prompt = _type(body["prompt"], str, "/prompt", "String")
    max_tokens = body.get(length_key)
    if max_tokens is not None:
        _type(max_tokens, int, f"/{length_key}", "Integer")
        if not 1 <= max_tokens <= model.max_output_tokens:
            raise malformed(f"#/{length_key}: {max_tokens} is not in 1..{model.max_output_tokens}")
    return Prompt([("user", prompt)], "", max_tokens)


def parse_llama(body: dict, model: Model) -> Prompt:
    return _parse_prompt_body(body, model, {"prompt", "max_gen_len", "temperature", "top_p", "images"}, "max_gen_len")


def llama_response(model, prompt, text, stop, key) -> dict:
    return {"generation": text, "prompt_token_count": prompt.input_tokens,
            "generation_token_count": replies.tokens(text), "stop_reason": _finish(stop)}


def llama_stream(model, prompt, text, stop, key) -> list[dict]:
    parts = replies.pieces(text)
    events = []
    for i, p in enumerate(parts):
        last = i == len(parts) - 1
        event = {"generation": p, "prompt_token_count": prompt.input_tokens if i == 0 else None,
                 "generation_token_count": replies.tokens("".join(parts[: i + 1])),
                 "stop_reason": _finish(stop) if last else None}
        if last:
            event["amazon-bedrock-invocationMetrics"] = _metrics(prompt, text)
        events.append(event)
    return events


def parse_mistral(body: dict, model: Model) -> Prompt:
    return _parse_prompt_body(body, model, {"prompt", "max_tokens", "temperature", "top_p", "top_k", "stop"},
                              "max_tokens")


def mistral_response(model, prompt, text, stop, key) -> dict:
    return {"outputs": [{"text": text, "stop_reason": _finish(stop)}]}


def mistral_stream(model, prompt, text, stop, key) -> list[dict]:
    parts = replies.pieces(text)
    events = [{"outputs": [{"text": p, "stop_reason": None}]} for p in parts[:-1]]
    events.append({"outputs": [{"text": parts[-1], "stop_reason": _finish(stop)}],
                   "amazon-bedrock-invocationMetrics": _metrics(prompt, text)})
    return events


# --- OpenAI gpt-oss (Chat Completions body) ------------------------------------------------
def parse_openai(body: dict, model: Model) -> Prompt:
    _required(body, "messages")
    turns = []
    system = []
    for i, message in enumerate(_type(body["messages"], list, "/messages", "JSONArray")):
        _type(message, dict, f"/messages/{i}", "JSONObject")
        _required(message, "role")
        role = message["role"]
        content = message.get("content") or ""
        text = content if isinstance(content, str) else _text_of_blocks(content, f"/messages/{i}/content", False)
        if role in ("system", "developer"):
            system.append(text)
        elif role in ("user", "assistant", "tool"):
            turns.append(("assistant" if role == "assistant" else "user", text))
        else:
            raise validation(f"Invalid value for 'messages[{i}].role': '{role}'.")
    if not turns:
        raise validation("The messages must include at least one user message.")
    max_tokens = body.get("max_completion_tokens", body.get("max_tokens"))
    if max_tokens is not None:
        _type(max_tokens, int, "/max_completion_tokens", "Integer")
        if max_tokens < 1:
            raise validation("max_completion_tokens must be at least 1.")
    return Prompt(turns, "\n".join(system), max_tokens)


def openai_response(model: Model, prompt: Prompt, text: str, stop: str, key: str, reply_model: str = "") -> dict:
    return {
        "id": "chatcmpl-" + replies.digest("openai", key)[:24], "object": "chat.completion",
        "created": replies.CREATED, "model": reply_model or model.id,
        "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": _finish(stop)}],
        "usage": _openai_usage(prompt, text),
    }


def openai_stream(model: Model, prompt: Prompt, text: str, stop: str, key: str,
                  include_usage: bool = False, reply_model: str = "") -> list[dict]:
    base = {"id": "chatcmpl-" + replies.digest("openai", key)[:24], "object": "chat.completion.chunk",
            "created": replies.CREATED, "model": reply_model or model.id}
    chunks = [dict(base, choices=[{"index": 0, "delta": {"role": "assistant", "content": ""},
                                   "finish_reason": None}])]
    chunks += [dict(base, choices=[{"index": 0, "delta": {"content": p}, "finish_reason": None}])
               for p in replies.pieces(text)]
    chunks.append(dict(base, choices=[{"index": 0, "delta": {}, "finish_reason": _finish(stop)}]))
    if include_usage:
        chunks.append(dict(base, choices=[], usage=_openai_usage(prompt, text)))
    return chunks


# --- Embeddings -----------------------------------------------------------------------------
def titan_embed(body: dict, model: Model) -> tuple[dict, int]:
    _required(body, "inputText")
    _allowed(body, {"inputText", "dimensions", "normalize", "embeddingTypes"})
    text = _type(body["inputText"], str, "/inputText", "String")
    if not text:
        raise malformed("#/inputText: expected minLength: 1, actual: 0")
    dimensions = body.get("dimensions", 1024)
    if dimensions not in (256, 512, 1024) or isinstance(dimensions, bool):
        raise malformed(f"#/dimensions: {dimensions} is not a valid enum value")
    vector = replies.embedding(text, dimensions)
    count = replies.tokens(text)
    return {"embedding": vector, "embeddingsByType": {"float": vector}, "inputTextTokenCount": count}, count


def cohere_embed(body: dict, model: Model) -> tuple[dict, int]:
    _required(body, "texts", "input_type")
    _allowed(body, {"texts", "input_type", "truncate", "embedding_types", "images"})
    texts = _type(body["texts"], list, "/texts", "JSONArray")
    for i, t in enumerate(texts):
        _type(t, str, f"/texts/{i}", "String")
    if body["input_type"] not in ("search_document", "search_query", "classification", "clustering", "image"):
        raise malformed(f"#/input_type: {body['input_type']} is not a valid enum value")
    count = sum(replies.tokens(t) for t in texts)
    return {"id": replies.request_id("cohere", texts), "texts": texts, "response_type": "embeddings_floats",
            "embeddings": [replies.embedding(t, 1024) for t in texts]}, count


TEXT_FAMILIES = {
    "anthropic": (parse_anthropic, anthropic_response, anthropic_stream),
    "nova": (parse_nova, nova_response, nova_stream),
    "llama": (parse_llama, llama_response, llama_stream),
    "mistral": (parse_mistral, mistral_response, mistral_stream),
    "openai": (parse_openai, openai_response, openai_stream),
}
EMBEDDING_FAMILIES = {"titan-embed": titan_embed, "cohere-embed": cohere_embed}


def chunk_event(event: dict) -> dict:
    """The InvokeModelWithResponseStream `chunk` payload carrying one model stream event."""
    return {"bytes": base64.b64encode(json.dumps(event, separators=(",", ":")).encode()).decode()}


def conversation_rules(turns: list[tuple[str, str]]) -> None:
    """Converse's (and Nova's) conversation rules, in Bedrock's words."""
    if not turns or turns[0][0] != "user":
        raise validation("A conversation must start with a user message. Try again with a conversation that starts "
                         "with a user message.")
    for (a, _), (b, _) in pairwise(turns):
        if a == b:
            raise validation("A conversation must alternate between user and assistant roles. Make sure the "
                             "conversation alternates between user and assistant roles and try again.")
