"""bedrock-mantle (`bedrock-mantle.<region>.api.aws`): Responses and Chat Completions under `/v1`
(most models) or `/openai/v1` (some), the Anthropic Messages API under `/anthropic/v1`.

`GET /v1/models` (and `/openai/v1/models`) lists the models mantle serves in the Region.

Mantle has its own IAM prefix (reference §4): key use is `bedrock-mantle:CallWithBearerToken` (the
app requires it), inference is `bedrock-mantle:CreateInference` on the project ARN with the requested
model in `bedrock-mantle:Model`. So a policy that allows only `bedrock:` actions is refused here.
Model ids are mantle's own (`anthropic.claude-haiku-4-5`, `openai.gpt-oss-120b`: no profile prefix,
no -v1:0); a model asked for on a route that does not serve it gets AWS's "isn't supported on this
route" (docs: inference-responses-api), and so does one asked for in a Region where bedrock-runtime does
not serve it either (the same model in the same Regions on both endpoints; that wording there is [open]).
"""
import json

from ..errors import validation
from . import anthropic_messages, lifecycle, openai_compat, replies, responses
from .catalog import CATALOG
from .runtime import json_headers, load_json, unknown_operation

ROUTES = {  # path -> (prefix a model must be served under, API shape)
    "/v1/responses": ("/v1", "responses"),
    "/v1/chat/completions": ("/v1", "chat-completions"),
    "/openai/v1/responses": ("/openai/v1", "responses"),
    "/openai/v1/chat/completions": ("/openai/v1", "chat-completions"),
    "/anthropic/v1/messages": ("/anthropic/v1", "messages"),
    "/anthropic/v1/messages/count_tokens": ("/anthropic/v1", "count-tokens"),
}
MODELS = ("/v1/models", "/openai/v1/models")  # "Get list of models" (models-get-info); /openai/v1 [open]
ANSWERS = {
    "responses": responses.respond,
    "chat-completions": openai_compat.complete,
    "messages": lambda call, data, model, _: anthropic_messages.answer(call, data, model),
    "count-tokens": lambda call, data, model, _: anthropic_messages.count_tokens(call, data, model),
}


def project_arn(region: str, account: str, project: str = "default") -> str:
    """The project every request runs in: the default one unless the caller names another ([open])."""
    return f"arn:aws:bedrock-mantle:{region}:{account}:project/{project}"


def inference_request(region: str, account: str, model_id: str) -> tuple[str, str, dict]:
    """What IAM is asked for inference on mantle: (action, resource, condition keys) for `authz.require`."""
    return "bedrock-mantle:CreateInference", project_arn(region, account), {"bedrock-mantle:Model": model_id}


def list_models(call, authz):
    """GET /v1/models: OpenAI's list shape, the models mantle serves in this Region. Authorized as
    `bedrock-mantle:ListModels` on the project ARN ([3p]: a denial named that action and resource)."""
    authz.require("bedrock-mantle:ListModels", project_arn(call.region, authz.account))
    data = [{"id": m.mantle["id"], "object": "model", "created": int(m.start_of_life.timestamp()),
             "owned_by": m.provider.lower()}
            for m in CATALOG.models_in(call.region)
            if m.mantle and not lifecycle.past_end_of_life(m, call.region, call.now)]
    body = json.dumps({"object": "list", "data": data}).encode()
    return 200, json_headers(replies.digest(call.region, call.path, "")), [body]


def handle(call, authz):
    path = call.path.split("?", 1)[0].rstrip("/")
    if call.method.upper() == "GET" and path in MODELS:
        return list_models(call, authz)
    route = ROUTES.get(path)
    if call.method.upper() != "POST" or route is None:
        raise unknown_operation()
    data = load_json(call.body)
    model_id = (anthropic_messages.model_of if route[1] in ("messages", "count-tokens") else openai_compat.model_of)(data)
    openai_compat.stream_flag(data)
    authz.require(*inference_request(call.region, authz.account, model_id))
    model = CATALOG.mantle_model(model_id)
    prefix, shape = route
    if (model is None or model.mantle["prefix"] != prefix or not model.serves("bedrock-mantle", shape)
            or not CATALOG.listed_in(model, call.region)):  # the Regions runtime serves it in, no others
        raise validation(f"model `{model_id}` isn't supported on this route")
    lifecycle.require_alive(model, call.region, call.now)
    return ANSWERS[shape](call, data, model, model_id)
