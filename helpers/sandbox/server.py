"""The sandbox's front door: an HTTPS proxy on 127.0.0.1 that answers AWS host names itself.

Clients send `CONNECT bedrock-runtime.us-west-2.amazonaws.com:443`; for `*.amazonaws.com` (and
`bedrock-mantle.<region>.api.aws`) the proxy
completes TLS with the sandbox certificate and serves the requests on that connection through the
WSGI app, so each request keeps the real AWS host name (service and region) it was addressed to.
Any other host is tunnelled untouched, if it is a public address.

Limits (`connections.py`, `body.py`): idle connections close after `idle_timeout`, cleanly (TLS
close_notify, then FIN) so pooled clients notice and reconnect; a request must arrive whole within
`request_timeout`; its body is read and bounded here before the app runs; at most
`max_connections` are served at once, the oldest idle or slowest being shed for a new one.
"""
import errno
import io
import logging
import re
import resource
import select
import socket
import ssl
import threading
import time

from werkzeug.serving import ThreadedWSGIServer, WSGIRequestHandler

from .body import MAX_BODY, BodyRefused, ClientGone, Refusal, read_body, refusal_before_reading
from .connections import Reader, Registry
from .destinations import Refused, public_address
from .tls import REGIONS

# AWS hosts the proxy answers itself: `amazonaws.com` ones, and `api.aws` ones (bedrock-mantle,
# reference §10, and the dual-stack endpoints botocore uses with use_dualstack_endpoint).
AWS_HOST = re.compile(r"^(?:[a-z0-9-]+\.)*(?:amazonaws\.com|api\.aws)$")
# A label shaped like a Region (`us-west-3`, `us-gov-east-1`), checked against the Regions that exist.
_REGION_LABEL = re.compile(r"^[a-z]{2}(?:-[a-z]+)?-[a-z]+-\d+$")
_QUICKACK = getattr(socket, "TCP_QUICKACK", None)  # Linux only
_FAILED = b'{"message": "The sandbox failed on this request."}'
log = logging.getLogger(__name__)


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
    declined = None

    def setup(self):
        self.connection = self.request
        # Headers and body leave in separate writes on both sides. Nagle's algorithm on one side
        # waits for the other side's delayed ACK: ~40 ms a call. NODELAY covers our writes;
        # QUICKACK (re-armed per request: Linux clears it) covers clients that keep Nagle on.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.reader = Reader(self.connection, self.server)
        self.rfile = io.BufferedReader(self.reader, 65536)
        self.wfile = _SocketWriter(self.connection)
        self.server.connections.admit(self.reader)

    def finish(self):
        """Close the connection so the client sees it: TLS close_notify, then FIN, then the socket.

        socketserver would close the socket it accepted, which TLS interception detached: the TLS
        socket would stay open until garbage collection, and a pooled client would reuse it.
        """
        self.server.connections.leave(self.reader)
        sock = self.connection
        if isinstance(sock, ssl.SSLSocket):
            try:
                sock.settimeout(0)  # send close_notify; do not wait for the client's
                sock.unwrap()
            except (OSError, ValueError):
                pass
        try:
            socket.socket.shutdown(sock, socket.SHUT_RDWR)
        except OSError:
            pass
        sock.close()

    def handle_one_request(self):
        self.reader.next_request()
        self.declined = None  # a body refused before a 100 Continue (never read)
        if _QUICKACK is not None:
            try:
                self.connection.setsockopt(socket.IPPROTO_TCP, _QUICKACK, 1)
            except OSError:
                pass
        super().handle_one_request()

    def handle_expect_100(self):
        """`Expect: 100-continue`: one `100 Continue`, and only for a body that will be read.

        A body refused on its headers alone (too large, compressed, badly framed) gets its final
        answer at once, as RFC 9110 allows, instead of an invitation to send what will be refused."""
        self.declined = refusal_before_reading(self.headers, MAX_BODY)
        if self.declined is None:
            self.send_response_only(100)
            self.end_headers()
        return True

    def do_CONNECT(self):
        host, _, port = self.path.rpartition(":")
        if not (host and port.isascii() and port.isdigit() and 0 < int(port) < 65536):
            self.send_error(400, "CONNECT needs host:port")  # not a silently dropped connection
            return
        name = host.lower().rstrip(".")
        if not AWS_HOST.match(name):
            self._tunnel(host, int(port))
        elif any(_REGION_LABEL.match(label) and label not in REGIONS for label in name.split(".")):
            # no such endpoint: refused as a name that does not resolve, not served with a certificate
            # that cannot match it (a real client then fails to connect, not on the host name)
            self.send_error(502, f"Cannot resolve {host}: Name or service not known")
        else:
            self._intercept()

    def _intercept(self):
        """Answer the CONNECT, then complete TLS as the AWS host, within the CONNECT's deadline.

        The TLS socket is handed to the connection's Reader before the handshake, so a client that
        never sends its ClientHello counts as a request still arriving: shed like any slow request
        (the plain socket, once wrapped, no longer owns the descriptor, and shutting it would do nothing).
        """
        self.send_response(200, "Connection established")
        self.end_headers()
        try:
            tls = self.server.tls_context.wrap_socket(self.connection, server_side=True,
                                                      do_handshake_on_connect=False)
            self.connection = self.request = self.reader.sock = tls
            self.reader.begin()  # the handshake is part of the request that asked for it
            tls.settimeout(self.reader.remaining())
            tls.do_handshake()
        except (ssl.SSLError, OSError, ValueError):
            self.close_connection = True
            return
        self.wfile = _SocketWriter(tls)
        self.intercepted = True
        self.close_connection = False  # go on reading requests, now over TLS

    def _tunnel(self, host, port):
        try:
            family, address = public_address(host, port)
        except Refused as refused:
            self.send_error(refused.status, str(refused))
            return
        upstream = socket.socket(family, socket.SOCK_STREAM)
        try:
            upstream.settimeout(10)
            upstream.connect(address)
        except OSError as error:
            upstream.close()
            self.send_error(502, f"Cannot reach {host}:{port}: {error.strerror or error}")
            return
        self.send_response(200, "Connection established")
        self.end_headers()
        sockets = [self.connection, upstream]
        self.connection.settimeout(None)  # select decides; a tunnel ends after 60 s of silence
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
        and CA-bundle load per call, most of a call's time. The body is read whole and bounded
        before the app runs (`body.py`); a request refused here reaches the app as
        `environ["sandbox.refusal"]`, to be answered in its service's shape, and closes the
        connection. HTTP/1.0 clients get a body delimited by the connection's close.
        """
        environ = self.make_environ()
        refusal = None
        try:
            if self.declined is not None:  # the client, not invited, does not send the body
                raise self.declined
            body = read_body(self.headers, self.rfile, MAX_BODY)
        except BodyRefused as refused:
            body, refusal = b"", refused.refusal
        except (ClientGone, OSError):  # gone, or too slow (TimeoutError): nobody to answer
            self.close_connection = True
            return
        if refusal is None and len(self.headers.get_all("Authorization") or []) > 1:
            refusal = Refusal(400, "authorization", "A request must carry one Authorization header, not several.")
        environ.pop("HTTP_TRANSFER_ENCODING", None)
        environ.update({"wsgi.input": io.BytesIO(body), "CONTENT_LENGTH": str(len(body)),
                        "wsgi.input_terminated": True})
        if refusal is not None:
            environ["sandbox.refusal"] = refusal
        http10 = self.request_version == "HTTP/1.0"
        keep_alive = (refusal is None and not http10
                      and self.headers.get("Connection", "").lower() != "close")
        self.connection.settimeout(self.server.request_timeout)  # for each write of the answer

        answer = _Answer(self, keep_alive=keep_alive, chunked_allowed=not http10)
        try:
            chunks = self.server.app(environ, answer.start_response)
            try:
                for chunk in chunks:
                    answer.write(chunk)
                answer.finish()
            finally:
                if hasattr(chunks, "close"):
                    chunks.close()
        except (ConnectionError, TimeoutError, ssl.SSLError):  # the client left, or stopped reading
            self.close_connection = True
            return
        except Exception:  # werkzeug's guard: the app or its stream failed; say so where still possible
            log.exception("sandbox failed on %s %s", self.command, self.path)
            self.close_connection = True
            if not answer.head_sent:  # nothing went out: a 500 in the shape of the sandbox's own errors
                answer = _Answer(self, keep_alive=False, chunked_allowed=False)
                answer.start_response("500 Internal Server Error", [("Content-Type", "application/json"),
                                                                    ("Content-Length", str(len(_FAILED)))])
                try:
                    answer.write(_FAILED)
                except OSError:
                    pass
            return  # a stream cut mid-answer ends without its last chunk: the client sees it is short
        self.close_connection = not keep_alive

    def version_string(self):
        return "bedrock-api-keys-workbook-sandbox"

    def make_environ(self):
        environ = super().make_environ()
        if self.intercepted:
            environ["wsgi.url_scheme"] = "https"
        # A plain request to the proxy names an absolute URI (`POST http://host/path`); the target the
        # client signed is its path, as on the wire to the host itself.
        for name in ("RAW_URI", "REQUEST_URI"):
            target = environ.get(name, "")
            if target.lower().startswith("http://"):
                environ[name] = "/" + target[len("http://"):].partition("/")[2]
        return environ

    def log_request(self, *args, **kwargs):
        """Quiet: a notebook cell must show what the learner did, not the server's access log."""

    def log_error(self, *args, **kwargs):
        pass


class _Answer:
    """One response going out: its head when the first byte of body is ready (or at the end), then
    the body, chunked when the app gave no length. HEAD answers and 1xx, 204 and 304 carry no body."""

    def __init__(self, handler, *, keep_alive: bool, chunked_allowed: bool):
        self._handler = handler
        self._keep_alive = keep_alive
        self._chunked_allowed = chunked_allowed
        self._status = self._headers = None
        self.head_sent = False
        self._chunked = self._bodyless = False

    def start_response(self, status, headers, exc_info=None):
        if exc_info and self.head_sent:
            raise exc_info[1].with_traceback(exc_info[2])
        self._status, self._headers = status, headers
        return self.write

    def _send_head(self) -> None:
        handler = self._handler
        code, _, reason = self._status.partition(" ")
        code = int(code)
        self._bodyless = handler.command == "HEAD" or code < 200 or code in (204, 304)
        names = {name.lower() for name, _ in self._headers}
        self._chunked = self._chunked_allowed and not self._bodyless and "content-length" not in names
        handler.send_response(code, reason)
        for name, value in self._headers:
            handler.send_header(name, value)
        if self._chunked:
            handler.send_header("Transfer-Encoding", "chunked")
        if not self._keep_alive:
            handler.send_header("Connection", "close")
        handler.end_headers()
        self.head_sent = True

    def write(self, chunk: bytes) -> None:
        if not self.head_sent:
            self._send_head()
        if not chunk or self._bodyless:
            return
        self._handler.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk) if self._chunked else chunk)

    def finish(self) -> None:
        if not self.head_sent:
            self._send_head()
        if self._chunked:
            self._handler.wfile.write(b"0\r\n\r\n")


def default_max_connections() -> int:
    """512, or fewer when the descriptor limit is low (a tunnel holds two descriptors, TLS one)."""
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    return max(16, min(512, (soft - 64) // 3))


class ProxyServer(ThreadedWSGIServer):
    daemon_threads = True

    def __init__(self, app, tls_context: ssl.SSLContext, port: int = 0, *, idle_timeout: float = 120,
                 request_timeout: float = 30, max_connections: int | None = None):
        self.tls_context = tls_context
        self.idle_timeout = idle_timeout  # seconds a connection may wait for its next request
        self.request_timeout = request_timeout  # seconds a request may take to arrive whole
        self.connections = Registry(max_connections or default_max_connections())
        super().__init__("127.0.0.1", port, app, handler=ProxyHandler)

    def get_request(self):
        try:
            return super().get_request()
        except OSError as error:
            if error.errno in (errno.EMFILE, errno.ENFILE):
                time.sleep(0.05)  # out of descriptors: wait for some to close instead of spinning
            raise

    def start(self) -> threading.Thread:
        thread = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.05},
                                  name="bedrock-sandbox", daemon=True)
        thread.start()
        return thread

    def handle_error(self, request, client_address):
        """A dropped or garbled connection is the client's business; keep serving."""
