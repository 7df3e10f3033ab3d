"""The sandbox's WSGI app: the host a request was addressed to decides who answers it.

`bedrock`, `bedrock-runtime` and `bedrock-mantle` (`bedrock-mantle.<region>.api.aws`) hosts get
authentication, authorization and the Bedrock surface; `iam` and `sts` are authenticated and
authorized (`guard.py`), then go to moto; `organizations` is answered by `organizations_api.py`; a bearer key sent anywhere but Bedrock is refused, as it
is no credential there. Bodies arrive already read and bounded (`body.py`); a request the server
refused arrives as `environ["sandbox.refusal"]`.
"""
import contextlib
import itertools
import json
import logging
import re
import threading
import uuid
from http import HTTPStatus

from werkzeug.datastructures import Headers
from werkzeug.wrappers import Request

from . import bedrock, guard, iam_requests, organizations_api, presigned, simulate
from .auth import authenticate
from .auth.errors import INCOMPLETE_SIGNATURE
from .authorize import Authorizer, PolicyCache, request_context
from .bedrock.catalog import CATALOG
from .body import Refusal
from .call import Call
from .errors import AwsError
from .key_calls import bearer_need
from .query_errors import query_error, with_request_id

log = logging.getLogger(__name__)

_REGION = r"[a-z]{2}(?:-gov)?-[a-z]+-\d"
_HOST = re.compile(rf"^(?P<service>[a-z0-9-]+)(?:\.(?P<region>{_REGION}))?\.amazonaws\.com$"
                   rf"|^(?P<mantle>bedrock-mantle)\.(?P<mantle_region>{_REGION})\.api\.aws$"
                   rf"|^(?P<dual>bedrock|bedrock-runtime|sts)\.(?P<dual_region>{_REGION})\.api\.aws$"
                   r"|^(?P<dual_iam>iam)\.global\.api\.aws$")
BEDROCK_SERVICES = ("bedrock", "bedrock-runtime", "bedrock-mantle")
# IAM's global endpoint, and STS's, sign and report as us-east-1.
_GLOBAL_REGION = "us-east-1"
_OPTIMISTIC_TRIES = 3  # evaluations outside the lock before one under it
_FORM_ONLY = "IAM and STS take their parameters as application/x-www-form-urlencoded, not as this Content-Type."
_MALFORMED = query_error("MalformedQueryString", "The request could not be parsed.")
_REQUEST_IDS = uuid.UUID("6ba7b812-9dad-11d1-80b4-00c04fd430c8")


def parse_host(host: str) -> tuple[str, str | None]:
    """`bedrock-runtime.us-west-2.amazonaws.com` -> ("bedrock-runtime", "us-west-2");
    `bedrock-mantle.us-east-2.api.aws` -> ("bedrock-mantle", "us-east-2"); region None where AWS offers no mantle;
    the dual-stack `bedrock-runtime.us-west-2.api.aws` and `iam.global.api.aws` as their amazonaws.com twins."""
    match = _HOST.match(host.split(":")[0].lower().rstrip("."))
    if not match:
        return "", None
    if match["mantle"]:
        return "bedrock-mantle", match["mantle_region"] if match["mantle_region"] in CATALOG.mantle_regions else None
    if match["dual"]:  # the dual-stack (IPv4 and IPv6) endpoints: the same service
        return match["dual"], match["dual_region"]
    if match["dual_iam"]:
        return "iam", None
    return match["service"], match["region"]


class SandboxApp:
    def __init__(self, world, router, organization, moto_apps: dict):
        self.world = world
        self.router = router
        self.organization = organization
        self.moto_apps = moto_apps
        self.policies = PolicyCache()
        self._ids = itertools.count()
        self._ids_lock = threading.Lock()

    def reset(self) -> None:
        with self._ids_lock:
            self._ids = itertools.count()

    def next_request_id(self) -> str:
        with self._ids_lock:
            return str(uuid.uuid5(_REQUEST_IDS, str(next(self._ids))))

    def __call__(self, environ, start_response):
        service, region = parse_host(environ.get("HTTP_HOST", ""))
        if "sandbox.refusal" in environ:
            status, headers, body = self.refuse(environ["sandbox.refusal"], service)
        elif _bearer(environ) and environ.get("wsgi.url_scheme") != "https":
            status, headers, body = self.plaintext_key(service)
        elif service in BEDROCK_SERVICES and region:
            status, headers, body = self.bedrock(environ, service, region)
        elif service == "bedrock-mantle":  # a Region without mantle: no such host at AWS
            status, headers, body = self.unknown_host(environ.get("HTTP_HOST", ""))
        elif environ.get("HTTP_AUTHORIZATION", "").lower().startswith("bearer"):  # over TLS, to IAM or STS
            status, headers, body = self.bearer_elsewhere(service)
        elif service == "organizations":  # its own front over moto's model (organization.py)
            with self.world.lock:
                status, headers, body = organizations_api.answer(
                    _call(environ, service, region or _GLOBAL_REGION), self.world, self.organization, self.policies)
        elif service in self.moto_apps:
            status, headers, body = self.moto(environ, service, region)
        else:
            status, headers, body = self.unknown_host(environ.get("HTTP_HOST", ""))
        headers = Headers(headers)
        headers.setdefault("x-amzn-RequestId", self.next_request_id())
        if isinstance(body, list) and headers.get("Content-Type") == "text/xml":  # IAM, STS: the id in the body too
            body = with_request_id(body, headers["x-amzn-RequestId"])
        if isinstance(body, list) and "Content-Length" not in headers:
            headers["Content-Length"] = str(sum(map(len, body)))
        start_response(f"{status} {_reason(status)}", headers.to_wsgi_list())
        return body

    def bedrock(self, environ, service: str, region: str):
        try:
            call = _call(environ, service, region, now=self.world.clock.now())
            with self.world.lock:
                principal = authenticate(call, self.world)
                authz = Authorizer(
                    principal, self.world.policies_for(principal), self.organization.scps,
                    request_context(principal, call, call.now), self.policies,
                )
            if principal.bearer_token_type:
                need = bearer_need(service, principal.bearer_token_type)
                authz.require(need.action, need.resource, need.context)
            return bedrock.handle(call, authz, self.router)
        except AwsError as error:
            return _answer(error)
        except Exception:  # a sandbox bug: say so in AWS's shape, keep serving
            log.exception("sandbox error on %s %s", service, environ.get("PATH_INFO"))
            return _answer(AwsError(500, "InternalServerException", "The sandbox failed on this request."))

    def moto(self, environ, service: str, region: str | None):
        """Authorize, then run on moto exactly the parameters authorized.

        The policy evaluation runs outside `world.lock` (a slow policy must not stall every caller),
        against the state as of a generation of the world; the request then runs under the lock only
        if no change happened meanwhile, so what was checked is what moto changes. Under steady
        contention the last try holds the lock throughout, as a lock-only design would.
        """
        call = _call(environ, service, region or _GLOBAL_REGION)
        if not _form_encoded(environ):
            return query_error("InvalidParameterValue", _FORM_ONLY, 400)
        for attempt in range(_OPTIMISTIC_TRIES + 1):
            last = attempt == _OPTIMISTIC_TRIES
            with self.world.lock if last else contextlib.nullcontext():
                generation = self.world.generation
                try:
                    decided = self._decide(call)
                except Exception:  # a read torn by a concurrent change, or input moto chokes on
                    if not last:
                        continue
                    log.debug("a malformed %s request", service, exc_info=True)
                    return _MALFORMED
                with self.world.lock:
                    if self.world.generation == generation:
                        return decided or self._execute(environ, call, service)
        raise AssertionError("unreachable: the last try holds the lock throughout")

    def _decide(self, call: Call):
        """The guard's refusal, or a presigned request's answer (moto reads only the Authorization
        header), or SimulatePrincipalPolicy's (moto lacks it), or None: run it."""
        refused = guard.refusal(call, self.world, self.organization.scps, self.policies)
        if refused:
            return refused
        op = iam_requests.parse(call)
        answered = presigned.answer(call, op, self.world)
        if answered:
            return answered
        if op.action == "iam:SimulatePrincipalPolicy":  # moto lacks it
            return simulate.answer(op.params, self.world, self.organization.scps, self.policies)
        return None

    def _execute(self, environ, call: Call, service: str):
        """Run the request on moto, under `world.lock`: the request the guard read with moto's own parser."""
        captured = {}

        def capture(status, headers, exc_info=None):
            captured["status"], captured["headers"] = int(status.split()[0]), headers
            return lambda data: None

        self.world.generation += 1
        try:
            body = b"".join(self.moto_apps[service](environ, capture))
        except Exception:  # moto chokes on some malformed input
            log.debug("moto refused a malformed %s request", service, exc_info=True)
            return _MALFORMED
        return captured["status"], captured["headers"], [body]

    @staticmethod
    def refuse(refusal: Refusal, service: str):
        """A request the server refused before reading it through, in its service's shape."""
        if service in ("iam", "sts"):
            code = {"too-large": "RequestEntityTooLarge", "authorization": "IncompleteSignature"}.get(
                refusal.kind, "MalformedInput")
            return query_error(code, refusal.message, refusal.status)
        code = "IncompleteSignatureException" if refusal.kind == "authorization" else "ValidationException"
        return _answer(AwsError(refusal.status, code, refusal.message))

    @staticmethod
    def plaintext_key(service: str):
        """A Bedrock API key sent in plain HTTP: AWS's endpoints are HTTPS only, so nothing answers
        there; the sandbox refuses before looking at the key (the wording is the sandbox's, open)."""
        message = "Bedrock API keys are accepted over HTTPS only; this request came over plain HTTP."
        if service in ("iam", "sts"):
            return query_error("AccessDenied", message, 403)
        return _answer(AwsError(403, "AccessDeniedException", message, message_key="Message"))

    @staticmethod
    def bearer_elsewhere(service: str):
        """IAM, STS and every other service take SigV4, never a Bedrock API key."""
        message = INCOMPLETE_SIGNATURE + " Authorization=Bearer"
        if service in ("iam", "sts", ""):
            return query_error("IncompleteSignature", message)
        return _answer(AwsError(400, "IncompleteSignatureException", message, message_key="message"))

    @staticmethod
    def unknown_host(host: str):
        body = json.dumps({"message": f"The sandbox answers for Bedrock, IAM and STS only, not {host or 'this host'}."})
        return 404, [("Content-Type", "application/json"), ("x-amzn-ErrorType", "UnknownEndpoint")], [body.encode()]


def _bearer(environ) -> bool:
    """The request carries a Bedrock API key: `Authorization: Bearer`, or `x-api-key` (Anthropic routes)."""
    return (environ.get("HTTP_AUTHORIZATION", "").strip().lower().startswith("bearer")
            or bool(environ.get("HTTP_X_API_KEY", "").strip()))


def _call(environ, service: str, region: str, now=None) -> Call:
    """The request as a Call; the body stays readable, for moto, which reads it again."""
    request = Request(environ)
    body = environ["wsgi.input"].read()
    environ["wsgi.input"].seek(0)
    return Call(method=request.method, host=request.host.split(":")[0], service=service, region=region,
                path=environ.get("RAW_URI", request.path).split("?")[0], query=environ.get("QUERY_STRING", ""),
                headers=request.headers, body=body, source_ip=request.remote_addr or "127.0.0.1",
                secure=request.scheme == "https", now=now)


def _form_encoded(environ) -> bool:
    """A query-protocol body is a URL-encoded form (or absent): AWS's SDKs send nothing else, and the
    sandbox refuses the rest (multipart, JSON...) rather than guess how AWS would read them."""
    declared = environ.get("CONTENT_TYPE", "").split(";")[0].strip().lower()
    return declared in ("", "application/x-www-form-urlencoded") or environ.get("CONTENT_LENGTH") == "0"


def _answer(error: AwsError):
    """An AwsError as the (status, headers, body chunks) every route returns."""
    status, headers, body = error.response()
    return status, headers, [body]


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"
