"""Guard rails for the `aws` target: what `AwsCourse` checks before a notebook makes anything.

- `check_environment()`: sandbox credentials never go to AWS. A kernel that started the in-kernel
  sandbox has its environment rewritten (restart it); an environment that carries the sandbox's CA
  bundle or config must also carry its loopback proxy, or its credentials would go to AWS.
- `confirm_account()`: the run goes on only once the account is confirmed, by the environment
  variable `WORKBOOK_CONFIRM_ACCOUNT` (papermill and CI: kernels inherit it) or typed at a prompt.
- `check_permissions()`: IAM's policy simulator on the caller (an assumed role: the role), one
  clear list of what is missing; None if the caller may not simulate.
- `wait_for_iam()`: a bounded wait for IAM's eventual consistency where something fresh is first used.
- `explain()`: one line of advice under an error a live run can meet (two keys per user, leftovers,
  a missing permission), shown under the traceback by `install_hints()`.
- `limit_tokens()`: Converse calls from boto3 get a small `maxTokens` when a cell sets none.
"""
from __future__ import annotations

import os
import time
from collections import defaultdict
from urllib.parse import urlparse

from botocore.exceptions import ClientError

from .plans import Need

CONFIRM_VARIABLE = "WORKBOOK_CONFIRM_ACCOUNT"
WAIT_SECONDS = 20
MAX_TOKENS = 200
# Error codes a fresh user, role, policy or key gives while IAM propagates it.
PROPAGATING = {"AccessDenied", "AccessDeniedException", "InvalidClientTokenId", "UnrecognizedClientException",
               "InvalidAccessKeyId", "AuthFailure"}
_SANDBOX_DIRECTORY = "bedrock-sandbox-"  # helpers.sandbox.tls.DIRECTORY_PREFIX, without importing the sandbox
_LOOPBACK = {"127.0.0.1", "localhost", "::1"}


class LiveRefused(RuntimeError):
    """The live run stops here, before anything is made; the message says what to do."""


def check_environment(environ=os.environ, in_kernel_sandbox: bool | None = None) -> None:
    """Refuse a kernel or an environment whose sandbox credentials could reach AWS.

    `in_kernel_sandbox`: whether this process started the sandbox (None: look)."""
    if in_kernel_sandbox is None:
        import sys

        sandbox = sys.modules.get("helpers.sandbox")
        in_kernel_sandbox = sandbox is not None and getattr(sandbox, "_running", None) is not None
    if in_kernel_sandbox:
        raise LiveRefused("This kernel started the offline sandbox, which rewrote its environment "
                          "(credentials, proxy, CA bundle). Restart the kernel, then run with target=\"aws\".")
    marked = [n for n in ("AWS_CA_BUNDLE", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE")
              if _SANDBOX_DIRECTORY in environ.get(n, "")]
    proxy = urlparse(environ.get("HTTPS_PROXY") or environ.get("https_proxy") or "").hostname
    if marked and proxy not in _LOOPBACK:
        raise LiveRefused(f"This environment carries the sandbox's settings ({', '.join(marked)}) but no proxy to "
                          "it, so its sandbox credentials would go to AWS. Start a fresh shell without the "
                          "sandbox's exports (or unset them) and set your AWS credentials there.")


def confirm_account(account: str, environ=os.environ, ask=input) -> str:
    """Go on only in the account the learner confirmed; returns how it was confirmed."""
    confirmed = environ.get(CONFIRM_VARIABLE, "").strip()
    if confirmed:
        if confirmed != account:
            raise LiveRefused(f"{CONFIRM_VARIABLE}={confirmed}, but these credentials are for account {account}. "
                              "Nothing was made. Check your credentials (or the variable) and run again.")
        return f"confirmed by {CONFIRM_VARIABLE}"
    try:
        typed = ask(f"Type the account id {account} to run this notebook there (anything else stops): ").strip()
    except Exception:  # no stdin: papermill, nbclient, a CI job (StdinNotImplementedError, EOFError)
        raise LiveRefused(f"Confirm the account first: set {CONFIRM_VARIABLE}={account} in the environment the "
                          "kernel starts from (papermill and CI pass it on), then run again.") from None
    if typed != account:
        raise LiveRefused(f"Not confirmed (typed {typed!r}, not {account}). Nothing was made.")
    return "confirmed at the prompt"


def simulation_source(identity: dict) -> str | None:
    """The ARN IAM's simulator takes for the caller: a user's ARN, or an assumed role's role ARN."""
    arn = identity["Arn"]
    account = identity["Account"]
    if ":user/" in arn:
        return arn
    if ":assumed-role/" in arn:
        return f"arn:aws:iam::{account}:role/{arn.split('/')[1]}"
    return None  # the root user or a federated user: nothing to simulate


def check_permissions(iam, source: str, needs: list[Need]) -> list[Need] | None:
    """The needs IAM's simulator does not allow `source`; None when the caller may not simulate."""
    groups: dict[tuple, list[Need]] = defaultdict(list)
    for need in needs:
        groups[(need.resource, need.context)].append(need)
    missing = []
    for (resource, context), group in groups.items():
        entries = [{"ContextKeyName": k, "ContextKeyValues": [v], "ContextKeyType": "string"} for k, v in context]
        try:
            results = iam.simulate_principal_policy(
                PolicySourceArn=source, ActionNames=[n.action for n in group],
                **({"ResourceArns": [resource]} if resource != "*" else {}), ContextEntries=entries,
            )["EvaluationResults"]
        except ClientError as error:
            if error.response["Error"]["Code"] in ("AccessDenied", "AccessDeniedException"):
                return None
            raise
        allowed = {r["EvalActionName"].lower() for r in results if r["EvalDecision"] == "allowed"}
        missing += [n for n in group if n.action.lower() not in allowed]
    return missing


def wait_for_iam(call, until=None, *, seconds: float = WAIT_SECONDS, sleep=time.sleep, clock=time.monotonic):
    """`call()`, again while it fails as a fresh IAM change fails (or `until(result)` is false), up to
    `seconds`. Says so once when it waits; on time out, raises the last error or returns the last result."""
    start = clock()
    waited = False
    delay = 1.0
    while True:
        try:
            result = call()
            if until is None or until(result):
                if waited:
                    print(f"IAM is ready after {clock() - start:.0f} s.")
                return result
            error = None
        except Exception as caught:  # noqa: BLE001 - only propagation failures are retried, below
            if not _propagating(caught):
                raise
            error, result = caught, None
        if clock() - start + delay > seconds:
            print(f"IAM had not propagated the change after {seconds:.0f} s; showing what AWS answers now.")
            if error is not None:
                raise error
            return result
        if not waited:
            print(f"Waiting for IAM to propagate the change (at most {seconds:.0f} s)...")
            waited = True
        sleep(delay)
        delay = min(delay * 1.5, 4.0)


def _propagating(error: Exception) -> bool:
    if isinstance(error, ClientError):
        return error.response.get("Error", {}).get("Code") in PROPAGATING
    return getattr(error, "status_code", None) in (401, 403)  # the openai and anthropic SDKs


def explain(error: BaseException, prefix: str, region: str) -> str | None:
    """One line of advice for an error a live run can meet, or None."""
    if not isinstance(error, ClientError):
        return None
    code = error.response.get("Error", {}).get("Code")
    cleanup = f"python -m helpers.workbook.cleanup --prefix {prefix}"
    if code == "LimitExceeded" and error.operation_name == "CreateServiceSpecificCredential":
        full = _users_with_two_keys(prefix, region)
        who = f"User {', '.join(full)} already has" if full else "This user already has"
        return (f"{who} two long-term keys: IAM allows two per user and service. Delete one first, "
                "iam.delete_service_specific_credential(UserName=..., ServiceSpecificCredentialId=...) "
                f"(ids from iam.list_service_specific_credentials), or remove everything named {prefix}-…: "
                f"course.clean_up() or `{cleanup}`.")
    if code == "EntityAlreadyExists":
        return (f"Left over from an earlier run with prefix {prefix!r}? Run course.clean_up() (or `{cleanup}`), "
                "then run the notebook again; or choose another prefix.")
    if code in ("AccessDenied", "AccessDeniedException"):
        return ("Your principal lacks this permission. The preflight printed what the notebook needs; "
                "workshop/policies/participant-policy.json grants it.")
    return None


def _users_with_two_keys(prefix: str, region: str) -> list[str]:
    import boto3

    from . import cleanup

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


def limit_tokens(session, cap: int = MAX_TOKENS) -> None:
    """Give boto3's Converse and ConverseStream calls `inferenceConfig.maxTokens` = `cap` when unset."""
    def cap_tokens(params, **_):
        params.setdefault("inferenceConfig", {}).setdefault("maxTokens", cap)

    for operation in ("Converse", "ConverseStream"):
        session.register(f"provide-client-params.bedrock-runtime.{operation}", cap_tokens,
                         unique_id=f"workbook-max-tokens-{operation}")
