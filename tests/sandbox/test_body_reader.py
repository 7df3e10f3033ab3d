"""The bounded body reader on raw request bytes, parsed by the same header parser the server uses.

Fast and exact: each framing rule at its edge (the limit, the line length, the trailer count, the
chunk-size width), each refusal's status, kind and words. The raw-socket tests in
test_hostile_requests.py show the same rules end to end."""
import http.client
import io

import pytest

from helpers.sandbox.body import BodyRefused, ClientGone, read_body, refusal_before_reading

LIMIT = 7


def request(head: str, body: bytes = b""):
    headers = http.client.parse_headers(io.BytesIO(head.encode() + b"\r\n"))
    return headers, io.BufferedReader(io.BytesIO(body))


def read(head: str, body: bytes = b"", limit: int = LIMIT) -> bytes:
    return read_body(*request(head, body), limit)


def refused(head: str, body: bytes = b"", limit: int = LIMIT) -> tuple[int, str, str]:
    with pytest.raises(BodyRefused) as caught:
        read(head, body, limit)
    refusal = caught.value.refusal
    assert str(caught.value) == refusal.message
    return refusal.status, refusal.kind, refusal.message


CHUNKED = "Transfer-Encoding: chunked\r\n"
MALFORMED_SIZE = (400, "malformed", "A chunk size must be a hexadecimal number.")
TOO_LARGE = (413, "too-large", f"Request body is larger than the limit of {LIMIT} bytes.")
LONG_LINE = (400, "malformed", "A chunked body has a line that is too long or cut short.")


def test_several_chunks_with_extensions_and_a_trailer_make_one_body():
    assert read(CHUNKED, b"3;name=value\r\nabc\r\n4\r\ndefg\r\n0\r\nX-Trailer: 1\r\n\r\n") == b"abcdefg"


def test_hex_chunk_sizes_of_either_case_up_to_sixteen_digits():
    assert read(CHUNKED, b"0000000000000003\r\nabc\r\n0\r\n\r\n") == b"abc"
    assert read(CHUNKED, b"A\r\n0123456789\r\n0\r\n\r\n", limit=10) == b"0123456789"
    assert read(CHUNKED, b"a\r\n0123456789\r\n0\r\n\r\n", limit=10) == b"0123456789"
    assert read(CHUNKED, b"3 \r\nabc\r\n0\r\n\r\n") == b"abc"


@pytest.mark.parametrize("size", [b"00000000000000003", b"X", b"3x", b"", b";x", b"-3"])
def test_bad_chunk_sizes(size):
    assert refused(CHUNKED, size + b"\r\nabc\r\n0\r\n\r\n") == MALFORMED_SIZE


def test_the_limit_is_inclusive_for_both_framings():
    assert read(CHUNKED, b"7\r\n1234567\r\n0\r\n\r\n") == b"1234567"
    assert read(CHUNKED, b"3\r\n123\r\n4\r\n4567\r\n0\r\n\r\n") == b"1234567"
    assert refused(CHUNKED, b"3\r\n123\r\n5\r\n45678\r\n0\r\n\r\n") == TOO_LARGE
    assert refused(CHUNKED, b"8\r\n12345678\r\n0\r\n\r\n") == TOO_LARGE
    assert read("Content-Length: 7\r\n", b"1234567") == b"1234567"
    assert refused("Content-Length: 8\r\n", b"12345678") == TOO_LARGE
    assert refusal_before_reading(request("Content-Length: 8\r\n")[0], LIMIT).refusal.status == 413
    assert refusal_before_reading(request("Content-Length: 7\r\n")[0], LIMIT) is None


def test_a_chunk_must_end_right_after_its_data():
    assert refused(CHUNKED, b"3\r\nabcd\r\n0\r\n\r\n") == (
        400, "malformed", "A chunk must end with CRLF right after its data.")


def test_lines_up_to_4097_bytes_with_their_end_and_no_longer():
    fits, too_long = "X-T: " + "a" * 4090, "X-T: " + "a" * 4091  # 4095 and 4096 characters, then CRLF
    assert read(CHUNKED, b"0\r\n" + fits.encode() + b"\r\n\r\n") == b""
    assert refused(CHUNKED, b"0\r\n" + too_long.encode() + b"\r\n\r\n") == LONG_LINE


def test_a_body_cut_short_is_the_client_gone():
    for body in [b"3\r\nab", b"3\r\nabc\r\n", b"", b"0\r\n"]:
        with pytest.raises(ClientGone):
            read(CHUNKED, body)
    with pytest.raises(ClientGone):
        read("Content-Length: 5\r\n", b"abc")
    assert refused(CHUNKED, b"3\r\nabc\r\n0") == LONG_LINE  # a last line without its newline


def test_at_most_63_trailer_lines():
    trailers = b"".join(b"X-T%d: 1\r\n" % i for i in range(63))
    assert read(CHUNKED, b"0\r\n" + trailers + b"\r\n") == b""
    assert refused(CHUNKED, b"0\r\n" + trailers + b"X-Last: 1\r\n\r\n") == (
        400, "malformed", "A chunked body has too many trailer lines.")


def test_framings():
    assert read("Transfer-Encoding: Chunked\r\n", b"1\r\na\r\n0\r\n\r\n") == b"a"
    assert read("Transfer-Encoding:  chunked , \r\n", b"1\r\na\r\n0\r\n\r\n") == b"a"
    assert read("Content-Length: 3\r\nContent-Length:  3\r\n", b"abc") == b"abc"
    assert read("Content-Length: 0\r\n") == b"" and read("") == b""
    assert refused("Transfer-Encoding: gzip, chunked\r\n") == (
        400, "malformed", "Transfer-Encoding other than chunked is not supported.")
    assert refused("Transfer-Encoding: chunked\r\nContent-Length: 3\r\n", b"abc") == (
        400, "malformed", "A request cannot carry both Content-Length and Transfer-Encoding.")
    for length in ["3, 4", "-3", "1e3", "٣"]:
        assert refused(f"Content-Length: {length}\r\n", b"abc") == (
            400, "malformed", "Content-Length must be one non-negative decimal integer.")
    assert refused("Content-Length: 3\r\nContent-Length: 4\r\n", b"abcd")[0] == 400


ENCODING = (415, "encoding", "Content-Encoding is not supported: send the body uncompressed.")


@pytest.mark.parametrize("coding", ["gzip", "GZIP", "identity, gzip", "br", "deflate,identity"])
def test_compressed_bodies_are_refused_after_they_are_read(coding):
    headers, rfile = request(f"Content-Encoding: {coding}\r\nContent-Length: 3\r\n", b"abcNEXT")
    with pytest.raises(BodyRefused) as caught:
        read_body(headers, rfile, LIMIT)
    assert (caught.value.refusal.status, caught.value.refusal.kind, caught.value.refusal.message) == ENCODING
    assert rfile.read() == b"NEXT"  # the body was read, and no more
    assert refusal_before_reading(headers, LIMIT).refusal.kind == "encoding"


@pytest.mark.parametrize("coding", ["identity", "IDENTITY", "", " identity "])
def test_identity_is_no_encoding(coding):
    assert read(f"Content-Encoding: {coding}\r\nContent-Length: 3\r\n", b"abc") == b"abc"


def test_a_refused_framing_is_not_read():
    headers, rfile = request("Content-Encoding: gzip\r\nContent-Length: 9\r\n", b"abc")
    with pytest.raises(BodyRefused) as caught:
        read_body(headers, rfile, 2)
    assert caught.value.refusal.kind == "too-large" and rfile.read() == b"abc"


def test_chunk_sizes_are_base_16_and_extensions_are_ignored_whatever_they_hold():
    assert read(CHUNKED, b"10;a=1;b=2\r\n" + b"x" * 16 + b"\r\n0\r\n\r\n", limit=16) == b"x" * 16


@pytest.mark.parametrize("after_data", [b"X", b" ", b"\t"])
def test_nothing_may_stand_between_a_chunk_and_its_crlf(after_data):
    assert refused(CHUNKED, b"3\r\nabc" + after_data + b"\r\n0\r\n\r\n")[2] == "A chunk must end with CRLF right after its data."


def test_a_list_of_identities_is_no_encoding():
    assert read("Content-Encoding: identity,identity\r\nContent-Length: 3\r\n", b"abc") == b"abc"
