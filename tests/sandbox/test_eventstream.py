"""The event-stream encoder, checked by botocore's own decoder."""
import json

import pytest
from botocore.eventstream import ChecksumMismatch, EventStreamBuffer
from hypothesis import given, strategies as st

from helpers.sandbox.bedrock import eventstream


def decode(data: bytes):
    buffer = EventStreamBuffer()
    buffer.add_data(data)
    return list(buffer)


def test_event_frame_round_trips():
    [message] = decode(eventstream.event("messageStart", {"role": "assistant"}))
    assert message.headers == {":event-type": "messageStart", ":content-type": "application/json",
                               ":message-type": "event"}
    assert json.loads(message.payload) == {"role": "assistant"}


def test_exception_frame():
    [message] = decode(eventstream.exception("throttlingException", "Too many tokens, please wait before trying again."))
    assert message.headers[":message-type"] == "exception"
    assert message.headers[":exception-type"] == "throttlingException"
    assert json.loads(message.payload)["message"].startswith("Too many tokens")


def test_corruption_is_detected_by_the_crc():
    frame = bytearray(eventstream.event("chunk", {"bytes": "e30="}))
    frame[-6] ^= 0xFF
    with pytest.raises(ChecksumMismatch):
        decode(bytes(frame))


@given(st.lists(st.tuples(st.text(min_size=1, max_size=40), st.binary(max_size=300)), max_size=5))
def test_any_sequence_of_frames_decodes(frames):
    data = b"".join(eventstream.encode_message({":event-type": name}, payload) for name, payload in frames)
    decoded = decode(data)
    assert [(m.headers[":event-type"], m.payload) for m in decoded] == frames
