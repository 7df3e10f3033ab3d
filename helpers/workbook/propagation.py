"""IAM's eventual consistency on a live account, handled where a change is made, never in a cell.

AWS: "changes that you make in IAM ... are not always immediately visible": a new user, key or policy
change takes time to apply everywhere (IAM User Guide, troubleshoot_general, eventual consistency;
how long is not documented [open]). So on target "aws" `setup` calls `settle_iam_changes()`, which
registers one handler on boto3's default session through botocore's event system: after an IAM or
Organizations call that changes something returns, it waits `seconds` before the cell goes on. The
next call, whatever sends it (boto3, requests, curl, the openai or anthropic SDKs), then meets the
changed account, and a cell reads as plain boto3.

Nothing is ever retried: a refusal the lesson expects (a denied call, a revoked key) is shown at once;
only a change costs its wait, once. Reads (Get, List, Simulate...) cost nothing. The sandbox applies
changes at once and registers nothing; `course.clean_up()` waits for none of its deletions (`no_waits`). `WORKBOOK_IAM_SETTLE_SECONDS` sets the wait (the course's
choice, 10 s; 0 turns it off).
"""
from __future__ import annotations

import os
import threading
import time
from contextlib import contextmanager

SETTLE_VARIABLE = "WORKBOOK_IAM_SETTLE_SECONDS"
DEFAULT_SECONDS = 10.0
SOURCE = "https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_general.html#troubleshoot_general_eventual-consistency"
SERVICES = ("iam", "organizations")
# Operations that read: everything else these services do changes the account.
READS = ("Get", "List", "Simulate", "Generate", "Describe")
_paused = threading.local()


def settle_seconds(environ=os.environ) -> float:
    """The wait after each change: `WORKBOOK_IAM_SETTLE_SECONDS`, else the course's default."""
    text = environ.get(SETTLE_VARIABLE, "").strip()
    try:
        return max(float(text), 0.0) if text else DEFAULT_SECONDS
    except ValueError:
        raise ValueError(f"{SETTLE_VARIABLE}={text!r} is not a number of seconds.") from None


def is_change(operation: str) -> bool:
    return not operation.startswith(READS)


def settle_iam_changes(events, seconds: float | None = None, sleep=time.sleep) -> float:
    """Register the wait on a botocore event system (`boto3.DEFAULT_SESSION.events`); returns the wait."""
    seconds = settle_seconds() if seconds is None else seconds

    def settle(http_response=None, model=None, **_):
        if seconds and not getattr(_paused, "on", False) and model is not None and is_change(model.name) and http_response is not None \
                and http_response.status_code < 300:
            sleep(seconds)

    for service in SERVICES:
        events.register(f"after-call.{service}", settle, unique_id=f"workbook-iam-settle-{service}")
    return seconds


@contextmanager
def no_waits():
    """Changes made inside (a clean-up: nothing is used after it) do not wait to settle."""
    before, _paused.on = getattr(_paused, "on", False), True
    try:
        yield
    finally:
        _paused.on = before
