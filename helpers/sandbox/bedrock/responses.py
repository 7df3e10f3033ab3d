"""The OpenAI Responses API: POST .../responses, a JSON `response` object or, with `stream: true`,
server-sent events in OpenAI's `response.*` event shapes (what `client.responses.create` reads).

bedrock-runtime serves it at /openai/v1/responses: always synchronous, no server-side tools, the
default project only (docs: inference-responses-api); a request for what it lacks is refused here.
bedrock-mantle serves it too (`mantle.py`); background jobs and server-side tools exist there at AWS
but are not emulated. The sandbox stores no responses, so `previous_response_id` and `conversation`
are refused on both.
"""
import json

from ..errors import validation
from . import families, replies
from .openai_compat import runtime_model, sse, sse_headers, stream_flag
from .runtime import json_headers, load_json, unknown_operation

PATH = "/openai/v1/responses"
CLIENT_TOOLS = ("function", "custom")  # tools the caller runs itself; every other type runs server-side
DEFAULT_PROJECTS = ("", "default")


def handle(call, authz, router):
    """bedrock-runtime: the endpoint's documented limits, then the model, authorized as Chat Completions
    is (`runtime_model`). The limits come first because they hold for every model (the order at AWS is
    [open]), and no model in the catalog is served here (which ones AWS serves is [open])."""
    if call.method.upper() != "POST":
        raise unknown_operation()
    data = load_json(call.body)
    if data.get("background") is True:
        raise validation("Background mode isn't supported on the bedrock-runtime endpoint. Requests are always "
                         "synchronous; use the bedrock-mantle endpoint for background inference.")
    project = (call.headers.get("openai-project") or "").strip()
    if project not in DEFAULT_PROJECTS:
        raise validation("Only the default project is supported on the bedrock-runtime endpoint.")
    if any(tool.get("type") not in CLIENT_TOOLS for tool in _tools(data)):
        raise validation("Server-side tools aren't supported on the bedrock-runtime endpoint. Use function "
                         "tools, or the bedrock-mantle endpoint.")
    model = runtime_model(call, authz, data, "responses",
                          "The model {id} is not supported by the Responses API on this endpoint.")
    return respond(call, data, model, model.id)


def _tools(data: dict) -> list[dict]:
    tools = data.get("tools") or []
    if not isinstance(tools, list) or not all(isinstance(t, dict) for t in tools):
        raise validation("Invalid type for 'tools': expected an array of objects.")
    return tools


def _text(content, where: str) -> str:
    if isinstance(content, str):
        return content
    if not isinstance(content, list):
        raise validation(f"Invalid type for '{where}': expected a string or an array of content parts.")
    texts = []
    for i, part in enumerate(content):
        if not isinstance(part, dict) or not isinstance(part.get("text", ""), str):
            raise validation(f"Invalid value for '{where}[{i}]': expected a content part object.")
        texts.append(part.get("text", ""))
    return "\n".join(texts)


def parse(data: dict) -> families.Prompt:
    """`input` (text or items), `instructions` and `max_output_tokens` as the sandbox answers from them."""
    for name in ("previous_response_id", "conversation"):
        if data.get(name) is not None:
            raise validation(f"'{name}' is not emulated: the sandbox stores no responses. Send the whole "
                             f"conversation in 'input'.")
    if data.get("background") is True:
        raise validation("Background mode is not emulated by the sandbox.")
    if any(tool.get("type") not in CLIENT_TOOLS for tool in _tools(data)):
        raise validation("Server-side tools are not emulated by the sandbox.")
    items = data.get("input")
    if items is None:
        raise validation("Missing required parameter: 'input'.")
    if isinstance(items, str):
        items = [{"role": "user", "content": items}]
    if not isinstance(items, list) or not items:
        raise validation("Invalid type for 'input': expected a string or a non-empty array of input items.")
    turns, system = [], []
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            raise validation(f"Invalid type for 'input[{i}]': expected an object.")
        role = item.get("role", "user")
        text = _text(item.get("content", item.get("output", "")), f"input[{i}].content")
        if role in ("system", "developer"):
            system.append(text)
        elif role in ("user", "assistant"):
            turns.append((role, text))
        else:
            raise validation(f"Invalid value for 'input[{i}].role': '{role}'.")
    instructions = data.get("instructions")
    if instructions is not None and not isinstance(instructions, str):
        raise validation("Invalid type for 'instructions': expected a string.")
    limit = data.get("max_output_tokens")
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 1):
        raise validation("Invalid 'max_output_tokens': expected an integer of at least 1.")
    return families.Prompt(turns or [("user", "")], "\n".join(filter(None, [instructions, *system])), limit)


def respond(call, data: dict, model, reply_model: str):
    """The answer to an authorized Responses call, whole or as `response.*` events."""
    prompt = parse(data)
    stream = stream_flag(data)
    text, stop = replies.answer(model.name, prompt.last_user_text, prompt.max_tokens)
    body = {k: v for k, v in data.items() if k != "stream"}
    key = replies.digest(call.host, call.path, call.region, body)
    done = _response(key, reply_model, data, prompt, text, stop)
    if not stream:
        return 200, json_headers(key), [json.dumps(done).encode()]
    return 200, sse_headers(key), _events(done, text)


def _response(key: str, reply_model: str, data: dict, prompt, text: str, stop: str) -> dict:
    out = replies.tokens(text)
    complete = stop != "max_tokens"
    return {
        "id": "resp_" + replies.digest("response", key)[:32], "object": "response",
        "created_at": replies.CREATED, "status": "completed" if complete else "incomplete",
        "background": False, "error": None,
        "incomplete_details": None if complete else {"reason": "max_output_tokens"},
        "instructions": data.get("instructions"), "max_output_tokens": data.get("max_output_tokens"),
        "model": reply_model, "metadata": data.get("metadata") or {},
        "output": [{"type": "message", "id": "msg_" + replies.digest("message", key)[:32],
                    "status": "completed" if complete else "incomplete", "role": "assistant",
                    "content": [{"type": "output_text", "text": text, "annotations": [], "logprobs": []}]}],
        "parallel_tool_calls": True, "previous_response_id": None, "store": False,
        "temperature": data.get("temperature", 1.0), "top_p": data.get("top_p", 1.0),
        "text": {"format": {"type": "text"}}, "tool_choice": data.get("tool_choice", "auto"),
        "tools": data.get("tools") or [], "truncation": "disabled",
        "usage": {"input_tokens": prompt.input_tokens, "input_tokens_details": {"cached_tokens": 0},
                  "output_tokens": out, "output_tokens_details": {"reasoning_tokens": 0},
                  "total_tokens": prompt.input_tokens + out},
    }


def _events(done: dict, text: str):
    """OpenAI's event sequence for one text message: created ... output_text.delta ... completed."""
    message = done["output"][0]
    part = message["content"][0]
    started = dict(done, status="in_progress", output=[], usage=None, incomplete_details=None)
    ids = {"item_id": message["id"], "output_index": 0}
    events = [
        ("response.created", {"response": started}),
        ("response.in_progress", {"response": started}),
        ("response.output_item.added", {"output_index": 0, "item": dict(message, status="in_progress", content=[])}),
        ("response.content_part.added", {**ids, "content_index": 0, "part": dict(part, text="")}),
        *[("response.output_text.delta", {**ids, "content_index": 0, "delta": piece, "logprobs": []})
          for piece in replies.pieces(text)],
        ("response.output_text.done", {**ids, "content_index": 0, "text": text, "logprobs": []}),
        ("response.content_part.done", {**ids, "content_index": 0, "part": part}),
        ("response.output_item.done", {"output_index": 0, "item": message}),
        ("response.completed" if done["status"] == "completed" else "response.incomplete", {"response": done}),
    ]
    for number, (kind, payload) in enumerate(events):
        payload = {"type": kind, "sequence_number": number, **payload}
        yield sse([f"event: {kind}", f"data: {json.dumps(payload, separators=(',', ':'))}"])
