"""The sandbox's AWS Organizations layer: service control policies a notebook can set and clear."""
import threading
from collections.abc import Mapping, Sequence

from helpers.policy import Policy


class Organization:
    """SCPs per level of the organisation (root, OUs, account); None means the account is in no organisation."""

    def __init__(self):
        self._lock = threading.Lock()
        self._scps: list[list[Policy]] | None = None

    @property
    def scps(self) -> list[list[Policy]] | None:
        with self._lock:
            return self._scps

    def set_scps(self, levels: Sequence[Sequence[Mapping | str]] | None) -> None:
        """Set the SCPs, one list per level; AWS's FullAWSAccess must be listed where a level needs it.

        Each document is parsed here, once for every later call, so a malformed one raises
        PolicyError in the cell that sets it rather than failing each call it would decide.
        """
        parsed = None if levels is None else [
            [Policy(doc, name=f"SCP level {level + 1} #{i + 1}") for i, doc in enumerate(docs)]
            for level, docs in enumerate(levels)
        ]
        with self._lock:
            self._scps = parsed

    def reset(self) -> None:
        self.set_scps(None)


FULL_AWS_ACCESS = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}],
}
