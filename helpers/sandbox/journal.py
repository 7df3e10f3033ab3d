"""The sandbox's record of what it decided: who asked for which action on which resource, and the answer.

Where `WORKBOOK_SANDBOX_JOURNAL` names a file, every decision is appended to it as one JSON line.
The parameter matrix sets it, to check that a notebook's preflight plan and the workshop's policies
cover every call the notebook makes (a learner on AWS would otherwise meet AccessDenied mid-run).
"""
import json
import os
import threading

VARIABLE = "WORKBOOK_SANDBOX_JOURNAL"
# Context keys that differ at every call or on every machine: not what a plan or policy is written against.
_PER_CALL = {"aws:CurrentTime", "aws:EpochTime", "aws:TokenIssueTime", "aws:SourceIp", "aws:userid"}
_lock = threading.Lock()


def record(principal: str, action: str, resource: str, context: dict, allowed: bool) -> None:
    """Append one decision, if a journal is asked for; the context less its per-call keys."""
    path = os.environ.get(VARIABLE)
    if not path:
        return
    line = json.dumps({"principal": principal, "action": action, "resource": resource,
                       "context": {k: v for k, v in context.items() if k not in _PER_CALL}, "allowed": allowed},
                      default=str)
    with _lock, open(path, "a", encoding="utf-8") as journal:
        journal.write(line + "\n")


def read(path) -> list[dict]:
    """The decisions a journal holds, in order (none when the file was never written)."""
    try:
        with open(path, encoding="utf-8") as journal:
            return [json.loads(line) for line in journal]
    except FileNotFoundError:
        return []
