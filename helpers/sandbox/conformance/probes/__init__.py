"""The probes: each makes one real call (or a few) and returns the service's answer, normalised.

A probe is a small function of a `Context` (where to call, as whom) registered with the question it
settles: a FIDELITY.md row marked [open], or a message the course shows on a source's word (so a
change at AWS is caught). The same function runs against AWS and against the sandbox; only the
environment differs. Every model call asks for at most a few tokens.

One module per theme: `keys` (how a key travels, a key's life), `signatures` (SigV4 and keys where
they are no credential), `decisions` (what IAM decides on a Bedrock call, and in which order),
`iam_texts` (what IAM refuses to write, in its words), `runtime_shapes` and `mantle` (the API shapes
and their actions). `registry` holds them by name; `context` is where and as whom they call.
"""
from .context import Context
from .registry import NOT_PROBED, PROBES, Probe, probe
from . import decisions, iam_texts, keys, mantle, runtime_shapes, signatures  # noqa: E402,F401 - they register

__all__ = ["Context", "NOT_PROBED", "PROBES", "Probe", "probe"]
