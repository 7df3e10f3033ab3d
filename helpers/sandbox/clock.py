"""The sandbox's controllable clock: real UTC time plus an offset the workbook can move forward.

Real time stays underneath because clients sign with the machine's clock: the real
`aws-bedrock-token-generator` stamps a short-term key's `X-Amz-Date`, and botocore stamps every
SigV4 request, with the real time. So an instant stamped by a client is read with `to_sandbox()`,
which adds the offset that was in force *when it was stamped*. That keeps both of these true:

- a key made before `advance(hours=13)` has expired after it (it was stamped at offset 0);
- a key made, or a request signed, after `advance(hours=13)` is fresh (stamped at offset 13 h).

Client stamps have whole-second resolution, so `advance()` takes effect at the next whole second
(it waits for it, under a second): a stamp from the same second as the change could otherwise be
read either way. `reset()` forgets the history: every stamp then reads as real time, or, with
`reset(at=...)`, at the offset that makes now read `at` (a clean sandbox living on another day).
`travel_to(when)` moves a running sandbox to another instant (e.g. a date before a model's end of
life), with the same whole-second rule as `advance()`.
"""
from __future__ import annotations

import bisect
import threading
import time
from datetime import datetime, timedelta, timezone

from helpers.policy.context import as_utc  # moto stores naive UTC; clients send aware times

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


class Clock:
    """Sandbox time = real UTC time + an offset. Thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._offset = timedelta(0)
        # When each offset came into force, in real time: lets `to_sandbox` read old stamps.
        self._since: list[datetime] = [_EPOCH]
        self._offsets: list[timedelta] = [timedelta(0)]

    @staticmethod
    def real_now() -> datetime:
        return datetime.now(timezone.utc)

    def now(self) -> datetime:
        """The sandbox's current time (aware, UTC)."""
        with self._lock:
            return self.real_now() + self._offset

    def advance(self, delta: timedelta | None = None, **kwargs: float) -> datetime:
        """Move sandbox time by `delta` and/or timedelta keywords (`hours=13`); returns the new now.

        A negative amount moves time back (handy to show a key that is not valid yet).
        """
        step = (delta or timedelta(0)) + timedelta(**kwargs)
        return self._set_offset(lambda current: current + step)

    def travel_to(self, when: datetime) -> datetime:
        """Move sandbox time so that it reads `when` now (forward or back); returns the new now."""
        when = as_utc(when)
        return self._set_offset(lambda current: when - self.real_now())

    def reset(self, at: datetime | None = None) -> None:
        """Back to real time (or to `at`), for every stamp old or new."""
        offset = timedelta(0) if at is None else as_utc(at) - self.real_now()
        with self._lock:
            self._offset = offset
            self._since = [_EPOCH]
            self._offsets = [offset]

    def _set_offset(self, change) -> datetime:
        real = self.real_now()
        boundary = real.replace(microsecond=0) + timedelta(seconds=1)
        time.sleep(max((boundary - real).total_seconds(), 0))  # stamps before it: old offset
        with self._lock:
            self._offset = change(self._offset)
            if boundary <= self._since[-1]:
                self._offsets[-1] = self._offset
            else:
                self._since.append(boundary)
                self._offsets.append(self._offset)
            return self.real_now() + self._offset

    def offset_at(self, real: datetime) -> timedelta:
        """The offset that was in force at real instant `real`."""
        real = as_utc(real)
        with self._lock:
            index = bisect.bisect_right(self._since, real) - 1
            return self._offsets[max(index, 0)]

    def to_sandbox(self, real: datetime) -> datetime:
        """Sandbox time of an instant stamped with the real clock (a key's X-Amz-Date, moto's utcnow)."""
        real = as_utc(real)
        return real + self.offset_at(real)
