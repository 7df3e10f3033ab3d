"""An offline Bedrock, IAM and STS for the workbook, started in-process in a fraction of a second.

    from helpers import sandbox
    box = sandbox.start()          # one per process; later calls return the same one
    box.apply_environment()        # point boto3, requests, openai and curl (children) at it

Clients reach it through configuration only (see `environment`): an HTTPS proxy that answers the
real AWS host names, a CA bundle, and sandbox credentials. DESIGN.md explains why a proxy.
"""
import os
import tempfile
import threading
from pathlib import Path

from .app import SandboxApp
from .bedrock import lifecycle
from .clock import Clock
from .organization import Organization
from .routing import Router
from .server import ProxyServer
from .tls import DIRECTORY_PREFIX, make_certificates, sweep_stale
from .world import World

DEFAULT_REGION = "us-west-2"
# Variables that would send a client elsewhere or make it use other credentials.
_CLEARED = ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_BEARER_TOKEN_BEDROCK", "AWS_ENDPOINT_URL",
            "AWS_ENDPOINT_URL_BEDROCK", "AWS_ENDPOINT_URL_BEDROCK_RUNTIME", "AWS_ENDPOINT_URL_IAM",
            "AWS_ENDPOINT_URL_STS")


class Sandbox:
    """A running sandbox: its address, its state (world, clock, routing, SCPs), and how to reach it."""

    def __init__(self, seed: int = 42, port: int = 0, region: str = DEFAULT_REGION, idle_timeout: float = 120):
        from moto.moto_server.werkzeug_app import create_backend_app

        self.region = region
        sweep_stale()
        self._directory = tempfile.TemporaryDirectory(prefix=f"{DIRECTORY_PREFIX}{os.getpid()}-")
        certificates = make_certificates(Path(self._directory.name))
        self.ca_bundle = str(certificates.ca_bundle)
        self.clock = Clock()
        self.world = World(clock=self.clock, seed=seed)
        self.router = Router()
        self.organization = Organization()
        self.app = SandboxApp(self.world, self.router, self.organization,
                              {"iam": create_backend_app("iam"), "sts": create_backend_app("sts")})
        self.reset()
        self._server = ProxyServer(self.app, certificates.server_context, port, idle_timeout=idle_timeout)
        self.port = self._server.port
        self._server.start()

    @property
    def idle_timeout(self) -> float:
        """Seconds an idle client connection is kept (then closed cleanly; clients reconnect)."""
        return self._server.idle_timeout

    @idle_timeout.setter
    def idle_timeout(self, seconds: float) -> None:
        self._server.idle_timeout = seconds

    @property
    def request_timeout(self) -> float:
        """Seconds a request may take to arrive whole (line, headers, body) once it has begun."""
        return self._server.request_timeout

    @request_timeout.setter
    def request_timeout(self, seconds: float) -> None:
        self._server.request_timeout = seconds

    @property
    def max_connections(self) -> int:
        """Client connections served at once; one more sheds the oldest idle or slowest one."""
        return self._server.connections.limit

    @max_connections.setter
    def max_connections(self, count: int) -> None:
        self._server.connections.limit = count

    @property
    def proxy_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def environment(self) -> dict[str, str]:
        """Everything an unchanged client needs: the proxy, the CA bundle, a region and credentials."""
        key_id, secret = self.world.admin_credentials
        return {
            "HTTPS_PROXY": self.proxy_url,
            "https_proxy": self.proxy_url,
            "NO_PROXY": "127.0.0.1,localhost",
            "no_proxy": "127.0.0.1,localhost",
            "AWS_CA_BUNDLE": self.ca_bundle,
            "REQUESTS_CA_BUNDLE": self.ca_bundle,
            "SSL_CERT_FILE": self.ca_bundle,
            "CURL_CA_BUNDLE": self.ca_bundle,
            "AWS_REGION": self.region,
            "AWS_DEFAULT_REGION": self.region,
            "AWS_ACCESS_KEY_ID": key_id,
            "AWS_SECRET_ACCESS_KEY": secret,
            "AWS_EC2_METADATA_DISABLED": "true",
        }

    def apply_environment(self, environ=os.environ) -> None:
        """Point this process (and programs it starts) at the sandbox."""
        for name in _CLEARED:
            environ.pop(name, None)
        environ.update(self.environment)

    def reset(self) -> None:
        """A clean state: seeded ids, the admin user, no keys, clock at real time, default routing, no SCPs."""
        self.world.reset()
        self.router.reset()
        self.organization.reset()
        self.app.reset()
        self.enforce_end_of_life(False)

    def enforce_end_of_life(self, enabled: bool = True) -> None:
        """Refuse models past their end-of-life date as AWS does (off by default: see FIDELITY.md)."""
        lifecycle.configure(enforce_end_of_life=enabled, now=self.clock.now)

    def stop(self) -> None:
        global _running
        self._server.shutdown()
        self._server.server_close()
        self._directory.cleanup()
        with _lock:
            if _running is self:
                _running = None


_running: Sandbox | None = None
_lock = threading.Lock()


def start(**kwargs) -> Sandbox:
    """The process's sandbox, started on first use."""
    global _running
    with _lock:
        if _running is None:
            _running = Sandbox(**kwargs)
        return _running
