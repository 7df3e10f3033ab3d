"""What a Bedrock request is (`Call`) and who made it (`Principal`): the currency between modules."""
from dataclasses import dataclass, field
from datetime import datetime
from typing import Mapping


@dataclass(frozen=True)
class Call:
    """One Bedrock, IAM or STS HTTP request as it arrived, with the service and region read off its host."""

    method: str
    host: str
    service: str  # "bedrock" | "bedrock-runtime" | "iam" | "sts"
    region: str
    path: str  # raw, percent-encoded as on the wire
    query: str
    headers: Mapping[str, str] = field(repr=False)  # case-insensitive; holds the key or signature
    body: bytes
    source_ip: str = "127.0.0.1"
    secure: bool = True  # arrived over TLS (aws:SecureTransport)
    now: datetime | None = None  # sandbox time when it arrived: end of life is judged against it


@dataclass(frozen=True)
class Principal:
    """An authenticated caller: an IAM user or an assumed-role session, and how it proved it."""

    arn: str
    kind: str  # "user" | "assumed-role"
    name: str  # user name, or role name for a session
    account: str
    user_id: str  # aws:userid
    auth: str = "sigv4"  # "bearer-short" | "bearer-long" | "sigv4" | "sigv4-query" (presigned)
    token_issue_time: datetime | None = None
    session_key_id: str | None = None  # the STS session's access key id: finds its session policies

    @property
    def bearer_token_type(self) -> str | None:
        return {"bearer-short": "SHORT_TERM", "bearer-long": "LONG_TERM"}.get(self.auth)
