"""Guard rails for the `aws` target: what `AwsCourse` checks before a notebook makes anything.

- `check_environment()`: sandbox credentials never go to AWS. A kernel that started the in-kernel
  sandbox has its environment rewritten (restart it); an environment that carries the sandbox's CA
  bundle or config must also carry its loopback proxy, or its credentials would go to AWS.
- `confirm_account()`: the run goes on only once the account is confirmed, by the environment
  variable `WORKBOOK_CONFIRM_ACCOUNT` (papermill and CI: kernels inherit it) or typed at a prompt.
- `check_permissions()`: IAM's policy simulator on the caller (an assumed role: the role), one
  clear list of what is missing; None if the caller may not simulate.
- IAM's eventual consistency: `propagation.py`; advice under a failing cell's traceback: `hints.py`.
- `limit_tokens()`: Converse calls from boto3 get a small `maxTokens` when a cell sets none.
"""
from __future__ import annotations

import os
from collections import defaultdict
from urllib.parse import urlparse

from botocore.exceptions import ClientError

from .plans import Need

CONFIRM_VARIABLE = "WORKBOOK_CONFIRM_ACCOUNT"
MAX_TOKENS = 200
# The codes of an access refusal: IAM and STS (query protocol) say AccessDenied, Bedrock AccessDeniedException.
ACCESS_DENIED = ("AccessDenied", "AccessDeniedException")
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
        in_kernel_sandbox = sandbox is not None and sandbox.running() is not None
    if in_kernel_sandbox:
        raise LiveRefused("This kernel started the offline sandbox, which rewrote its environment "
                          "(credentials, proxy, CA bundle). Restart the kernel, then run with target=\"aws\".")
    marked, loopback = sandbox_settings(environ)
    if marked and not loopback:
        raise LiveRefused(f"This environment carries the sandbox's settings ({', '.join(marked)}) but no proxy to "
                          "it, so its sandbox credentials would go to AWS. Start a fresh shell without the "
                          "sandbox's exports (or unset them) and set your AWS credentials there.")


def sandbox_settings(environ=os.environ) -> tuple[list[str], bool]:
    """The variables that carry the sandbox's files, and whether they come with its loopback proxy
    (both: this process's calls reach a sandbox, in this kernel or outside it)."""
    marked = [n for n in ("AWS_CA_BUNDLE", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE")
              if _SANDBOX_DIRECTORY in environ.get(n, "")]
    proxy = urlparse(environ.get("HTTPS_PROXY") or environ.get("https_proxy") or "").hostname
    return marked, bool(marked) and proxy in _LOOPBACK


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
            if error.response["Error"]["Code"] in ACCESS_DENIED:
                return None
            raise
        allowed = {r["EvalActionName"].lower() for r in results if r["EvalDecision"] == "allowed"}
        missing += [n for n in group if n.action.lower() not in allowed]
    return missing


def limit_tokens(session, cap: int = MAX_TOKENS) -> None:
    """Give boto3's Converse and ConverseStream calls `inferenceConfig.maxTokens` = `cap` when unset."""
    def cap_tokens(params, **_):
        params.setdefault("inferenceConfig", {}).setdefault("maxTokens", cap)

    for operation in ("Converse", "ConverseStream"):
        session.register(f"provide-client-params.bedrock-runtime.{operation}", cap_tokens,
                         unique_id=f"workbook-max-tokens-{operation}")
