"""bedrock-runtime: Converse, ConverseStream, InvokeModel, InvokeModelWithResponseStream, CountTokens.

Order of work for every call, so refusals come back the way AWS gives them:
1. route and read the model identifier (unknown id -> 400 "The provided model identifier is invalid.");
2. authorize every resource the call touches (profile ARN, then the foundation-model ARN in the
   destination Region with bedrock:InferenceProfileArn);
3. model-level refusals: end of life (404), on-demand not supported (400);
4. body validation, then the answer.
"""
import base64
import json
import re
from dataclasses import dataclass
from urllib.parse import unquote

from ..errors import AwsError, validation
from . import eventstream, families, lifecycle, replies
from .catalog import CATALOG, Model, Profile, fm_arn, profile_arn

INVALID_ID = "The provided model identifier is invalid."
ON_DEMAND = ("Invocation of model ID {id} with on-demand throughput isn\u2019t supported. Retry your request with "
             "the ID or ARN of an inference profile that contains this model.")
NOT_CHAT = ("This action doesn't support the model that you provided. Try again with a supported text or chat "
            "model.")

NO_COUNTING = "The provided model doesn't support counting tokens."
NOT_SERVED = "The model {id} is not supported by the {shape} API on this endpoint."  # wording [open]

# Operation name (as boto3 and AWS's API reference call it) -> the path segment that names it on the wire,
# which also fixes the IAM action (ACTIONS). The one list the sandbox and the workbook read.
OPERATIONS = {
    "Converse": "converse",
    "ConverseStream": "converse-stream",
    "InvokeModel": "invoke",
    "InvokeModelWithResponseStream": "invoke-with-response-stream",
    "CountTokens": "count-tokens",
}
ROUTE = re.compile(r"^/model/(?P<id>.+)/(?P<op>" + "|".join(map(re.escape, OPERATIONS.values())) + ")$")
ACTIONS = {
    "converse": "bedrock:InvokeModel",
    "converse-stream": "bedrock:InvokeModelWithResponseStream",
    "invoke": "bedrock:InvokeModel",
    "invoke-with-response-stream": "bedrock:InvokeModelWithResponseStream",
    "count-tokens": "bedrock:CountTokens",
}


def unknown_operation() -> AwsError:
    return AwsError(404, "UnknownOperationException", "The requested operation is not recognized by the service.")


def serialization(message: str) -> AwsError:
    return AwsError(400, "SerializationException", message)


@dataclass
class Target:
    """What a model identifier names in this call, and where the work happens."""

    model: Model
    profile: Profile | None
    region: str  # the Region that serves the request (destination of a profile, else the call's)
    resources: list[tuple[str, dict | None]]  # (ARN, condition context) to authorize, in order


def resolve(raw_id: str, region: str, account: str, router) -> Target:
    """What `raw_id` (a model or profile id or ARN, percent-encoded as on the path) names for a call to
    bedrock-runtime in `region` by `account`, and the resources IAM is asked about, in order."""
    identifier = unquote(raw_id)
    model = profile = None
    if identifier.startswith("arn:"):
        parts = identifier.split(":", 5)
        if len(parts) != 6 or parts[:3] != ["arn", "aws", "bedrock"]:
            raise validation(INVALID_ID)
        arn_region, arn_account, resource = parts[3], parts[4], parts[5]
        if resource.startswith("foundation-model/") and arn_region == region and arn_account == "":
            model = CATALOG.models.get(resource[len("foundation-model/"):])
        elif resource.startswith("inference-profile/") and arn_region == region and arn_account == account:
            profile = CATALOG.profiles.get(resource[len("inference-profile/"):])
    else:
        profile = CATALOG.profiles.get(identifier)
        model = None if profile else CATALOG.models.get(identifier)

    if profile is not None:
        destinations = profile.destinations(region)
        if not destinations:  # a profile is only offered in its source Regions
            raise validation(INVALID_ID)
        model = CATALOG.models[profile.model_id]
        destination = router.destination(profile.id, region, destinations)
        parn = profile_arn(region, account, profile.id)
        context = {"bedrock:InferenceProfileArn": parn}
        if profile.is_global:
            # Global profiles: the model in the source Region and the Region-less model ARN.
            resources = [(parn, None), (fm_arn(region, model.id), context), (fm_arn("", model.id), context)]
        else:
            resources = [(parn, None), (fm_arn(destination, model.id), context)]
        return Target(model, profile, destination, resources)

    if model is None or not CATALOG.listed_in(model, region):
        raise validation(INVALID_ID)
    return Target(model, None, region, [(fm_arn(region, model.id), None)])


def resolve_operation(operation: str, raw_id: str, region: str, account: str, router) -> Target:
    """`resolve` for one OPERATIONS path segment: CountTokens takes a foundation model (id or ARN) only,
    so a profile is refused there (a ValidationException) before IAM is asked."""
    if operation == "count-tokens" and CATALOG.profile(raw_id) is not None:
        raise validation(NO_COUNTING)
    return resolve(raw_id, region, account, router)


def authorize(authz, action: str, target: Target) -> None:
    for resource, context in target.resources:
        authz.require(action, resource, context)


def check_model(target: Target, call, shape: str) -> None:
    """End of life, then on-demand support, then whether bedrock-runtime serves the model in `shape`."""
    lifecycle.require_alive(target.model, target.region, call.now)
    if target.profile is None and call.region not in target.model.on_demand_regions:
        raise validation(ON_DEMAND.format(id=target.model.id))
    if not target.model.serves("bedrock-runtime", shape):
        raise validation(NOT_CHAT if shape == "converse" else NOT_SERVED.format(id=target.model.id, shape=shape))


def load_json(body: bytes) -> dict:
    try:
        data = json.loads(body.decode("utf-8") if body else "{}")
    except (ValueError, RecursionError):  # RecursionError: nested deeper than the parser goes
        raise serialization("Unable to parse the request body as JSON.") from None
    if not isinstance(data, dict):
        raise serialization("The request body must be a JSON object.")
    return data


# --- Converse --------------------------------------------------------------------------------
def _constraint(value, where: str, rule: str) -> AwsError:
    return validation(f"1 validation error detected: Value '{value}' at '{where}' failed to satisfy constraint: "
                      f"{rule}")


def _blocks_text(blocks, where: str) -> str:
    if not isinstance(blocks, list):
        raise serialization(f"Expected a list at '{where}'.")
    texts = []
    for i, block in enumerate(blocks):
        if not isinstance(block, dict):
            raise serialization(f"Expected an object at '{where}.{i}'.")
        if "text" in block:
            if not isinstance(block["text"], str):
                raise serialization(f"Expected a string at '{where}.{i}.text'.")
            texts.append(block["text"])
    return "\n".join(texts)


def converse_prompt(data: dict, model: Model, *, for_counting: bool = False) -> families.Prompt:
    messages = data.get("messages")
    if messages is None:
        raise validation("1 validation error detected: Value null at 'messages' failed to satisfy constraint: "
                         "Member must not be null")
    if not isinstance(messages, list):
        raise serialization("Expected a list at 'messages'.")
    turns = []
    for i, message in enumerate(messages):
        if not isinstance(message, dict):
            raise serialization(f"Expected an object at 'messages.{i}'.")
        role = message.get("role")
        if role not in ("user", "assistant"):
            raise _constraint(role, f"messages.{i + 1}.member.role",
                              "Member must satisfy enum value set: [user, assistant]")
        content = message.get("content")
        if content is None:
            raise _constraint(None, f"messages.{i + 1}.member.content", "Member must not be null")
        if isinstance(content, list) and not content:
            raise validation(f"The content field in the Message object at messages.{i} is empty. Add a ContentBlock "
                             f"object to the content field and try again.")
        turns.append((role, _blocks_text(content, f"messages.{i}.content")))
    families.conversation_rules(turns)
    system = data.get("system", [])
    system_text = _blocks_text(system, "system") if system else ""
    max_tokens = None
    if not for_counting:
        config = data.get("inferenceConfig", {})
        if not isinstance(config, dict):
            raise serialization("Expected an object at 'inferenceConfig'.")
        max_tokens = config.get("maxTokens")
        if max_tokens is not None:
            if isinstance(max_tokens, bool) or not isinstance(max_tokens, int):
                raise serialization("Expected an integer at 'inferenceConfig.maxTokens'.")
            if max_tokens < 1:
                raise _constraint(max_tokens, "inferenceConfig.maxTokens",
                                  "Member must have value greater than or equal to 1")
            if max_tokens > model.max_output_tokens:
                limit = model.max_output_tokens
                raise validation(f"The maximum tokens you requested exceeds the model limit of {limit}. Try again "
                                 f"with a maximum tokens value that is lower than {limit}.")
        for name in ("temperature", "topP"):
            value = config.get(name)
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise serialization(f"Expected a number at 'inferenceConfig.{name}'.")
            if not 0 <= value <= 1:
                rule = "greater than or equal to 0" if value < 0 else "less than or equal to 1"
                raise _constraint(float(value), f"inferenceConfig.{name}", f"Member must have value {rule}")
    return families.Prompt(turns, system_text, max_tokens)


def _converse_answer(target: Target, data: dict, call) -> tuple[families.Prompt, str, str, str]:
    if target.model.family not in families.TEXT_FAMILIES:
        raise validation(NOT_CHAT)
    prompt = converse_prompt(data, target.model)
    text, stop = replies.answer(target.model.name, prompt.last_user_text, prompt.max_tokens)
    key = replies.digest(call.path, data)
    return prompt, text, stop, key


def converse(target: Target, call):
    data = load_json(call.body)
    prompt, text, stop, key = _converse_answer(target, data, call)
    body = {"output": {"message": {"role": "assistant", "content": [{"text": text}]}}, "stopReason": stop,
            "usage": families.usage(prompt, text), "metrics": {"latencyMs": replies.LATENCY_MS}}
    return 200, json_headers(key), [json.dumps(body).encode()]


def converse_stream(target: Target, call):
    data = load_json(call.body)
    prompt, text, stop, key = _converse_answer(target, data, call)

    def frames():
        yield eventstream.event("messageStart", {"role": "assistant"})
        for piece in replies.pieces(text):
            yield eventstream.event("contentBlockDelta", {"delta": {"text": piece}, "contentBlockIndex": 0})
        yield eventstream.event("contentBlockStop", {"contentBlockIndex": 0})
        yield eventstream.event("messageStop", {"stopReason": stop})
        yield eventstream.event("metadata", {"usage": families.usage(prompt, text),
                                             "metrics": {"latencyMs": replies.LATENCY_MS}})

    return 200, stream_headers(key), frames()


# --- InvokeModel -----------------------------------------------------------------------------
def native_body(body: bytes) -> dict:
    try:
        data = json.loads(body.decode("utf-8"))
    except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError
        raise validation("Malformed input request: the request body is not valid JSON, please reformat your input "
                         "and try again.") from None
    if not isinstance(data, dict):
        raise families.malformed(f"#: expected type: JSONObject, found: {families.json_type(data)}")
    return data


def invoke(target: Target, call):
    data = native_body(call.body)
    model = target.model
    key = replies.digest(call.path, data)
    if model.family in families.EMBEDDING_FAMILIES:
        answer, count = families.EMBEDDING_FAMILIES[model.family](data, model)
        headers = json_headers(key) + [("X-Amzn-Bedrock-Input-Token-Count", str(count)),
                                       ("X-Amzn-Bedrock-Invocation-Latency", str(replies.LATENCY_MS))]
        return 200, headers, [json.dumps(answer).encode()]
    parse, respond, _ = families.TEXT_FAMILIES[model.family]
    prompt = parse(data, model)
    text, stop = replies.answer(model.name, prompt.last_user_text, prompt.max_tokens)
    answer = respond(model, prompt, text, stop, key)
    headers = json_headers(key) + [
        ("X-Amzn-Bedrock-Input-Token-Count", str(prompt.input_tokens)),
        ("X-Amzn-Bedrock-Output-Token-Count", str(replies.tokens(text))),
        ("X-Amzn-Bedrock-Invocation-Latency", str(replies.LATENCY_MS)),
    ]
    return 200, headers, [json.dumps(answer).encode()]


def invoke_stream(target: Target, call):
    model = target.model
    if not model.streaming or model.family not in families.TEXT_FAMILIES:
        raise validation("The model is unsupported for streaming.")
    data = native_body(call.body)
    parse, _, stream = families.TEXT_FAMILIES[model.family]
    prompt = parse(data, model)
    text, stop = replies.answer(model.name, prompt.last_user_text, prompt.max_tokens)
    key = replies.digest(call.path, data)
    events = stream(model, prompt, text, stop, key)

    def frames():
        for e in events:
            yield eventstream.event("chunk", families.chunk_event(e))

    headers = stream_headers(key) + [("X-Amzn-Bedrock-Content-Type", "application/json")]
    return 200, headers, frames()


# --- CountTokens -----------------------------------------------------------------------------

def count_tokens(target: Target, call):
    model = target.model
    data = load_json(call.body)
    source = data.get("input")
    if source is None:
        raise validation("1 validation error detected: Value null at 'input' failed to satisfy constraint: "
                         "Member must not be null")
    if not isinstance(source, dict) or len(source) != 1 or next(iter(source)) not in ("converse", "invokeModel"):
        raise validation("The input must contain exactly one of: converse, invokeModel.")
    kind, value = next(iter(source.items()))
    if not isinstance(value, dict):
        raise serialization(f"Expected an object at 'input.{kind}'.")
    if kind == "converse":
        prompt = converse_prompt(value, model, for_counting=True)
    else:
        encoded = value.get("body")
        if not isinstance(encoded, str):
            raise validation("1 validation error detected: Value null at 'input.invokeModel.body' failed to "
                             "satisfy constraint: Member must not be null")
        try:
            raw = base64.b64decode(encoded, validate=True)
        except ValueError:
            raise serialization("Unable to decode 'input.invokeModel.body' as base64.") from None
        parse = families.TEXT_FAMILIES[model.family][0]
        prompt = parse(native_body(raw), model)
    key = replies.digest(call.path, data)
    return 200, json_headers(key), [json.dumps({"inputTokens": prompt.input_tokens}).encode()]


# --- plumbing --------------------------------------------------------------------------------
def json_headers(key: str) -> list[tuple[str, str]]:
    return [("Content-Type", "application/json"), ("x-amzn-RequestId", replies.request_id(key))]


def stream_headers(key: str) -> list[tuple[str, str]]:
    return [("Content-Type", "application/vnd.amazon.eventstream"), ("x-amzn-RequestId", replies.request_id(key))]


ANSWERS = {  # path segment -> the function that answers an authorized call
    "converse": converse,
    "converse-stream": converse_stream,
    "invoke": invoke,
    "invoke-with-response-stream": invoke_stream,
    "count-tokens": count_tokens,
}


def handle(call, authz, router):
    path = call.path.split("?", 1)[0]
    match = ROUTE.match(path)
    if call.method.upper() != "POST" or not match:
        raise unknown_operation()
    op = match["op"]
    target = resolve_operation(op, match["id"], call.region, authz.account, router)
    authorize(authz, ACTIONS[op], target)
    if op == "count-tokens":  # models without token counting are refused with a ValidationException
        lifecycle.require_alive(target.model, target.region, call.now)
        if not target.model.count_tokens:
            raise validation(NO_COUNTING)
    else:
        check_model(target, call, "converse" if op.startswith("converse") else "invoke")
    return ANSWERS[op](target, call)
