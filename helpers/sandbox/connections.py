"""Time and number limits on proxy connections, so slow or idle clients cannot hold the sandbox.

`Reader` is the socket reader under a connection's buffered `rfile`: waiting for a request may take
up to the idle timeout, but once a request's first byte arrives, its line, headers and body must
all arrive before one deadline (a per-read timeout lets a client trickling a byte a minute hold a
thread for ever). `Registry` counts live connections and, beyond its limit, sheds the one whose
current state is oldest: idle the longest (its client reconnects cleanly) or its request arriving
the longest. Normal calls take milliseconds, so they are never the ones shed.
"""
from __future__ import annotations

import io
import socket
import threading
import time


class Reader(io.RawIOBase):
    """Reads a socket (plain or TLS) under the idle timeout, then under the request deadline."""

    def __init__(self, sock: socket.socket, limits):
        self.sock = sock
        self._limits = limits  # has .idle_timeout and .request_timeout (seconds), read live
        self.idle_since = time.monotonic()
        self.started: float | None = None  # when the current request's first byte arrived

    def readable(self) -> bool:
        return True

    def next_request(self) -> None:
        self.started, self.idle_since = None, time.monotonic()

    def begin(self) -> None:
        """The current request has begun, if it had not (a TLS handshake begins before any byte is read)."""
        if self.started is None:
            self.started = time.monotonic()

    def remaining(self) -> float:
        """Seconds left before the current request's deadline; TimeoutError if it has passed."""
        timeout = self.started + self._limits.request_timeout - time.monotonic()
        if timeout <= 0:
            raise TimeoutError("request deadline passed")
        return timeout

    def readinto(self, buffer) -> int:
        timeout = self._limits.idle_timeout if self.started is None else self.remaining()
        self.sock.settimeout(timeout)
        count = self.sock.recv_into(buffer)
        if count and self.started is None:
            self.started = time.monotonic()
        return count

    def shed(self) -> None:
        """Wake the thread blocked on this connection with EOF (a FIN goes to the client)."""
        try:
            socket.socket.shutdown(self.sock, socket.SHUT_RDWR)  # the plain call, also under TLS
        except OSError:
            pass


class Registry:
    """Live connections, at most `limit`: admitting one more sheds an idle or the slowest one."""

    def __init__(self, limit: int):
        self.limit = limit
        self._live: set[Reader] = set()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        with self._lock:
            return len(self._live)

    def admit(self, reader: Reader) -> None:
        """Count `reader` in, shedding as many others as the limit needs (it may have been lowered)."""
        victims = []
        with self._lock:
            self._live.add(reader)
            while len(self._live) > max(self.limit, 1):
                victim = self._victim(reader)
                self._live.discard(victim)
                victims.append(victim)
        for victim in victims:
            victim.shed()

    def leave(self, reader: Reader) -> None:
        with self._lock:
            self._live.discard(reader)

    def _victim(self, newcomer: Reader) -> Reader:
        others = [r for r in self._live if r is not newcomer]
        return min(others, key=lambda r: r.idle_since if r.started is None else r.started)
