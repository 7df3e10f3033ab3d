"""AWS-shaped error responses, so every client parses a sandbox refusal as it parses AWS's."""
import json


class AwsError(Exception):
    """An error as AWS sends it: HTTP status, `x-amzn-ErrorType` header and a JSON body.

    Modelled errors use the body key `message`; the authentication layer in front of Bedrock uses
    `Message` (reference sheet §8) and names the generic coral service in its error type.
    """

    def __init__(self, status: int, code: str, message: str, *, message_key: str = "message"):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.message_key = message_key

    def response(self) -> tuple[int, list[tuple[str, str]], bytes]:
        body = json.dumps({self.message_key: self.message}).encode()
        namespace = "com.amazon.coral.service" if self.message_key == "Message" else "com.amazon.bedrock"
        headers = [
            ("Content-Type", "application/json"),
            ("x-amzn-ErrorType", f"{self.code}:http://internal.amazon.com/coral/{namespace}/"),
        ]
        return self.status, headers, body

    def __repr__(self) -> str:
        return f"AwsError({self.status}, {self.code!r}, {self.message!r})"


def validation(message: str) -> AwsError:
    return AwsError(400, "ValidationException", message)


def access_denied(message: str) -> AwsError:
    return AwsError(403, "AccessDeniedException", message)


def not_found(message: str) -> AwsError:
    return AwsError(404, "ResourceNotFoundException", message)
