"""Find, then remove, everything the workbook made: what `course.clean_up()` does, in one place.

    plan = clean_up_plan(iam, "wb")    # what would go, in the order it would: [Removal, ...]
    removed = remove_owned(iam, "wb")  # does it; returns what was removed: ["user wb-app-user", ...]

"Made by the workbook" means named `<prefix>-…`: every IAM user, role and customer managed policy
with that name, whichever notebook made it, and every service control policy (notebook 09) of that
name in AWS Organizations, detached from wherever it is attached first. Where Organizations cannot
be read (an account in no organisation, or a member account, which may not list SCPs), there is
no SCP of ours to remove, and the plan has none. IAM refuses to delete a user that still has keys or
policies (`DeleteConflict`) and a policy still attached to someone, so the plan lists what must go
first: per user its long-term keys (service-specific credentials), access keys, inline policies and
attached policies; per role its inline and attached policies; per policy its attachments to anyone
not already being removed and its non-default versions. Nothing else is touched.

Safe at any time and twice: each step that finds its target already gone (`NoSuchEntity`) is
skipped, and a second run finds nothing. A notebook shows the plan as a table; the workshop
clean-up command runs the same two functions:

    python -m helpers.workbook.cleanup --prefix wb            # lists, asks, deletes, reports
    python -m helpers.workbook.cleanup --prefix ci-42 --yes   # in CI, after the run, even a failed one

`inventory(iam)` is the plan for every name, changing nothing: the live rehearsal compares the
account before and after a run with it. A prefix owns every name `<prefix>-…`, so participant ids
must not be another's plus `-` (`p01`..`p40`, not `p1` and `p1-b`).
"""
from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass, field
from typing import Callable

from botocore.exceptions import BotoCoreError, ClientError

from .live import CONFIRM_VARIABLE
from .parameters import ParameterError, check_prefix
from .show import mask

KINDS = ("SCP", "user", "role", "policy")  # what `remove_owned` reports, in the order it removes them
SCP = "SERVICE_CONTROL_POLICY"
# Error codes that mean "already gone": IAM's, and Organizations' for a policy, target or attachment.
GONE = {"NoSuchEntity", "PolicyNotFoundException", "PolicyNotAttachedException", "TargetNotFoundException"}


@dataclass(frozen=True)
class Removal:
    """One IAM call of a clean-up: what it does to what, and whose it is."""

    action: str  # "delete" | "detach"
    kind: str    # "user", "long-term key", "access key", "inline policy", "attached policy", ...
    name: str
    of: str      # the user, role or policy it belongs to ("" for a user, role or policy itself)
    call: Callable[[], object] = field(repr=False, compare=False)


def clean_up_plan(iam, prefix: str, owns: Callable[[str], bool] | None = None, org=None) -> list[Removal]:
    """Every deletion and detachment `remove_owned` would make, in order. Changes nothing.
    `owns`: which names count instead of `<prefix>-…` (the inventory takes every name).
    `org`: an Organizations client (default: one for the IAM client's Region and credentials)."""
    owns = owns or (lambda name: name.startswith(prefix + "-"))
    owned = {kind: _named(iam, kind, owns) for kind in ("user", "role", "policy")}
    plan: list[Removal] = _scp_steps(org or _organizations_beside(iam), owns)
    for user in owned["user"]:
        plan += _user_steps(iam, user)
    for role in owned["role"]:
        plan += _policy_steps(iam, "role", role)
        plan.append(Removal("delete", "role", role, "", lambda r=role: iam.delete_role(RoleName=r)))
    for name, arn in owned["policy"].items():
        plan += _managed_policy_steps(iam, name, arn, owned)
    return plan


def remove_owned(iam, prefix: str, org=None) -> list[str]:
    """Carry out the plan; returns the SCPs, users, roles and policies removed (`["user wb-x", ...]`)."""
    return remove(iam, clean_up_plan(iam, prefix, org=org))


def remove(iam, plan: list[Removal]) -> list[str]:
    """Carry out `plan` (or part of it); returns the SCPs, users, roles and policies removed."""
    removed = []
    for step in plan:
        try:
            step.call()
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in GONE:
                continue  # gone meanwhile: that is what we wanted
            raise
        if step.kind in KINDS and not step.of:  # the thing itself, not a detachment from someone
            removed.append(f"{step.kind} {step.name}")
    return removed


def inventory(iam, org=None) -> list[tuple[str, str, str, str]]:
    """Everything a clean-up could remove in the account, by name, changing nothing: every SCP with
    its attachments, user with its keys and policies, role, customer managed policy with its
    versions and holders."""
    return [(r.action, r.kind, r.name, r.of) for r in clean_up_plan(iam, "", owns=lambda name: True, org=org)]


def describe(plan: list[Removal]) -> list[str]:
    """One line per step: "delete long-term key ABC… of wb-key-user"."""
    return [f"{r.action} {r.kind} {r.name}" + (f" of {r.of}" if r.of else "") for r in plan]


def _named(iam, kind: str, owns: Callable[[str], bool]):
    """Users or roles (a list of names), or customer managed policies ({name: arn}) that `owns`."""
    operation, listed, field_, extra = {
        "user": ("list_users", "Users", "UserName", {}),
        "role": ("list_roles", "Roles", "RoleName", {}),
        "policy": ("list_policies", "Policies", "PolicyName", {"Scope": "Local"}),
    }[kind]
    found = {}
    for page in iam.get_paginator(operation).paginate(**extra):
        found.update((item[field_], item.get("Arn")) for item in page[listed]
                     if owns(item[field_]))
    return found if kind == "policy" else list(found)


def _organizations_beside(iam):
    """An Organizations client in the IAM client's Region, with the same default credentials."""
    import boto3

    return boto3.client("organizations", region_name=iam.meta.region_name, config=iam.meta.config)


def _scp_steps(org, owns: Callable[[str], bool]) -> list[Removal]:
    """Detach each SCP that `owns` from every target, then delete it. None where SCPs cannot be listed."""
    steps = []
    try:
        policies = [p for page in org.get_paginator("list_policies").paginate(Filter=SCP)
                    for p in page["Policies"] if not p.get("AwsManaged") and owns(p["Name"])]
        for policy in policies:
            targets = [t for page in org.get_paginator("list_targets_for_policy").paginate(PolicyId=policy["Id"])
                       for t in page["Targets"]]
            steps += [Removal("detach", "SCP", policy["Name"], f"{t['Type'].lower()} {t['TargetId']}",
                              lambda p=policy["Id"], t=t["TargetId"]: org.detach_policy(PolicyId=p, TargetId=t))
                      for t in targets]
            steps.append(Removal("delete", "SCP", policy["Name"], "",
                                 lambda p=policy["Id"]: org.delete_policy(PolicyId=p)))
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") in GONE:
            return steps  # a policy went while we looked: the next run finds the rest
        return []  # no organisation, or a member account: no SCP of ours to remove
    except BotoCoreError:
        return []  # Organizations cannot be reached with these settings: nothing we could have made there
    return steps


def _user_steps(iam, user: str) -> list[Removal]:
    steps = [
        Removal("delete", "long-term key", c["ServiceSpecificCredentialId"], user,
                lambda c=c: iam.delete_service_specific_credential(
                    UserName=user, ServiceSpecificCredentialId=c["ServiceSpecificCredentialId"]))
        for c in _or_none(iam, lambda: iam.list_service_specific_credentials(UserName=user)["ServiceSpecificCredentials"])
    ]
    steps += [
        Removal("delete", "access key", mask(k["AccessKeyId"]), user,
                lambda k=k: iam.delete_access_key(UserName=user, AccessKeyId=k["AccessKeyId"]))
        for k in _or_none(iam, lambda: iam.list_access_keys(UserName=user)["AccessKeyMetadata"])
    ]
    steps += _policy_steps(iam, "user", user)
    steps.append(Removal("delete", "user", user, "", lambda: iam.delete_user(UserName=user)))
    return steps


def _policy_steps(iam, kind: str, name: str) -> list[Removal]:
    """Delete the inline policies of IAM user or role `name`, detach its managed ones."""
    entity = {f"{kind.capitalize()}Name": name}
    inline = _or_none(iam, lambda: getattr(iam, f"list_{kind}_policies")(**entity)["PolicyNames"])
    attached = _or_none(iam, lambda: getattr(iam, f"list_attached_{kind}_policies")(**entity)["AttachedPolicies"])
    delete, detach = getattr(iam, f"delete_{kind}_policy"), getattr(iam, f"detach_{kind}_policy")
    return ([Removal("delete", "inline policy", p, name, lambda p=p: delete(**entity, PolicyName=p)) for p in inline]
            + [Removal("detach", "attached policy", p["PolicyName"], name,
                       lambda p=p: detach(**entity, PolicyArn=p["PolicyArn"])) for p in attached])


def _managed_policy_steps(iam, name: str, arn: str, owned: dict) -> list[Removal]:
    """Detach policy `arn` from whoever else holds it, delete its old versions, then the policy."""
    steps = []
    holders = _or_none(iam, lambda: iam.list_entities_for_policy(PolicyArn=arn), default={})
    for kind, listed in (("user", "PolicyUsers"), ("role", "PolicyRoles"), ("group", "PolicyGroups")):
        for holder in holders.get(listed, []):
            who = holder[f"{kind.capitalize()}Name"]
            if who in owned.get(kind, ()):
                continue  # detached above, with its user or role
            detach = getattr(iam, f"detach_{kind}_policy")
            steps.append(Removal("detach", "policy", name, f"{kind} {who}",
                                 lambda d=detach, k=kind, w=who: d(**{f"{k.capitalize()}Name": w}, PolicyArn=arn)))
    for version in _or_none(iam, lambda: iam.list_policy_versions(PolicyArn=arn)["Versions"]):
        if not version["IsDefaultVersion"]:
            steps.append(Removal("delete", "policy version", version["VersionId"], name,
                                 lambda v=version["VersionId"]: iam.delete_policy_version(PolicyArn=arn, VersionId=v)))
    steps.append(Removal("delete", "policy", name, "", lambda: iam.delete_policy(PolicyArn=arn)))
    return steps


def _or_none(iam, listing: Callable[[], object], default=()):
    """A listing, or `default` when its owner disappeared while we looked (another clean-up)."""
    try:
        return listing()
    except iam.exceptions.NoSuchEntityException:
        return default


# --- the command ------------------------------------------------------------------------------
def main(argv=None) -> int:
    import boto3

    parser = argparse.ArgumentParser(prog="python -m helpers.workbook.cleanup",
                                     description="List, then delete, everything named <prefix>-… in the account.")
    parser.add_argument("--prefix", required=True, help="a learner's or participant's id: deletes what is named <prefix>-…")
    parser.add_argument("--region", default=os.environ.get("AWS_REGION", "us-east-1"))
    parser.add_argument("--yes", action="store_true", help="do not ask (CI); the list is still printed first")
    parser.add_argument("--dry-run", action="store_true", help="list only")
    args = parser.parse_args(argv)
    try:
        check_prefix(args.prefix)  # the rule setup applies: IAM's characters, short enough for every name
    except ParameterError as error:
        parser.error(str(error))

    identity = boto3.client("sts", region_name=args.region).get_caller_identity()
    confirmed = os.environ.get(CONFIRM_VARIABLE)
    if confirmed and confirmed != identity["Account"]:
        print(f"Refused: {CONFIRM_VARIABLE}={confirmed}, but these credentials are for account "
              f"{identity['Account']}. Nothing was deleted.", file=sys.stderr)
        return 2
    iam = boto3.client("iam", region_name=args.region)
    plan = clean_up_plan(iam, args.prefix)
    print(f"Account {identity['Account']}, as {identity['Arn']}.")
    if not plan:
        print(f"Nothing to delete: nothing is named {args.prefix}-…")
        return 0
    owners = [r for r in plan if r.kind in KINDS and not r.of]
    print(f"Will delete {len(owners)} item(s) named {args.prefix}-…, in {len(plan)} step(s):")
    for line in describe(plan):
        print("  -", line)
    if args.dry_run:
        return 0
    if not args.yes:
        if not sys.stdin.isatty():
            print("Not deleted: no terminal to ask on. Run again with --yes to delete.", file=sys.stderr)
            return 2
        if input("Delete them? [y/N] ").strip().lower() not in ("y", "yes"):
            print("Nothing deleted.")
            return 1
    removed = remove(iam, plan)
    left = clean_up_plan(iam, args.prefix)
    print(f"Deleted: {', '.join(removed) or 'nothing'}." + (f" Still there: {'; '.join(describe(left))}" if left else ""))
    return 1 if left else 0


if __name__ == "__main__":
    sys.exit(main())
