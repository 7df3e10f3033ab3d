"""The probes by name, each with the question it settles; and what no probe asks, with why."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    from ..answer import Answer
    from .context import Context


@dataclass(frozen=True)
class Probe:
    name: str
    settles: str   # the FIDELITY.md row (or the course's sourced message) it answers
    run: Callable[["Context"], Answer]


PROBES: dict[str, Probe] = {}


def probe(name: str, settles: str):
    def register(run):
        PROBES[name] = Probe(name, settles, run)
        return run
    return register


NOT_PROBED = {
    "The SCP refusal's wording (with or without the policy ARN)":
        "needs an organisation's management account to attach an SCP; run a probe there by hand",
    "The IAM/STS wording for 413": "a 25 MB upload to a real account is not worth a wording",
    "The CloudTrail fields for key use": "CloudTrail delivers events minutes later; read them in the console",
}
