"""The OpenAI Responses API through the openai SDK, a Bedrock API key as its api_key (plain and
`stream=True`), and its wire format through requests: answered on bedrock-mantle, where GPT-5.4 is
served (its model card lists bedrock-mantle only); on bedrock-runtime, what AWS documents the path
lacks (synchronous only, no server-side tools, the default project only), and GPT-5.4 refused."""
import json

import openai
import pytest
from aws_bedrock_token_generator import provide_token

from .conftest import MESSAGES, long_term_key
from .test_bedrock_runtime import RUNTIME_URL, Grantee, admin, allow, assert_aws_error, fm, refusal, wire

MODEL = "openai.gpt-5.4"  # served by Responses only, on bedrock-mantle only (catalog.json)
GPT_OSS = "openai.gpt-oss-20b-1:0"  # Responses for GPT OSS is mantle-only
MANTLE_URL = "https://bedrock-mantle.us-west-2.api.aws/openai/v1"  # GPT-5.4's prefix on mantle


def sdk(key=None, region="us-west-2", **kwargs):
    """The OpenAI SDK on mantle's /openai/v1, where GPT-5.4 answers Responses."""
    return openai.OpenAI(api_key=key or provide_token(region=region), max_retries=0,
                         base_url=f"https://bedrock-mantle.{region}.api.aws/openai/v1", **kwargs)


def runtime_sdk(key=None, region="us-west-2", **kwargs):
    return openai.OpenAI(api_key=key or provide_token(region=region), max_retries=0,
                         base_url=f"https://bedrock-runtime.{region}.amazonaws.com/openai/v1", **kwargs)


def test_a_response_through_the_sdk(today):
    client = sdk()
    response = client.responses.create(model=MODEL, input="Hello from the notebook", instructions="Be brief.")
    assert response.id.startswith("resp_") and response.object == "response" and response.status == "completed"
    assert response.model == MODEL and response.output[0].role == "assistant"
    assert response.output_text.startswith("[sandbox] GPT-5.4") and response.output_text.endswith("Hello from the notebook")
    assert response.usage.total_tokens == response.usage.input_tokens + response.usage.output_tokens > 0
    assert client.responses.create(model=MODEL, input="Hello from the notebook", instructions="Be brief.") == response


def test_input_items_and_a_cut_answer(today):
    response = sdk().responses.create(model=MODEL, max_output_tokens=2, input=[
        {"role": "developer", "content": "Be brief."},
        {"role": "user", "content": [{"type": "input_text", "text": "First question"}]},
        {"role": "assistant", "content": "An answer"},
        {"role": "user", "content": [{"type": "input_text", "text": "Second question"}]}])
    assert response.status == "incomplete" and response.incomplete_details.reason == "max_output_tokens"
    assert response.usage.output_tokens <= 2


def test_streaming_response_events(today):
    client = sdk()
    events = list(client.responses.create(model=MODEL, input="Hello", stream=True))
    kinds = [event.type for event in events]
    assert kinds[:4] == ["response.created", "response.in_progress", "response.output_item.added",
                         "response.content_part.added"]
    assert kinds[-4:] == ["response.output_text.done", "response.content_part.done", "response.output_item.done",
                          "response.completed"]
    assert [event.sequence_number for event in events] == list(range(len(events)))
    text = "".join(event.delta for event in events if event.type == "response.output_text.delta")
    whole = client.responses.create(model=MODEL, input="Hello")
    assert text == whole.output_text == events[-1].response.output_text


def test_stream_is_server_sent_events_with_event_names(today):
    answer = wire().post(f"{MANTLE_URL}/responses", json={"model": MODEL, "input": "Hi", "stream": True})
    assert answer.status_code == 200 and answer.headers["Content-Type"] == "text/event-stream"
    for block in filter(None, answer.content.decode().split("\n\n")):
        event, data = block.split("\n")
        assert event.startswith("event: ") and json.loads(data[len("data: "):])["type"] == event[len("event: "):]


@pytest.mark.parametrize("body, message", [
    ({"background": True}, "Background mode isn't supported on the bedrock-runtime endpoint"),
    ({"tools": [{"type": "web_search"}]}, "Server-side tools aren't supported on the bedrock-runtime endpoint"),
    ({"model": MODEL}, f"The model {MODEL} is not supported by the Responses API on this endpoint."),
    ({"model": GPT_OSS}, f"The model {GPT_OSS} is not supported by the Responses API on this endpoint."),
    ({"model": "us.anthropic.claude-haiku-4-5-20251001-v1:0"}, "The provided model identifier is invalid."),
])
def test_what_the_runtime_endpoint_lacks_is_refused(today, body, message):
    answer = wire().post(f"{RUNTIME_URL}/openai/v1/responses", json={"model": GPT_OSS, "input": "Hi", **body})
    assert message in assert_aws_error(answer, 400, "ValidationException")


@pytest.mark.parametrize("body, message", [
    ({"previous_response_id": "resp_1"}, "the sandbox stores no responses"),
    ({"input": []}, "Invalid type for 'input'"),
    ({"max_output_tokens": 0}, "Invalid 'max_output_tokens'"),
])
def test_what_the_sandbox_cannot_answer_is_refused(today, body, message):
    answer = wire().post(f"{MANTLE_URL}/responses", json={"model": MODEL, "input": "Hi", **body})
    assert answer.status_code == 400 and message in answer.text


def test_function_tools_are_accepted_and_only_the_default_project_on_runtime(today):
    tools = [{"type": "function", "name": "lookup", "parameters": {"type": "object", "properties": {}}}]
    assert sdk().responses.create(model=MODEL, input="Hi", tools=tools).status == "completed"
    with pytest.raises(openai.BadRequestError, match="Only the default project"):
        runtime_sdk(project="proj_other").responses.create(model=MODEL, input="Hi")


def test_authorized_as_invoke_model_on_the_model_on_runtime(today):
    user = Grantee(allow("bedrock:CallWithBearerToken", "*"))
    with pytest.raises(openai.PermissionDeniedError, match=f"bedrock:InvokeModel on resource: {fm('us-west-2', MODEL)}"):
        runtime_sdk(user.key()).responses.create(model=MODEL, input="Hi")
    user.allow(allow("bedrock:CallWithBearerToken", "*"), allow("bedrock:InvokeModel", fm("us-west-2", MODEL)))
    with pytest.raises(openai.BadRequestError, match="not supported by the Responses API on this endpoint"):
        runtime_sdk(user.key()).responses.create(model=MODEL, input="Hi")  # allowed, then not served there
    with pytest.raises(openai.PermissionDeniedError, match="bedrock:InvokeModelWithResponseStream"):
        list(runtime_sdk(user.key()).responses.create(model=MODEL, input="Hi", stream=True))


def test_served_where_listed_on_mantle_and_by_responses_only(today):
    key = long_term_key("workbook-admin")["ServiceCredentialSecret"]  # one key for every Region
    for region in ("us-west-2", "us-east-2"):
        listed = admin("bedrock", region).get_foundation_model(modelIdentifier=MODEL)["modelDetails"]
        assert listed["inferenceTypesSupported"] == ["ON_DEMAND"]
        assert sdk(key, region).responses.create(model=MODEL, input="Hi").model == MODEL
        with pytest.raises(openai.BadRequestError, match="not supported by the Responses API on this endpoint"):
            runtime_sdk(key, region).responses.create(model=MODEL, input="Hi")
    assert refusal(lambda: admin().converse(modelId=MODEL, messages=MESSAGES)) == (
        400, "ValidationException",
        "This action doesn't support the model that you provided. Try again with a supported text or chat model.")
    with pytest.raises(openai.BadRequestError, match="isn't supported on this route"):
        sdk(key, "eu-west-1").responses.create(model=MODEL, input="Hi")
