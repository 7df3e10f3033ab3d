"""Where a probe calls and as whom, the few fixed inputs probes share, and the requests they make."""
from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import timedelta

import requests
from botocore.credentials import Credentials

from ...bedrock.catalog import CATALOG
from ..answer import Answer, from_http
from ..principals import Principals
from ..signing import signed_headers

HAIKU_4_5 = "anthropic.claude-haiku-4-5-20251001-v1:0"
CLAUDE_3_HAIKU = "anthropic.claude-3-haiku-20240307-v1:0"
HELLO = [{"role": "user", "content": [{"text": "Say hi."}]}]
ANTHROPIC_HELLO = [{"role": "user", "content": "Say hi."}]
QUERY_FORM = {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}
IAM_URL = "https://iam.amazonaws.com/"
OUTSIDE_THE_WINDOW = timedelta(minutes=-20)  # outside a 5- and a 15-minute window: the refusal names the window


@dataclass
class Context:
    """Where the probes call and as whom. `region` is the run's Region; a probe that needs a
    particular Region (a model past its end of life there, one off AWS's list for keys) names it."""
    region: str
    principals: Principals
    http: requests.Session

    @property
    def prefix(self) -> str:
        return self.principals.prefix

    @property
    def profile(self) -> str:
        """The Claude Haiku 4.5 inference profile offered from the run's Region (a geographic one first)."""
        offered = [p for p in CATALOG.profiles_for(HAIKU_4_5) if self.region in p.source_regions]
        if not offered:
            raise ValueError(f"no Claude Haiku 4.5 inference profile is offered from {self.region}")
        return sorted(offered, key=lambda p: p.id.startswith("global."))[0].id

    @property
    def mantle_region(self) -> str:
        return self.region if self.region in CATALOG.mantle_regions else CATALOG.mantle_regions[0]

    def runtime(self, path: str, region: str | None = None) -> str:
        return f"https://bedrock-runtime.{region or self.region}.amazonaws.com{path}"

    def mantle(self, path: str, region: str | None = None) -> str:
        return f"https://bedrock-mantle.{region or self.mantle_region}.api.aws{path}"

    def post(self, url: str, body: dict, headers: dict | None = None, **fields) -> Answer:
        response = self.http.post(url, json=body, headers=headers or {}, timeout=60)
        return from_http(response, self.prefix, **fields)

    def bearer(self, key: str) -> dict:
        return {"Authorization": f"Bearer {key}"}

    def converse(self, model: str, headers: dict, region: str | None = None) -> Answer:
        body = {"messages": HELLO, "inferenceConfig": {"maxTokens": 5}}
        return self.post(self.runtime(f"/model/{requests.utils.quote(model, safe='')}/converse", region), body, headers)

    def get(self, url: str, headers: dict) -> Answer:
        return from_http(self.http.get(url, headers=headers, timeout=60), self.prefix)

    def client(self, service: str, credentials: Credentials, region: str | None = None, **options):
        """A boto3 client with `credentials`: a probe user's access key, or a role session's. It comes
        from the caller's session, with the credentials given explicitly: a fresh session per client
        would parse botocore's models again for each of the run's ~130 IAM and STS calls."""
        return self.principals.session.client(service, region_name=region or self.region,
                                              aws_access_key_id=credentials.access_key,
                                              aws_secret_access_key=credentials.secret_key,
                                              aws_session_token=credentials.token, **options)

    def as_user(self, role: str, service: str, region: str | None = None, **options):
        """A boto3 client as probe user `role`, with its access key."""
        return self.client(service, self.principals.credentials(role), region, **options)

    def role_session(self, role: str, name: str) -> Credentials:
        """A 15-minute session of probe role `role`, assumed by the `assumer` user."""
        made = self.as_user("assumer", "sts").assume_role(
            RoleArn=self.principals.role_arns[role], RoleSessionName=name, DurationSeconds=900)["Credentials"]
        return Credentials(made["AccessKeyId"], made["SecretAccessKey"], made["SessionToken"])

    def query(self, url: str, form: str, headers: dict) -> Answer:
        """An IAM or STS query-protocol call (`Action=...&Version=...`), with `headers` as given."""
        body = form.encode()
        response = self.http.post(url, data=body, headers={**QUERY_FORM, **headers}, timeout=60)
        return from_http(response, self.prefix)

    def signed(self, role: str, service: str, region: str, url: str, body: bytes, headers: dict,
               shift: timedelta, method: str = "POST") -> Answer:
        """A call signed with `role`'s access key by botocore's signer, its time stamp `shift` from now."""
        signed = signed_headers(self.principals.credentials(role), service, region, method, url, body, headers, shift)
        return from_http(self.http.request(method, url, data=body, headers=signed, timeout=60), self.prefix)

    def settle(self) -> None:
        """Wait for IAM to apply a change everywhere (on AWS; the sandbox applies it at once)."""
        time.sleep(self.principals.settle_seconds)


def eol_region() -> str:
    """A Region where Claude 3 Haiku was served on demand and is past its end of life (reference §5)."""
    model = CATALOG.models[CLAUDE_3_HAIKU]
    return next(r for r in model.on_demand_regions if not model.served_after_end_of_life(r))
