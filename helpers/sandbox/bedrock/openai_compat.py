"""The OpenAI-compatible Chat Completions endpoint of bedrock-runtime:
POST /openai/v1/chat/completions, non-streaming JSON or `stream: true` as server-sent events.

AWS serves it for its OpenAI models (gpt-oss) in the Regions that offer them
(docs: inference-chat-completions). Authorized as InvokeModel (InvokeModelWithResponseStream when
streaming) on the foundation-model ARN.
"""
import json

from ..errors import validation
from . import families, lifecycle, replies
from .catalog import CATALOG, fm_arn
from .runtime import INVALID_ID, json_headers, load_json, unknown_operation

PATH = "/openai/v1/chat/completions"


def handle(call, authz, router):
    if call.method.upper() != "POST":
        raise unknown_operation()
    data = load_json(call.body)
    model_id = data.get("model")
    if not isinstance(model_id, str) or not model_id:
        raise validation("1 validation error detected: Value null at 'model' failed to satisfy constraint: "
                         "Member must not be null")
    model = CATALOG.model(model_id)
    stream = data.get("stream", False)
    if not isinstance(stream, bool):
        raise validation("Invalid type for 'stream': expected a boolean.")
    action = "bedrock:InvokeModelWithResponseStream" if stream else "bedrock:InvokeModel"
    if model is None or not CATALOG.listed_in(model, call.region):
        raise validation(INVALID_ID)
    authz.require(action, fm_arn(call.region, model.id))
    lifecycle.require_alive(model, call.region, call.now)
    if not model.chat_completions or call.region not in model.on_demand_regions:
        raise validation(f"The model {model.id} is not supported by the Chat Completions API on this endpoint. "
                         f"Use an OpenAI model, or the Converse API.")
    body = {k: v for k, v in data.items() if k != "stream"}
    prompt = families.parse_openai(body, model)
    text, stop = replies.answer(model.name, prompt.last_user_text, prompt.max_tokens)
    key = replies.digest(PATH, call.region, body)
    if not stream:
        answer = families.openai_response(model, prompt, text, stop, key)
        return 200, json_headers(key), [json.dumps(answer).encode()]
    options = data.get("stream_options") or {}
    include_usage = isinstance(options, dict) and options.get("include_usage") is True
    chunks = families.openai_stream(model, prompt, text, stop, key, include_usage)

    def events():
        for chunk in chunks:
            yield f"data: {json.dumps(chunk, separators=(',', ':'))}\n\n".encode()
        yield b"data: [DONE]\n\n"

    headers = [("Content-Type", "text/event-stream"), ("Cache-Control", "no-cache"),
               ("x-amzn-RequestId", replies.request_id(key))]
    return 200, headers, events()
