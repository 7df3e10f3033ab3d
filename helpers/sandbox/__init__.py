"""An offline Bedrock, IAM and STS for the workbook, started in-process in a fraction of a second.

    from helpers import sandbox
    box = sandbox.start()          # one per process; later calls return the same one
    sandbox.running()              # that sandbox, or None if none was started
    box.apply_environment()        # point boto3, requests, openai, anthropic and curl (children) at it
    with box.replay_date(date(2026, 6, 1)):   # sandbox time on another day (e.g. before an end of life)
        ...
    from helpers.sandbox.bedrock import api_table   # which model answers on which path, with sources

Clients reach it through configuration only (see `environment`): an HTTPS proxy that answers the
real AWS host names, a CA bundle, and sandbox credentials. DESIGN.md explains why a proxy.
"""
import os
import tempfile
from datetime import date, datetime, time, timezone
import threading
from pathlib import Path

DEFAULT_REGION = "us-west-2"
# Variables that would send a client elsewhere or make it use other credentials: boto3's, and every
# variable of the openai and anthropic SDKs (keys, base URLs incl. ANTHROPIC_BEDROCK_MANTLE_BASE_URL,
# ANTHROPIC_AWS_API_KEY, profiles, custom headers).
# Endpoint variants (dual-stack, FIPS) are cleared so clients use the hosts the course shows.
# Every other way boto3 finds real credentials is cleared too: profiles, web identity (CI's OIDC),
# container credentials, and the shared config and credentials files (pointed at an empty file), so
# no real credential is ever sent to the sandbox, even by code that names a profile.
_CLEARED = ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN",
            "AWS_CREDENTIAL_EXPIRATION", "AWS_ROLE_ARN", "AWS_ROLE_SESSION_NAME", "AWS_WEB_IDENTITY_TOKEN_FILE",
            "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI",
            "AWS_CONTAINER_AUTHORIZATION_TOKEN", "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
            "AWS_BEARER_TOKEN_BEDROCK", "AWS_ENDPOINT_URL",
            "AWS_ENDPOINT_URL_BEDROCK", "AWS_ENDPOINT_URL_BEDROCK_RUNTIME", "AWS_ENDPOINT_URL_IAM",
            "AWS_ENDPOINT_URL_STS", "AWS_USE_DUALSTACK_ENDPOINT", "AWS_USE_FIPS_ENDPOINT")
_CLEARED_PREFIXES = ("OPENAI_", "ANTHROPIC_")


class Sandbox:
    """A running sandbox: its address, its state (world, clock, routing, SCPs), and how to reach it."""

    def __init__(self, seed: int = 42, port: int = 0, region: str = DEFAULT_REGION, idle_timeout: float = 120):
        # Imported here, not with the package: a kernel on target "aws" reads the catalog
        # (helpers.sandbox.bedrock) and never starts a sandbox, so it need not load moto and the server.
        from moto.moto_server.werkzeug_app import create_backend_app

        from .app import SandboxApp
        from .clock import Clock
        from .organization import Organization
        from .routing import Router
        from .server import ProxyServer
        from .tls import DIRECTORY_PREFIX, make_certificates, sweep_stale
        from .world import World

        self.region = region
        sweep_stale()
        self._directory = tempfile.TemporaryDirectory(prefix=f"{DIRECTORY_PREFIX}{os.getpid()}-")
        certificates = make_certificates(Path(self._directory.name))
        self.ca_bundle = str(certificates.ca_bundle)
        self.ca_file = str(certificates.ca_file)
        self.empty_config = Path(self._directory.name) / "empty-aws-config"  # no profiles, no keys
        self.empty_config.touch()
        self.clock = Clock()
        self.world = World(clock=self.clock, seed=seed)
        self.router = Router()
        self.organization = Organization(self.world.account)
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
        """Everything an unchanged client needs: the proxy, the CA bundle, a region and credentials
        (and empty shared config and credentials files, so no real profile is read)."""
        key_id, secret = self.world.admin_credentials
        return {
            "HTTPS_PROXY": self.proxy_url,
            "https_proxy": self.proxy_url,
            "NO_PROXY": "127.0.0.1,localhost",
            "no_proxy": "127.0.0.1,localhost",
            "AWS_CA_BUNDLE": self.ca_file,     # botocore reaches AWS hosts only: the sandbox's (tls.py)
            "REQUESTS_CA_BUNDLE": self.ca_bundle,
            "SSL_CERT_FILE": self.ca_bundle,
            "CURL_CA_BUNDLE": self.ca_bundle,
            "AWS_REGION": self.region,
            "AWS_DEFAULT_REGION": self.region,
            "AWS_ACCESS_KEY_ID": key_id,
            "AWS_SECRET_ACCESS_KEY": secret,
            "AWS_EC2_METADATA_DISABLED": "true",
            "AWS_CONFIG_FILE": str(self.empty_config),
            "AWS_SHARED_CREDENTIALS_FILE": str(self.empty_config),
            # The sandbox applies an IAM change at once: a live-path run against it (the rehearsal,
            # notebook 10's dress rehearsal, the conformance command) need not wait for propagation.
            "WORKBOOK_IAM_SETTLE_SECONDS": "0",
        }

    def apply_environment(self, environ=os.environ) -> None:
        """Point this process (and programs it starts) at the sandbox."""
        for name in [n for n in environ if n in _CLEARED or n.startswith(_CLEARED_PREFIXES)]:
            environ.pop(name)
        environ.update(self.environment)

    def reset(self, as_of: date | datetime | None = None) -> None:
        """A clean state: seeded ids, the admin user, no keys, default routing, no SCPs, and the clock
        at real time, or living on `as_of` (a date means 00:00 UTC that day) from the first stamp on."""
        self.world.reset(at=None if as_of is None else _instant(as_of))
        self.router.reset()
        self.organization.reset()
        self.app.reset()

    def replay_date(self, when: date | datetime) -> "_Replay":
        """Move sandbox time to `when` (a date means 00:00 UTC), e.g. before a model's end of life.

        Everything the sandbox judges by time follows: end of life, key expiry, `aws:CurrentTime`.
        Keys made during the replay work (their real-time stamps are read at the replay's offset);
        short-term keys made before it read as made in the future there, so make them inside.
        Used as `with box.replay_date(date(2026, 6, 1)): ...` it moves back to the previous time at the
        end; keys made inside then read as made on the replayed date (so long expired).
        """
        return _Replay(self.clock, _instant(when))

    def stop(self) -> None:
        global _running
        self._server.shutdown()
        self._server.server_close()
        self._directory.cleanup()
        with _lock:
            if _running is self:
                _running = None


def _instant(when: date | datetime) -> datetime:
    if isinstance(when, datetime):
        return when if when.tzinfo else when.replace(tzinfo=timezone.utc)
    return datetime.combine(when, time(0), tzinfo=timezone.utc)


class _Replay:
    """A sandbox-clock move that is undone when used as a context manager."""

    def __init__(self, clock, when: datetime):
        self._clock = clock
        self._before = clock.now()
        self.now = clock.travel_to(when)

    def __enter__(self) -> datetime:
        return self.now

    def __exit__(self, *exc) -> None:
        self._clock.travel_to(self._before + (self._clock.now() - self.now))


_running: Sandbox | None = None
_lock = threading.Lock()


def running() -> Sandbox | None:
    """The process's sandbox if one has been started (and not stopped), else None; starts nothing."""
    with _lock:
        return _running


def start(**kwargs) -> Sandbox:
    """The process's sandbox, started on first use."""
    global _running
    with _lock:
        if _running is None:
            _running = Sandbox(**kwargs)
        return _running
