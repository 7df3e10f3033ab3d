"""Raw connections to the sandbox's proxy, for protocol abuse no HTTP client would commit."""
import socket
import ssl

TIMEOUT = 5  # seconds any read may wait: a hang fails the test instead of stalling the suite


def plain(box) -> socket.socket:
    """A TCP connection to the proxy itself."""
    return socket.create_connection(("127.0.0.1", box.port), timeout=TIMEOUT)


def tunnel(box, host: str) -> ssl.SSLSocket:
    """A TLS connection to `host` through the proxy's CONNECT, verified against the sandbox CA."""
    sock = plain(box)
    sock.sendall(f"CONNECT {host}:443 HTTP/1.1\r\nHost: {host}:443\r\n\r\n".encode())
    reply = b""
    while b"\r\n\r\n" not in reply:
        reply += sock.recv(4096)
    assert reply.startswith(b"HTTP/1.1 200"), reply
    # ragged EOFs raise, so a close without TLS close_notify shows
    return ssl.create_default_context(cafile=box.ca_bundle).wrap_socket(
        sock, server_hostname=host, suppress_ragged_eofs=False)


def read_all(sock) -> bytes:
    """Everything until the server closes the connection (fails on TIMEOUT, never hangs)."""
    data = b""
    while True:
        try:
            chunk = sock.recv(65536)
        except ssl.SSLZeroReturnError:
            return data
        if not chunk:
            return data
        data += chunk


def answer(sock) -> tuple[bytes, bytes]:
    """One response's head and (Content-Length) body, leaving the connection open."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        assert chunk, f"connection closed before an answer: {data!r}"
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = next((int(line.split(b":")[1]) for line in head.split(b"\r\n")
                   if line.lower().startswith(b"content-length:")), 0)
    while len(body) < length:
        body += sock.recv(65536)
    return head, body


def closed(sock) -> bool:
    """True if the server has closed the connection (EOF within TIMEOUT)."""
    try:
        return sock.recv(1) == b""
    except ssl.SSLZeroReturnError:
        return True
    except (ConnectionResetError, ssl.SSLEOFError):  # closed, if without TLS close_notify
        return True
