"""The Anthropic Messages API: POST .../anthropic/v1/messages (and, on bedrock-mantle,
.../messages/count_tokens), Anthropic's JSON or, with `stream: true`, Anthropic's server-sent events.

bedrock-runtime serves it for Claude models at /anthropic/v1/messages (docs: inference-messages-api),
the body's `model` being a model or inference-profile id as on the native paths, and authorized as
InvokeModel (InvokeModelWithResponseStream when streaming) on the same resources. The key may come as
`x-api-key` here (see `auth`). bedrock-mantle serves the same bodies (`mantle.py`).
"""
import json

from ..errors import validation
from . import families, replies
from .openai_compat import sse, sse_headers, stream_flag
from .runtime import authorize, check_model, json_headers, load_json, resolve, unknown_operation

PATH = "/anthropic/v1/messages"


def model_of(data: dict) -> str:
    model_id = data.get("model")
    if not isinstance(model_id, str) or not model_id:
        raise validation("model: Field required")
    return model_id


def handle(call, authz, router):
    if call.method.upper() != "POST":
        raise unknown_operation()
    data = load_json(call.body)
    target = resolve(model_of(data), call.region, authz.account, router)
    action = "bedrock:InvokeModelWithResponseStream" if stream_flag(data) else "bedrock:InvokeModel"
    authorize(authz, action, target)
    check_model(target, call, "messages")
    return answer(call, data, target.model)


def answer(call, data: dict, model):
    """The reply to an authorized Messages call: a `message` object, or its event stream."""
    prompt = families.parse_messages_api(data, model)
    text, stop = replies.answer(model.name, prompt.last_user_text, prompt.max_tokens)
    body = {k: v for k, v in data.items() if k != "stream"}
    key = replies.digest(call.host, call.path, call.region, body)
    if not stream_flag(data):
        return 200, json_headers(key), [json.dumps(families.anthropic_response(model, prompt, text, stop, key)).encode()]
    events = families.anthropic_stream(model, prompt, text, stop, key)
    events[-1] = {"type": "message_stop"}  # Bedrock's invocation metrics ride only on InvokeModel streams

    def stream():
        for event in events:
            yield sse([f"event: {event['type']}", f"data: {json.dumps(event, separators=(',', ':'))}"])

    return 200, sse_headers(key), stream()


def count_tokens(call, data: dict, model):
    """`{"input_tokens": n}` for a Messages body (max_tokens is not needed to count)."""
    prompt = families.parse_messages_api({"max_tokens": 1, **data}, model)
    key = replies.digest(call.host, call.path, call.region, data)
    return 200, json_headers(key), [json.dumps({"input_tokens": prompt.input_tokens}).encode()]
