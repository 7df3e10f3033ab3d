"""Reader deadlines and Registry shedding on socket pairs (the raw-socket tests show them end to end).

No timing asserts: a deadline is shown passed by moving `started` back, not by waiting."""
import socket
import time
from types import SimpleNamespace

import pytest

from helpers.sandbox.connections import Reader, Registry


@pytest.fixture
def pair():
    ours, theirs = socket.socketpair()
    theirs.settimeout(5)  # a regression fails instead of hanging
    yield ours, theirs
    ours.close()
    theirs.close()


def pairs(count: int) -> list[tuple[socket.socket, socket.socket]]:
    made = [socket.socketpair() for _ in range(count)]
    for _, theirs in made:
        theirs.settimeout(5)
    return made


def reader(sock, idle=60.0, request=30.0):
    return Reader(sock, SimpleNamespace(idle_timeout=idle, request_timeout=request))


def test_waiting_for_a_request_uses_the_idle_timeout_then_the_deadline(pair):
    ours, theirs = pair
    r = reader(ours, idle=60, request=30)
    assert r.readable() and r.started is None
    theirs.sendall(b"GET")
    buffer = bytearray(10)
    assert r.readinto(buffer) == 3 and bytes(buffer[:3]) == b"GET"
    assert ours.gettimeout() == 60  # the wait for the first byte
    assert r.started is not None
    theirs.sendall(b" /")
    r.readinto(buffer)
    assert 0 < ours.gettimeout() <= 30  # what is left of the request's deadline, not a fresh 30 s per read


def test_a_request_past_its_deadline_reads_no_more(pair):
    ours, theirs = pair
    r = reader(ours, request=30)
    theirs.sendall(b"GET")
    r.readinto(bytearray(10))
    r.started -= 31
    theirs.sendall(b" /")
    with pytest.raises(TimeoutError, match="^request deadline passed$"):
        r.readinto(bytearray(10))
    with pytest.raises(TimeoutError):
        r.remaining()
    r.started = time.monotonic() - 29.5  # half a second left: still time
    assert 0 < r.remaining() < 1


def test_each_request_gets_its_own_deadline(pair):
    ours, theirs = pair
    r = reader(ours)
    theirs.sendall(b"x")
    r.readinto(bytearray(1))
    r.started -= 100
    before = time.monotonic()
    r.next_request()
    assert r.started is None and r.idle_since >= before
    theirs.sendall(b"y")
    assert r.readinto(bytearray(1)) == 1


def test_begin_starts_the_deadline_once(pair):
    ours, _ = pair
    r = reader(ours, request=30)
    r.begin()
    first = r.started
    r.begin()
    assert r.started == first and 29 < r.remaining() <= 30


def test_an_empty_read_does_not_start_a_request(pair):
    ours, theirs = pair
    r = reader(ours)
    theirs.shutdown(socket.SHUT_WR)
    assert r.readinto(bytearray(4)) == 0 and r.started is None


def test_shed_gives_the_blocked_reader_eof(pair):
    ours, theirs = pair
    r = reader(ours)
    r.shed()
    assert r.readinto(bytearray(4)) == 0
    assert theirs.recv(1) == b""  # the client sees the close too
    ours.close()
    r.shed()  # a closed socket: nothing to do, no error


def test_the_registry_sheds_the_idle_longest_or_the_request_begun_earliest():
    registry = Registry(2)
    sockets = pairs(4)
    try:
        a, b, c, d = (reader(s[0]) for s in sockets)
        a.idle_since, b.idle_since = 100.0, 50.0  # b has been idle longer
        registry.admit(a)
        registry.admit(b)
        assert len(registry) == 2
        registry.admit(c)  # one too many: b goes
        assert len(registry) == 2 and sockets[1][1].recv(1) == b""
        a.started, c.started = 10.0, 20.0  # a's request began first, though its idle time is the newest
        a.idle_since = 1e12
        registry.admit(d)
        assert sockets[0][1].recv(1) == b"" and len(registry) == 2
        registry.leave(c)
        registry.leave(c)
        assert len(registry) == 1
        registry.limit = 0  # a limit below one still keeps one
        registry.admit(c)
        assert len(registry) == 1
    finally:
        for pair_ in sockets:
            for sock in pair_:
                sock.close()


def test_lowering_the_limit_sheds_as_many_as_needed():
    registry = Registry(5)
    sockets = pairs(5)
    try:
        readers = [reader(s[0]) for s in sockets]
        for i, r in enumerate(readers):
            r.idle_since = float(i)
            registry.admit(r)
        registry.limit = 2
        newcomer = reader(socket.socketpair()[0])
        registry.admit(newcomer)
        assert len(registry) == 2
        assert [sockets[i][1].recv(1) for i in range(4)] == [b""] * 4  # the four idle longest
    finally:
        for pair_ in sockets:
            for sock in pair_:
                sock.close()


def test_readers_are_shed_oldest_first_and_never_the_newcomer():
    registry = Registry(2)
    sockets = pairs(4)
    try:
        first, second, third = (reader(s[0]) for s in sockets[:3])  # made in this order
        for r in (first, second, third):
            registry.admit(r)
        assert sockets[0][1].recv(1) == b""  # the one idle the longest
        newcomer = reader(sockets[3][0])
        newcomer.idle_since = 0.0  # older than anyone, yet it is the one being let in
        registry.admit(newcomer)
        assert sockets[1][1].recv(1) == b""
        assert len(registry) == 2
    finally:
        for pair_ in sockets:
            for sock in pair_:
                sock.close()
