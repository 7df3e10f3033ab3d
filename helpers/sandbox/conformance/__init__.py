"""Conformance probes: small named calls that ask a real account what the sandbox can only guess.

`python -m helpers.sandbox.conformance --prefix P` runs them on AWS and on the sandbox and reports
where they differ; `tests/conformance/` holds the sandbox to every committed snapshot of AWS's
answers. Each probe names the FIDELITY.md row (or the course's sourced message) it settles.
"""
from .answer import Answer
from .probes import PROBES

__all__ = ["Answer", "PROBES"]
