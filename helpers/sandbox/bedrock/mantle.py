"""bedrock-mantle (`bedrock-mantle.<region>.api.aws`): Responses and Chat Completions under `/v1`
(most models) or `/openai/v1` (some), the Anthropic Messages API under `/anthropic/v1`.

Mantle has its own IAM prefix (reference §4): key use is `bedrock-mantle:CallWithBearerToken` (the
app requires it), inference is `bedrock-mantle:CreateInference` on the project ARN with the requested
model in `bedrock-mantle:Model`. So a policy that allows only `bedrock:` actions is refused here.
Model ids are mantle's own (`anthropic.claude-haiku-4-5`, `openai.gpt-oss-120b`: no profile prefix,
no -v1:0); a model asked for on a route that does not serve it gets AWS's "isn't supported on this
route" (docs: inference-responses-api), and so does one asked for in a Region where bedrock-runtime does
not serve it either (the same model in the same Regions on both endpoints; that wording there is [open]).
"""
from ..errors import validation
from . import anthropic_messages, lifecycle, openai_compat, responses
from .catalog import CATALOG
from .runtime import load_json, unknown_operation

ROUTES = {  # path -> (prefix a model must be served under, API shape)
    "/v1/responses": ("/v1", "responses"),
    "/v1/chat/completions": ("/v1", "chat-completions"),
    "/openai/v1/responses": ("/openai/v1", "responses"),
    "/openai/v1/chat/completions": ("/openai/v1", "chat-completions"),
    "/anthropic/v1/messages": ("/anthropic/v1", "messages"),
    "/anthropic/v1/messages/count_tokens": ("/anthropic/v1", "count-tokens"),
}
ANSWERS = {
    "responses": responses.respond,
    "chat-completions": openai_compat.complete,
    "messages": lambda call, data, model, _: anthropic_messages.answer(call, data, model),
    "count-tokens": lambda call, data, model, _: anthropic_messages.count_tokens(call, data, model),
}


def project_arn(region: str, account: str, project: str = "default") -> str:
    """The project every request runs in: the default one unless the caller names another ([open])."""
    return f"arn:aws:bedrock-mantle:{region}:{account}:project/{project}"


def handle(call, authz):
    route = ROUTES.get(call.path.split("?", 1)[0].rstrip("/"))
    if call.method.upper() != "POST" or route is None:
        raise unknown_operation()
    data = load_json(call.body)
    model_id = (anthropic_messages.model_of if route[1] in ("messages", "count-tokens") else openai_compat.model_of)(data)
    openai_compat.stream_flag(data)
    authz.require("bedrock-mantle:CreateInference", project_arn(call.region, authz.account),
                  {"bedrock-mantle:Model": model_id})
    model = CATALOG.mantle_model(model_id)
    prefix, shape = route
    if (model is None or model.mantle["prefix"] != prefix or not model.serves("bedrock-mantle", shape)
            or not CATALOG.listed_in(model, call.region)):  # the Regions runtime serves it in, no others
        raise validation(f"model `{model_id}` isn't supported on this route")
    lifecycle.require_alive(model, call.region, call.now)
    return ANSWERS[shape](call, data, model, model_id)
