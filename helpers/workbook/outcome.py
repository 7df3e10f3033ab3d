"""What a call answered, in one line, exactly as the caller received it: `outcome(lambda: ...)`.

    outcome(lambda: runtime.converse(...))   # 'allowed: 200'
    outcome(lambda: requests.post(...))      # 'refused: 403 {"Message":"Bearer Token has expired"}'

boto3: a `ClientError` gives status, error code and message (`error.response["Error"]`), as the
SDK hands them over. requests: the status and the body as it arrived. The openai and anthropic
SDKs: the status and the body their `APIStatusError` carries. Never raises for an answer,
refusal or success alike, so a notebook shows what happened instead of asserting what should.
"""
from __future__ import annotations

from botocore.exceptions import BotoCoreError, ClientError


def outcome(call) -> str:
    """Run `call()` and say what came back: 'allowed: <status>' or 'refused: <status> <code>: <message>'."""
    try:
        answer = call()
    except ClientError as error:
        status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode", "")
        details = error.response.get("Error", {})
        return f"refused: {status} {details.get('Code', '')}: {details.get('Message', '')}"
    except BotoCoreError as error:  # refused on this side, before anything was sent
        return f"not sent: {type(error).__name__}: {error}"
    except Exception as error:  # the openai and anthropic SDKs: APIStatusError has the status and body
        if not hasattr(error, "status_code"):
            raise
        return f"refused: {error.status_code} {getattr(error, 'body', '')}"
    status = getattr(answer, "status_code", None)  # a requests.Response
    if status is not None:
        return f"allowed: {status}" if answer.ok else f"refused: {status} {answer.text.strip()}"
    if isinstance(answer, dict):  # a boto3 response
        return f"allowed: {answer.get('ResponseMetadata', {}).get('HTTPStatusCode', 200)}"
    return "allowed"


def allowed(answer: str) -> bool:
    return answer.startswith("allowed")
