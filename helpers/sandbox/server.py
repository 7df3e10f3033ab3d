"""The sandbox's front door: an HTTPS proxy on 127.0.0.1 that answers AWS host names itself.

Clients send `CONNECT bedrock-runtime.us-west-2.amazonaws.com:443`; for `*.amazonaws.com` the proxy
completes TLS with the sandbox certificate and serves the requests on that connection through the
WSGI app, so each request keeps the real AWS host name (service and region) it was addressed to.
Any other host is tunnelled untouched.
"""
import select
import socket
import ssl
import threading

from werkzeug.serving import ThreadedWSGIServer, WSGIRequestHandler

AWS_SUFFIX = ".amazonaws.com"


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


class ProxyHandler(WSGIRequestHandler):
    """Werkzeug's WSGI handler, plus CONNECT: intercept AWS hosts, tunnel the rest."""

    protocol_version = "HTTP/1.1"
    intercepted = False

    def do_CONNECT(self):
        host, _, port = self.path.rpartition(":")
        if host.lower().endswith(AWS_SUFFIX) or host.lower() == AWS_SUFFIX[1:]:
            self._intercept()
        else:
            self._tunnel(host, int(port or 443))

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
