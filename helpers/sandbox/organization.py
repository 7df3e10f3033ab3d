"""The sandbox's AWS Organizations layer: service control policies a notebook can set and clear."""
import json
import threading
from typing import Mapping, Sequence


class Organization:
    """SCPs per level of the organisation (root, OUs, account); None means the account is in no organisation."""

    def __init__(self):
        self._lock = threading.Lock()
        self._scps: list[list[Mapping]] | None = None

    @property
    def scps(self) -> list[list[Mapping]] | None:
        with self._lock:
            return self._scps

    def set_scps(self, levels: Sequence[Sequence[Mapping | str]] | None) -> None:
        """Set the SCPs, one list per level; AWS's FullAWSAccess must be listed where a level needs it."""
        parsed = None if levels is None else [
            [json.loads(doc) if isinstance(doc, str) else doc for doc in level] for level in levels
        ]
        with self._lock:
            self._scps = parsed

    def reset(self) -> None:
        self.set_scps(None)


FULL_AWS_ACCESS = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}],
}
