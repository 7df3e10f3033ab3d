"""Advice under an error a live run can meet, shown under the failing cell's traceback.

`explain()` gives one line for a third long-term key (naming the users that have two), a leftover of
an earlier run, or a missing permission; `install_hints()` shows it under IPython's traceback. Kept
apart from `live.py` so that `cleanup` (which it reads) and `live` do not import each other.
"""
from __future__ import annotations

import boto3
from botocore.exceptions import ClientError

from . import cleanup
from .live import ACCESS_DENIED


def explain(error: BaseException, prefix: str, region: str) -> str | None:
    """One line of advice for an error a live run can meet, or None."""
    if not isinstance(error, ClientError):
        return None
    code = error.response.get("Error", {}).get("Code")
    command = f"python -m helpers.workbook.cleanup --prefix {prefix}"
    if code == "LimitExceeded" and error.operation_name == "CreateServiceSpecificCredential":
        full = _users_with_two_keys(prefix, region)
        who = f"User {', '.join(full)} already has" if full else "This user already has"
        return (f"{who} two long-term keys: IAM allows two per user and service. Delete one first, "
                "iam.delete_service_specific_credential(UserName=..., ServiceSpecificCredentialId=...) "
                f"(ids from iam.list_service_specific_credentials), or remove everything named {prefix}-…: "
                f"course.clean_up() or `{command}`.")
    if code == "EntityAlreadyExists":
        return (f"Left over from an earlier run with prefix {prefix!r}? Run course.clean_up() (or `{command}`), "
                "then run the notebook again; or choose another prefix.")
    if code in ACCESS_DENIED:
        return ("Your principal lacks this permission. The preflight printed what the notebook needs; "
                "workshop/policies/participant-policy.json grants it.")
    return None


def _users_with_two_keys(prefix: str, region: str) -> list[str]:
    try:
        plan = cleanup.clean_up_plan(boto3.client("iam", region_name=region), prefix)
    except Exception:  # noqa: BLE001 - advice only: never fail while explaining a failure
        return []
    keys = [step.of for step in plan if step.kind == "long-term key"]
    return sorted({user for user in keys if keys.count(user) >= 2})


def install_hints(prefix: str, region: str) -> bool:
    """Show `explain()`'s advice under a failing cell's traceback (in IPython; False elsewhere)."""
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    if shell is None:
        return False

    def handler(shell, etype, value, tb, tb_offset=None):
        structured = shell.InteractiveTB.structured_traceback(etype, value, tb, tb_offset=tb_offset)
        try:
            advice = explain(value, prefix, region)
        except Exception:  # noqa: BLE001
            advice = None
        structured = structured + ([f"\nWorkbook hint: {advice}"] if advice else [])
        shell._showtraceback(etype, value, structured)  # IPython leaves showing it to the handler
        return structured

    shell.set_custom_exc((Exception,), handler)  # botocore's error classes are made at run time
    return True
