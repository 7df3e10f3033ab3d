"""The OpenAI-compatible Chat Completions API: POST .../chat/completions, non-streaming JSON or
`stream: true` as server-sent events.

bedrock-runtime serves it at /openai/v1/chat/completions for its OpenAI models (gpt-oss) in the
Regions that offer them (docs: inference-chat-completions), authorized as InvokeModel
(InvokeModelWithResponseStream when streaming) on the foundation-model ARN. bedrock-mantle serves the
same body (`mantle.py` authorizes it); `complete()` is the answer both share.
"""
import json

from ..errors import validation
from . import families, lifecycle, replies
from .catalog import CATALOG, fm_arn
from .runtime import INVALID_ID, json_headers, load_json, unknown_operation

PATH = "/openai/v1/chat/completions"


def model_of(data: dict) -> str:
    """The body's `model`, which every OpenAI-shaped request must name."""
    model_id = data.get("model")
    if not isinstance(model_id, str) or not model_id:
        raise validation("1 validation error detected: Value null at 'model' failed to satisfy constraint: "
                         "Member must not be null")
    return model_id


def stream_flag(data: dict) -> bool:
    stream = data.get("stream", False)
    if not isinstance(stream, bool):
        raise validation("Invalid type for 'stream': expected a boolean.")
    return stream


def sse(lines) -> bytes:
    """One server-sent event: `lines` are its `event:`/`data:` lines."""
    return ("\n".join(lines) + "\n\n").encode()


def sse_headers(key: str) -> list[tuple[str, str]]:
    return [("Content-Type", "text/event-stream"), ("Cache-Control", "no-cache"),
            ("x-amzn-RequestId", replies.request_id(key))]


def runtime_model(call, authz, data: dict, shape: str, refusal: str):
    """The model of an OpenAI-shaped call on bedrock-runtime, authorized as InvokeModel
    (InvokeModelWithResponseStream when streaming) on its foundation-model ARN, alive, and served in
    `shape` here on demand (else `refusal`, formatted with the model id)."""
    model = CATALOG.model(model_of(data))
    action = "bedrock:InvokeModelWithResponseStream" if stream_flag(data) else "bedrock:InvokeModel"
    if model is None or not CATALOG.listed_in(model, call.region):
        raise validation(INVALID_ID)
    authz.require(action, fm_arn(call.region, model.id))
    lifecycle.require_alive(model, call.region, call.now)
    if not model.serves("bedrock-runtime", shape) or call.region not in model.on_demand_regions:
        raise validation(refusal.format(id=model.id))
    return model


def handle(call, authz, router):
    if call.method.upper() != "POST":
        raise unknown_operation()
    data = load_json(call.body)
    model = runtime_model(call, authz, data, "chat-completions", "The model {id} is not supported by the Chat "
                          "Completions API on this endpoint. Use an OpenAI model, or the Converse API.")
    return complete(call, data, model, model.id)


def complete(call, data: dict, model, reply_model: str):
    """The Chat Completions answer for an authorized call: JSON, or SSE ending with `data: [DONE]`."""
    stream = stream_flag(data)
    body = {k: v for k, v in data.items() if k != "stream"}
    prompt = families.parse_openai(body, model)
    text, stop = replies.answer(model.name, prompt.last_user_text, prompt.max_tokens)
    key = replies.digest(call.host, call.path, call.region, body)
    if not stream:
        answer = families.openai_response(model, prompt, text, stop, key, reply_model)
        return 200, json_headers(key), [json.dumps(answer).encode()]
    options = data.get("stream_options") or {}
    include_usage = isinstance(options, dict) and options.get("include_usage") is True
    chunks = families.openai_stream(model, prompt, text, stop, key, include_usage, reply_model)

    def events():
        for chunk in chunks:
            yield sse([f"data: {json.dumps(chunk, separators=(',', ':'))}"])
        yield sse(["data: [DONE]"])

    return 200, sse_headers(key), events()
