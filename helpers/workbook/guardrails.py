"""Service control policies for Bedrock API keys: AWS's published examples, kept verbatim as data.

    from helpers.workbook.guardrails import scp, source, FULL_AWS_ACCESS
    deny_long_term = scp("Deny-Bedrock-long-term-api-keys")   # the policy document, a dict
    organizations.create_policy(Content=scp_text("Deny-Bedrock-long-term-api-keys"), ...)  # its text
    print(source("Deny-Bedrock-long-term-api-keys"))          # where it comes from, with the commit

The documents are in `scps/`, each named as in AWS's repository
aws-samples/service-control-policy-examples (folder Service-specific-controls/Amazon-Bedrock/) and
copied byte for byte; `scps/sources.json` gives each one's path and commit. One is the course's own
(`Deny-Bedrock-api-keys-that-never-expire`), and `source()` says so.

`FULL_AWS_ACCESS` is AWS's managed SCP of that name: Organizations attaches it to every root, OU and
account by default, and an SCP only restricts what some SCP at every level allows.
"""
from __future__ import annotations

import json
from pathlib import Path

from helpers.policy import Decision, Policy, evaluate
from helpers.policy.examples import ALLOW_ALL

FOLDER = Path(__file__).with_name("scps")
FULL_AWS_ACCESS = ALLOW_ALL  # AWS's managed SCP FullAWSAccess says exactly that


def names() -> list[str]:
    """The SCPs on hand, AWS's and the course's."""
    return sorted(p.stem for p in FOLDER.glob("*.json") if p.stem != "sources")


def scp(name: str) -> dict:
    """The policy document `name` (a file stem from `names()`), as a dict."""
    if name not in names():
        raise KeyError(f"no SCP named {name!r}; there are {names()}")
    return json.loads((FOLDER / f"{name}.json").read_text())


def scp_text(name: str) -> str:
    """The policy document `name` as its file's text, byte for byte: what `create_policy(Content=...)` takes."""
    scp(name)  # a clear KeyError for an unknown name
    return (FOLDER / f"{name}.json").read_text()


def source(name: str) -> str:
    """Where SCP `name` comes from: AWS's repository, path and commit, or the course."""
    entry = json.loads((FOLDER / "sources.json").read_text())[name]
    if entry["by"] != "AWS":
        return f"written for this course, from the IAM and Bedrock docs: {entry['what']}"
    return f"AWS's {entry['path'].rsplit('/', 1)[-1]}, commit {entry['commit'][:7]}: {entry['what']}"


def decision_under_scps(action: str, resource: str, context: dict, *scps: str | dict) -> Decision:
    """What IAM decides for one request under these SCPs (names from `names()`, or documents).

    The SCPs sit at one level beside FullAWSAccess, as in an account whose OU has them attached;
    the caller's own policies are taken to allow everything (as AdministratorAccess does), so the
    decision is the SCPs' alone. `decision_under_scps(...).explain()` names the statement that decided.
    """
    attached = [Policy(FULL_AWS_ACCESS, name="FullAWSAccess")]
    for i, document in enumerate(scps):
        if isinstance(document, str):
            attached.append(Policy(scp(document), name=document))
        else:
            attached.append(Policy(document, name=f"your SCP #{i + 1}" if len(scps) > 1 else "your SCP"))
    return evaluate(action, resource, context, identity_policies=[_CALLER], scps=[attached])


_CALLER = Policy(FULL_AWS_ACCESS, name="the caller's own policies")
