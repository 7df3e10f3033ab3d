"""One answer of a service, normalised so that AWS's and the sandbox's can be compared and committed.

What is kept: the HTTP status, the error code, the message, and a few fields a probe names. What is
masked: anything that differs between accounts, runs or principals and says nothing about the
behaviour (account ids, the run's prefix, request ids, time stamps, key material, access key ids).
"""
from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field

_MASKS = (
    (re.compile(r"ABSK[A-Za-z0-9+/=]{8,}"), "<long-term key>"),
    (re.compile(r"bedrock-api-key-[A-Za-z0-9+/=%]{8,}"), "<short-term key>"),
    (re.compile(r"\b(?:AKIA|ASIA)[A-Z0-9]{16}\b"), "<access key id>"),
    (re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b", re.I), "<id>"),
    (re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?"), "<time>"),
    (re.compile(r"\b\d{8}T\d{6}Z\b"), "<time>"),
    (re.compile(r"(?<!\d)\d{12}(?!\d)"), "<account>"),
)


def mask(text: str | None, prefix: str = "") -> str | None:
    """`text` with what varies between runs and accounts replaced by a placeholder."""
    if text is None:
        return None
    if prefix:
        text = re.sub(rf"(?<![A-Za-z0-9]){re.escape(prefix)}-", "<prefix>-", text)
    for pattern, placeholder in _MASKS:
        text = pattern.sub(placeholder, text)
    return text


@dataclass(frozen=True)
class Answer:
    """What a service answered to one probe, in the form reports and snapshots hold."""
    status: int | None
    code: str | None = None
    message: str | None = None
    fields: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "Answer":
        return cls(data.get("status"), data.get("code"), data.get("message"), dict(data.get("fields") or {}))

    def differences(self, other: "Answer") -> list[str]:
        """What differs from `other`, one line per part ("" when they agree)."""
        lines = [f"{part}: {mine!r} here, {theirs!r} there"
                 for part, mine, theirs in (("status", self.status, other.status), ("code", self.code, other.code),
                                            ("message", self.message, other.message))
                 if mine != theirs]
        for key in sorted(set(self.fields) | set(other.fields)):
            if self.fields.get(key) != other.fields.get(key):
                lines.append(f"fields.{key}: {self.fields.get(key)!r} here, {other.fields.get(key)!r} there")
        return lines


def from_client_error(error, prefix: str = "", **fields) -> Answer:
    """A botocore ClientError (or any exception carrying `.response` as botocore's do)."""
    response = error.response
    return Answer(response.get("ResponseMetadata", {}).get("HTTPStatusCode"),
                  response.get("Error", {}).get("Code"), mask(response.get("Error", {}).get("Message"), prefix),
                  fields)


def from_http(response, prefix: str = "", **fields) -> Answer:
    """A `requests` response: AWS's error code from `x-amzn-ErrorType` or the body, the message from
    the body in whichever shape the endpoint uses (Bedrock's, OpenAI's, Anthropic's, or IAM and STS's XML)."""
    try:
        body = response.json()
    except ValueError:
        body = None
    if response.ok:
        return Answer(response.status_code, None, None, fields)
    code = (response.headers.get("x-amzn-ErrorType") or "").split(":")[0] or None
    message = None
    xml = _xml(response.text) if body is None else None
    if xml is not None:
        leaves = {path.rsplit(".", 1)[-1]: text for path, text in xml}
        code, message = code or leaves.get("Code"), leaves.get("Message")
        fields = {"body keys": sorted(path for path, _ in xml), **fields}
    elif isinstance(body, dict):
        error = body.get("error") if isinstance(body.get("error"), dict) else {}
        code = code or body.get("__type") or error.get("type") or error.get("code")
        message = body.get("message") or body.get("Message") or error.get("message")
        fields = {"body keys": sorted(_key_paths(body)), **fields}
    elif response.text:
        message = response.text.strip()[:300]
    return Answer(response.status_code, code, mask(message, prefix), fields)


def from_success(status: int = 200, **fields) -> Answer:
    return Answer(status, None, None, fields)


def _key_paths(body: dict, stem: str = "") -> list[str]:
    """`{"error": {"message": ..}}` -> ["error.message"]: an error body's shape, without its values."""
    paths = []
    for key, value in body.items():
        path = f"{stem}{key}"
        paths += _key_paths(value, path + ".") if isinstance(value, dict) else [path]
    return paths


def _xml(text: str) -> list[tuple[str, str]] | None:
    """`<ErrorResponse><Error><Code>X</Code>..` -> [("ErrorResponse.Error.Code", "X"), ..]; None if not XML."""
    from xml.etree import ElementTree

    try:
        root = ElementTree.fromstring(text)
    except ElementTree.ParseError:
        return None

    def leaves(element, stem: str) -> list[tuple[str, str]]:
        path = stem + element.tag.rpartition("}")[2]  # without the namespace
        children = list(element)
        if not children:
            return [(path, (element.text or "").strip())]
        return [leaf for child in children for leaf in leaves(child, path + ".")]
    return leaves(root, "")


def dumps(answers: dict[str, Answer]) -> str:
    return json.dumps({name: answer.to_dict() for name, answer in sorted(answers.items())}, indent=1,
                      ensure_ascii=False) + "\n"
