"""Model lifecycle: a model past its end-of-life date is refused, judged by the sandbox clock.

At AWS, after a model's EOL date requests fail with 404 ResourceNotFoundException "This model
version has reached the end of its life. Please refer to the AWS documentation for more details."
(the first sentence is the model card's; the second is quoted from real answers in public reports,
not from an AWS page: FIDELITY.md.) (Claude 3 Haiku: EOL 2026-09-10 in most Regions; still served in ca-central-1, eu-central-2,
sa-east-1 and Legacy in ap-northeast-2, per its model card.) The sandbox answers the same by
default; a notebook replays the seed's example by moving the *sandbox clock* to a date before the
end (`Sandbox.replay_date`), never by switching the rule off.
"""
from datetime import datetime

from ..errors import not_found

END_OF_LIFE_MESSAGE = ("This model version has reached the end of its life. "
                       "Please refer to the AWS documentation for more details.")


def past_end_of_life(model, region: str, now: datetime) -> bool:
    """True when `model` is no longer served in `region` at sandbox time `now`."""
    if model.end_of_life is None or model.served_after_end_of_life(region):
        return False
    return now >= model.end_of_life


def require_alive(model, region: str, now: datetime) -> None:
    if past_end_of_life(model, region, now):
        raise not_found(END_OF_LIFE_MESSAGE)
