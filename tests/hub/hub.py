"""A JupyterHub with learners on it, driven as browsers drive it: the hub's REST API to spawn, the
single-user server's API to open notebooks and start kernels, the kernel websocket to run cells.

`LocalHub` starts a real JupyterHub on this machine (DummyAuthenticator, SimpleLocalProcessSpawner,
configurable-http-proxy), for tests; `Hub` talks to any hub given its URL and an admin-scoped API
token, so a trainer can point the same test at the workshop's hub the day before.
"""
from __future__ import annotations

import asyncio
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import psutil
import requests
from tornado.httpclient import HTTPRequest
from tornado.websocket import websocket_connect

ROOT = Path(__file__).resolve().parents[2]
SCOPES = ["admin:users", "admin:servers", "access:servers", "read:users", "tokens"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LocalHub:
    """A real JupyterHub in a temporary directory; each learner's home gets the course's notebooks."""

    def __init__(self, directory: Path):
        self.directory = directory
        self.token = secrets.token_hex(16)
        self.url = f"http://127.0.0.1:{free_port()}"
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> "Hub":
        homes = self.directory / "homes"
        homes.mkdir()
        config = self.directory / "jupyterhub_config.py"
        config.write_text("\n".join([
            "c = get_config()  # noqa",
            f"c.JupyterHub.bind_url = {self.url + '/'!r}",
            f"c.JupyterHub.hub_port = {free_port()}",
            f"c.ConfigurableHTTPProxy.api_url = 'http://127.0.0.1:{free_port()}'",
            "c.JupyterHub.authenticator_class = 'dummy'",
            "c.JupyterHub.spawner_class = 'simple'",
            f"c.SimpleLocalProcessSpawner.home_dir_template = {str(homes) + '/{username}'!r}",
            f"c.Spawner.cmd = [{str(Path(sys.executable).with_name('jupyterhub-singleuser'))!r}]",
            "c.Spawner.default_url = '/lab'",
            f"c.Spawner.args = {['--allow-root'] if os.geteuid() == 0 else []!r}  # CI and this machine run as root",
            "c.Spawner.start_timeout = 120",
            "c.Spawner.http_timeout = 120",
            f"c.JupyterHub.db_url = 'sqlite:///{self.directory / 'hub.sqlite'}'",
            f"c.JupyterHub.cookie_secret_file = {str(self.directory / 'cookie_secret')!r}",
            f"c.JupyterHub.pid_file = {str(self.directory / 'hub.pid')!r}",
            "c.JupyterHub.cleanup_servers = True",
            f"c.JupyterHub.services = [{{'name': 'course-test', 'api_token': {self.token!r}}}]",
            f"c.JupyterHub.load_roles = [{{'name': 'course-test', 'scopes': {SCOPES!r}, 'services': ['course-test']}}]",
            "c.JupyterHub.log_level = 'WARN'",
        ]) + "\n")
        self._log = open(self.directory / "hub.log", "w")
        self.process = subprocess.Popen([sys.executable, "-m", "jupyterhub", "-f", str(config)], cwd=self.directory,
                                        stdout=self._log, stderr=subprocess.STDOUT)
        hub = Hub(self.url, self.token, homes, pid=self.process.pid)
        hub.wait_ready(self.process)
        return hub

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()  # the hub stops the servers it spawned (cleanup_servers)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self._log.close()


@dataclass
class Hub:
    url: str
    token: str
    homes: Path | None = None  # set for a local hub: where each learner's notebooks are copied
    pid: int | None = None     # set for a local hub: its process, parent of the proxy, servers and kernels
    http: requests.Session = field(default_factory=requests.Session)

    def __post_init__(self):
        self.http.headers["Authorization"] = f"token {self.token}"

    def api(self, method: str, path: str, **kwargs) -> requests.Response:
        return self.http.request(method, f"{self.url}/hub/api{path}", timeout=60, **kwargs)

    def wait_ready(self, process: subprocess.Popen | None = None, seconds: float = 90) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if process is not None and process.poll() is not None:
                raise RuntimeError(f"the hub exited with {process.returncode}; see hub.log")
            try:
                if self.api("GET", "/").ok:
                    return
            except requests.ConnectionError:
                pass
            time.sleep(0.5)
        raise TimeoutError("the hub did not answer in time")

    def spawn(self, name: str, seconds: float = 180) -> None:
        """Create the learner if needed, copy the course into their home (local hub), start their server."""
        if self.api("GET", f"/users/{name}").status_code == 404:
            self.api("POST", f"/users/{name}").raise_for_status()
        if self.homes is not None:
            home = self.homes / name
            for part in ("notebooks", "images"):
                shutil.copytree(ROOT / part, home / part, dirs_exist_ok=True)
        answer = self.api("POST", f"/users/{name}/server")
        if answer.status_code not in (201, 202, 400):  # 400: already running
            answer.raise_for_status()
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            server = self.api("GET", f"/users/{name}").json().get("servers", {}).get("", {})
            if server.get("ready"):
                return
            time.sleep(0.5)
        raise TimeoutError(f"{name}'s server was not ready after {seconds:.0f} s")

    def stop(self, name: str) -> None:
        self.api("DELETE", f"/users/{name}/server")

    def server_pid(self, name: str) -> int | None:
        state = self.api("GET", f"/users/{name}", params={"include_stopped_servers": "0"}).json()
        return (state.get("servers", {}).get("", {}).get("state") or {}).get("pid")

    def server(self, name: str) -> "Server":
        return Server(f"{self.url}/user/{name}", self.token)


@dataclass
class Server:
    """A learner's single-user server, reached through the hub's proxy with an `access:servers` token."""
    base: str
    token: str

    def api(self, method: str, path: str, **kwargs) -> requests.Response:
        return requests.request(method, f"{self.base}/api{path}", headers={"Authorization": f"token {self.token}"},
                                timeout=60, **kwargs)

    def notebook(self, path: str) -> dict:
        answer = self.api("GET", f"/contents/{path}", params={"content": "1"})
        answer.raise_for_status()
        return answer.json()["content"]

    def start_kernel(self, cwd: str) -> str:
        answer = self.api("POST", "/sessions", json={"path": f"{cwd}/run.ipynb", "type": "notebook",
                                                     "kernel": {"name": "python3"}})
        answer.raise_for_status()
        return answer.json()["kernel"]["id"]

    def run(self, notebook_path: str, seconds: float = 600) -> "Run":
        """Open the notebook as JupyterLab does, start its kernel, run every code cell in order. The
        kernel stays up afterwards, as it does when a learner moves on to the next tab."""
        started = time.monotonic()
        notebook = self.notebook(notebook_path)
        kernel = self.start_kernel(notebook_path.rsplit("/", 1)[0])
        run = asyncio.run(asyncio.wait_for(self._execute(kernel, notebook, started), seconds))
        run.kernel = kernel
        return run

    async def _execute(self, kernel: str, notebook: dict, started: float) -> "Run":
        """Every code cell in order; the time to the first cell counts from opening the notebook."""
        url = self.base.replace("http", "ws", 1) + f"/api/kernels/{kernel}/channels"
        request = HTTPRequest(url, headers={"Authorization": f"token {self.token}"})
        socket_ = await websocket_connect(request, max_message_size=64 * 1024 * 1024)
        session = uuid.uuid4().hex
        run = Run()
        try:
            for cell in notebook["cells"]:
                if cell["cell_type"] != "code":
                    continue
                errors = await _execute_cell(socket_, session, "".join(cell["source"]))
                run.cells += 1
                if run.first_cell_seconds is None:
                    run.first_cell_seconds = time.monotonic() - started
                if errors:
                    run.errors += [f"cell {run.cells}: {e}" for e in errors]
                    break
        finally:
            socket_.close()
        return run

    def execute(self, kernel: str, code: str) -> str:
        """Run `code` in a kernel that is already up; returns what it printed."""
        async def once():
            url = self.base.replace("http", "ws", 1) + f"/api/kernels/{kernel}/channels"
            socket_ = await websocket_connect(HTTPRequest(url, headers={"Authorization": f"token {self.token}"}))
            try:
                return "".join(await _execute_cell(socket_, uuid.uuid4().hex, code, collect="stream"))
            finally:
                socket_.close()
        return asyncio.run(asyncio.wait_for(once(), 120))


@dataclass
class Run:
    kernel: str = ""
    cells: int = 0
    errors: list[str] = field(default_factory=list)
    first_cell_seconds: float | None = None


async def _execute_cell(socket_, session: str, code: str, collect: str = "error") -> list[str]:
    """Send one execute_request; return the error texts (or, with collect="stream", the printed text)."""
    msg_id = uuid.uuid4().hex
    await socket_.write_message(json.dumps({
        "header": {"msg_id": msg_id, "session": session, "username": "learner", "msg_type": "execute_request",
                   "version": "5.3"},
        "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
        "content": {"code": code, "silent": False, "store_history": True, "user_expressions": {},
                    "allow_stdin": False, "stop_on_error": True}}))
    found: list[str] = []
    replied = idle = False
    while not (replied and idle):
        raw = await socket_.read_message()
        if raw is None:
            raise ConnectionError("the kernel websocket closed")
        if isinstance(raw, bytes):
            continue  # binary frames carry widget buffers
        message = json.loads(raw)
        if message.get("parent_header", {}).get("msg_id") != msg_id:
            continue
        kind = message["msg_type"]
        if kind == "execute_reply":
            replied = True
            if message["content"].get("status") == "error" and collect == "error" and not found:
                found.append(f"{message['content'].get('ename')}: {message['content'].get('evalue')}")
        elif kind == "status" and message["content"]["execution_state"] == "idle":
            idle = True
        elif kind == "error":
            if collect != "error":
                raise RuntimeError(f"{message['content']['ename']}: {message['content']['evalue']}")
            found.append(f"{message['content']['ename']}: {message['content']['evalue']}")
        elif kind == "stream" and collect == "stream":
            found.append(message["content"]["text"])
    return found


def tree_usage(pid: int) -> tuple[float, float]:
    """(RSS in MB, CPU seconds) of a process and every child: a learner's server, kernels and sandbox."""
    try:
        root = psutil.Process(pid)
        processes = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0.0, 0.0
    rss = cpu = 0.0
    for process in processes:
        try:
            rss += process.memory_info().rss / 2**20
            times = process.cpu_times()
            cpu += times.user + times.system + times.children_user + times.children_system
        except psutil.NoSuchProcess:
            continue
    return rss, cpu


def external_hub() -> Hub | None:
    """The trainer's hub, when `WORKBOOK_HUB_URL` and `WORKBOOK_HUB_TOKEN` name one."""
    url, token = os.environ.get("WORKBOOK_HUB_URL"), os.environ.get("WORKBOOK_HUB_TOKEN")
    return Hub(url.rstrip("/"), token) if url and token else None
