"""Run the probes against whatever the environment points boto3 and requests at, and clean up after."""
from __future__ import annotations

from typing import Callable

import requests

from .answer import Answer, mask
from .principals import Principals
from .probes import PROBES, Context

MAX_PROBES = 60  # the cost ceiling: each probe makes one to four calls, the model calls of at most a few tokens


def run_probes(session, region: str, prefix: str, names: list[str] | None = None,
               settle_seconds: float = 0.0, progress: Callable[[str], None] | None = None) -> dict[str, Answer]:
    """Every probe's answer (or those named); the probe users are made first and removed at the end,
    even when a probe or the run fails. A probe that raises is recorded as such, not fatal.
    `progress` is told each step (a run on AWS takes minutes, most of it IAM's settle time)."""
    progress = progress or (lambda step: None)
    names = names or sorted(PROBES)
    unknown = sorted(set(names) - set(PROBES))
    if unknown:
        raise ValueError(f"unknown probes: {', '.join(unknown)} (known: {', '.join(sorted(PROBES))})")
    if len(names) > MAX_PROBES:
        raise ValueError(f"{len(names)} probes is over the cost ceiling of {MAX_PROBES}")
    principals = Principals(session, prefix, settle_seconds)
    answers: dict[str, Answer] = {}
    try:
        progress(f"making the probe users and roles ({prefix}-cf-...)")
        principals.make_all()
        context = Context(region, principals, requests.Session())
        for number, name in enumerate(names, 1):
            progress(f"probe {number}/{len(names)}: {name}")
            try:
                answers[name] = PROBES[name].run(context)
            except Exception as error:  # noqa: BLE001 - one broken probe must not lose the others' answers
                answers[name] = Answer(None, "ProbeFailed", mask(f"{type(error).__name__}: {error}", prefix))
    finally:
        progress(f"removing everything named {prefix}-cf-...")
        principals.remove()
    left = principals.left_behind()
    if left:
        raise RuntimeError("the clean-up left these behind: " + "; ".join(left))
    return answers
