"""AWS event-stream framing (`application/vnd.amazon.eventstream`), the encoder only.

One message on the wire:

    prelude   total length (uint32) | headers length (uint32) | CRC32 of those 8 bytes (uint32)
    headers   repeated: name length (uint8) | name | value type (uint8) | value
    payload   bytes
    trailer   CRC32 of everything before it (uint32)

All integers are big-endian. The sandbox only needs string headers (type 7: uint16 length + UTF-8).
botocore's `botocore.eventstream` decodes what this module writes (the tests prove it).
"""
import binascii
import json
import struct
from typing import Mapping

_STRING = 7


def _crc(data: bytes, crc: int = 0) -> int:
    return binascii.crc32(data, crc) & 0xFFFFFFFF


def encode_headers(headers: Mapping[str, str]) -> bytes:
    out = bytearray()
    for name, value in headers.items():
        n = name.encode("utf-8")
        v = value.encode("utf-8")
        out += struct.pack(">B", len(n)) + n + struct.pack(">BH", _STRING, len(v)) + v
    return bytes(out)


def encode_message(headers: Mapping[str, str], payload: bytes) -> bytes:
    """One complete event-stream message."""
    h = encode_headers(headers)
    total = 12 + len(h) + len(payload) + 4
    prelude = struct.pack(">II", total, len(h))
    prelude += struct.pack(">I", _crc(prelude))
    body = prelude + h + payload
    return body + struct.pack(">I", _crc(body))


def event(event_type: str, payload: Mapping | bytes) -> bytes:
    """An `event` message, as Bedrock sends for each stream event (JSON payload)."""
    data = payload if isinstance(payload, bytes) else json.dumps(payload, separators=(",", ":")).encode()
    return encode_message(
        {":event-type": event_type, ":content-type": "application/json", ":message-type": "event"}, data
    )
