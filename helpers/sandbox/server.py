"""The sandbox's front door: an HTTPS proxy on 127.0.0.1 that answers AWS host names itself.

Clients send `CONNECT bedrock-runtime.us-west-2.amazonaws.com:443`; for `*.amazonaws.com` (and
`bedrock-mantle.<region>.api.aws`) the proxy
completes TLS with the sandbox certificate and serves the requests on that connection through the
WSGI app, so each request keeps the real AWS host name (service and region) it was addressed to.
Any other host is tunnelled untouched.
"""
import re
import select
import socket
import ssl
import threading

from werkzeug.serving import ThreadedWSGIServer, WSGIRequestHandler

AWS_SUFFIX = ".amazonaws.com"
MANTLE = re.compile(r"^bedrock-mantle\.[a-z0-9-]+\.api\.aws$")  # Bedrock's other domain (reference §10)
_QUICKACK = getattr(socket, "TCP_QUICKACK", None)  # Linux only


class _SocketWriter:
    """A write-only file over a socket that always sends everything (TLS sockets included)."""

    def __init__(self, sock):
        self._sock = sock

    def write(self, data):
        self._sock.sendall(data)
        return len(data)

    def flush(self):
        pass

    def close(self):
        pass


class _Body:
    """A request body bounded by its Content-Length, so the next request on the connection is intact."""

    DRAIN_LIMIT = 1 << 20

    def __init__(self, rfile, length: int):
        self._rfile, self._left = rfile, length

    def read(self, size: int = -1) -> bytes:
        size = self._left if size is None or size < 0 else min(size, self._left)
        data = self._rfile.read(size) if size else b""
        self._left -= len(data)
        return data

    def readline(self, size: int = -1) -> bytes:
        size = self._left if size is None or size < 0 else min(size, self._left)
        data = self._rfile.readline(size) if size else b""
        self._left -= len(data)
        return data

    def __iter__(self):
        return iter(self.readline, b"")

    def drain(self) -> bool:
        """Read what the app left; False when too much is left to be worth keeping the connection."""
        if self._left > self.DRAIN_LIMIT:
            return False
        while self._left and self.read(65536):
            pass
        return self._left == 0


class ProxyHandler(WSGIRequestHandler):
    """Werkzeug's WSGI handler, plus CONNECT: intercept AWS hosts, tunnel the rest."""

    protocol_version = "HTTP/1.1"
    timeout = 120  # seconds a connection may sit idle or stalled before its thread is freed
    intercepted = False

    def setup(self):
        super().setup()
        # Headers and body leave in separate writes on both sides. Nagle's algorithm on one side
        # waits for the other side's delayed ACK: ~40 ms a call. NODELAY covers our writes;
        # QUICKACK (re-armed per request: Linux clears it) covers clients that keep Nagle on.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def handle_one_request(self):
        if _QUICKACK is not None:
            try:
                self.connection.setsockopt(socket.IPPROTO_TCP, _QUICKACK, 1)
            except OSError:
                pass
        super().handle_one_request()

    def do_CONNECT(self):
        host, _, port = self.path.rpartition(":")
        if not (host and port.isascii() and port.isdigit() and 0 < int(port) < 65536):
            self.send_error(400, "CONNECT needs host:port")  # not a silently dropped connection
            return
        if host.lower().endswith(AWS_SUFFIX) or host.lower() == AWS_SUFFIX[1:] or MANTLE.match(host.lower()):
            self._intercept()
        else:
            self._tunnel(host, int(port))

    def _intercept(self):
        self.send_response(200, "Connection established")
        self.end_headers()
        try:
            tls = self.server.tls_context.wrap_socket(self.connection, server_side=True)
        except (ssl.SSLError, OSError):
            self.close_connection = True
            return
        self.connection = self.request = tls
        self.rfile = tls.makefile("rb")
        self.wfile = _SocketWriter(tls)
        self.intercepted = True
        self.close_connection = False  # go on reading requests, now over TLS

    def _tunnel(self, host, port):
        try:
            upstream = socket.create_connection((host, port), timeout=10)
        except OSError as error:
            self.send_error(502, f"Cannot reach {host}:{port}: {error.strerror or error}")
            return
        self.send_response(200, "Connection established")
        self.end_headers()
        sockets = [self.connection, upstream]
        try:
            while True:
                readable, _, broken = select.select(sockets, [], sockets, 60)
                if broken or not readable:
                    break
                for sock in readable:
                    data = sock.recv(65536)
                    if not data:
                        return
                    (upstream if sock is self.connection else self.connection).sendall(data)
        except OSError:
            pass
        finally:
            upstream.close()
            self.close_connection = True

    def run_wsgi(self):
        """Serve one request and keep the connection for the next one.

        Werkzeug closes every connection; through a proxy that means a new CONNECT, TLS handshake
        and CA-bundle load per call, most of a call's time. Keep-alive needs the request body read
        to its end, so the body is bounded by Content-Length and drained after the app.
        """
        if self.headers.get("Expect", "").lower() == "100-continue":
            self.wfile.write(b"HTTP/1.1 100 Continue\r\n\r\n")
        environ = self.make_environ()
        length = environ.get("CONTENT_LENGTH", "")
        if length.isdigit():
            environ["wsgi.input"] = _Body(self.rfile, int(length))
            environ["wsgi.input_terminated"] = True
        elif "wsgi.input_terminated" not in environ:  # no length, not chunked: no body
            environ["wsgi.input"] = _Body(self.rfile, 0)
        body = environ["wsgi.input"]  # a chunked body is werkzeug's dechunker: that connection closes after
        keep_alive = isinstance(body, _Body) and self.headers.get("Connection", "").lower() != "close"

        sent = {}

        def start_response(status, headers, exc_info=None):
            sent["status"], sent["headers"] = status, headers
            return self.wfile.write

        chunks = self.server.app(environ, start_response)
        try:
            code, _, reason = sent["status"].partition(" ")
            names = {name.lower() for name, _ in sent["headers"]}
            chunked = "content-length" not in names
            self.send_response(int(code), reason)
            for name, value in sent["headers"]:
                self.send_header(name, value)
            if chunked:
                self.send_header("Transfer-Encoding", "chunked")
            if not keep_alive:
                self.send_header("Connection", "close")
            self.end_headers()
            for chunk in chunks:
                if chunk and chunked:
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                elif chunk:
                    self.wfile.write(chunk)
            if chunked:
                self.wfile.write(b"0\r\n\r\n")
        finally:
            if hasattr(chunks, "close"):
                chunks.close()
        self.close_connection = not (keep_alive and body.drain())

    def version_string(self):
        return "bedrock-api-keys-workbook-sandbox"

    def make_environ(self):
        environ = super().make_environ()
        if self.intercepted:
            environ["wsgi.url_scheme"] = "https"
        return environ

    def log_request(self, *args, **kwargs):
        """Quiet: a notebook cell must show what the learner did, not the server's access log."""

    def log_error(self, *args, **kwargs):
        pass


class ProxyServer(ThreadedWSGIServer):
    daemon_threads = True

    def __init__(self, app, tls_context: ssl.SSLContext, port: int = 0):
        self.tls_context = tls_context
        super().__init__("127.0.0.1", port, app, handler=ProxyHandler)

    def start(self) -> threading.Thread:
        thread = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.05},
                                  name="bedrock-sandbox", daemon=True)
        thread.start()
        return thread

    def handle_error(self, request, client_address):
        """A dropped or garbled connection is the client's business; keep serving."""
