"""Model lifecycle policy: what the sandbox does with a model past its end-of-life date.

At AWS, after a model's EOL date requests fail with 404 ResourceNotFoundException "This model
version has reached the end of its life. Please refer to the AWS documentation for more details."
(Claude 3 Haiku: EOL 2026-09-10 in most Regions; still served in ca-central-1, eu-central-2,
sa-east-1 and Legacy in ap-northeast-2, per its model card.)

The workbook's worked example uses Claude 3 Haiku, so by default the sandbox keeps serving it and
only *says* it is Legacy (ListFoundationModels / GetFoundationModel carry status LEGACY and the
end-of-life date). `configure(enforce_end_of_life=True)` reproduces AWS's refusal, measured against
`now()` (wire the sandbox clock in).
"""
import threading
from datetime import datetime, timezone
from typing import Callable

END_OF_LIFE_MESSAGE = ("This model version has reached the end of its life. "
                       "Please refer to the AWS documentation for more details.")

_lock = threading.Lock()
_state: dict = {"enforce": False, "now": lambda: datetime.now(timezone.utc)}


def configure(*, enforce_end_of_life: bool | None = None, now: Callable[[], datetime] | None = None) -> None:
    with _lock:
        if enforce_end_of_life is not None:
            _state["enforce"] = enforce_end_of_life
        if now is not None:
            _state["now"] = now


def past_end_of_life(model, region: str) -> bool:
    """True when the policy is enforced and `model` is no longer served in `region`."""
    with _lock:
        enforce, now = _state["enforce"], _state["now"]
    if not enforce or model.end_of_life is None or model.served_after_end_of_life(region):
        return False
    return now() >= model.end_of_life  # now: the sandbox clock, UTC-aware
