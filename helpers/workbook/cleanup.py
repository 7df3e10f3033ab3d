"""Clean-up in two steps, plan then delete: what a prefix owns in an account, and its removal.

    python -m helpers.workbook.cleanup --prefix wb            # lists, asks, deletes, reports
    python -m helpers.workbook.cleanup --prefix ci-42 --yes   # in CI, after the run, even a failed one

The one code path for removing what the workbook made: `Course.clean_up()` (the last cell of every
notebook) and this command both call `plan()` then `delete()`. Owned means named `<prefix>-...`:
IAM users (with their long-term keys, access keys, inline and attached policies), roles (with their
policies), and customer-managed policies (detached from everything first, old versions deleted).
`inventory()` is the same listing for every name, which the rehearsal compares before and after.

A prefix owns every name that starts with it and a `-`: with participants `p1` and `p1-b`, `p1`'s
clean-up would also take `p1-b`'s things. Give participants ids none of which is another's plus `-`
(`p01`..`p40`).
"""
from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass, field

import boto3
from botocore.exceptions import ClientError

from .live import CONFIRM_VARIABLE


@dataclass(frozen=True)
class Owned:
    """One IAM user, role or customer-managed policy, and what IAM requires to go before it."""

    kind: str  # "user" | "role" | "policy"
    name: str
    arn: str = ""
    parts: tuple[tuple[str, tuple[str, ...]], ...] = field(default=())  # ("access keys", (ids...)), ...

    def describe(self) -> str:
        listed = [f"{len(ids)} {what}" for what, ids in self.parts if ids]
        kind = "customer-managed policy" if self.kind == "policy" else self.kind
        return f"{kind} {self.name}" + (f" ({', '.join(listed)})" if listed else "")


def owner(prefix: str):
    """The test `Course.owns` applies: a name is the prefix's if it starts `<prefix>-`."""
    return lambda name: name.startswith(prefix + "-")


def plan(iam, prefix: str) -> list[Owned]:
    """Everything named `<prefix>-...`: what `delete` would remove, in the order it removes it."""
    return inventory(iam, owner(prefix))


def inventory(iam, owns=lambda name: True) -> list[Owned]:
    """Users, roles and customer-managed policies whose name `owns`, each with its keys and policies."""
    found = []
    for user in _names(iam, "list_users", "Users", "UserName", owns):
        found.append(_entity(iam, "user", user, (
            ("service-specific credentials", lambda: [c["ServiceSpecificCredentialId"] for c in
                                                      iam.list_service_specific_credentials(UserName=user)["ServiceSpecificCredentials"]]),
            ("access keys", lambda: [k["AccessKeyId"] for k in iam.list_access_keys(UserName=user)["AccessKeyMetadata"]]),
            *_policy_parts(iam, "user", user))))
    for role in _names(iam, "list_roles", "Roles", "RoleName", owns):
        found.append(_entity(iam, "role", role, tuple(_policy_parts(iam, "role", role))))
    for page in iam.get_paginator("list_policies").paginate(Scope="Local"):
        found += [Owned("policy", p["PolicyName"], p["Arn"]) for p in page["Policies"] if owns(p["PolicyName"])]
    return [item for item in found if item is not None]


def delete(iam, items: list[Owned]) -> list[Owned]:
    """Delete `items` (from `plan`), each after what IAM requires to go first; those removed.

    Something already gone is skipped (safe to run twice, or beside a notebook's own clean-up)."""
    removed = []
    for item in items:
        try:
            {"user": _delete_user, "role": _delete_role, "policy": _delete_policy}[item.kind](iam, item)
            removed.append(item)
        except iam.exceptions.NoSuchEntityException:
            continue
    return removed


# --- listing ----------------------------------------------------------------------------------
def _names(iam, operation: str, listed: str, field_name: str, owns) -> list[str]:
    names = []
    for page in iam.get_paginator(operation).paginate():
        names += [item[field_name] for item in page[listed] if owns(item[field_name])]
    return names


def _policy_parts(iam, kind: str, name: str):
    entity = {f"{kind.capitalize()}Name": name}
    return (("inline policies", lambda: getattr(iam, f"list_{kind}_policies")(**entity)["PolicyNames"]),
            ("attached policies", lambda: [p["PolicyArn"] for p in
                                           getattr(iam, f"list_attached_{kind}_policies")(**entity)["AttachedPolicies"]]))


def _entity(iam, kind: str, name: str, listers) -> Owned | None:
    """The entity with each part listed now; None if it went meanwhile (another clean-up)."""
    try:
        return Owned(kind, name, parts=tuple((what, tuple(sorted(lister()))) for what, lister in listers))
    except iam.exceptions.NoSuchEntityException:
        return None


# --- deleting ---------------------------------------------------------------------------------
def _delete_user(iam, item: Owned) -> None:
    user = item.name
    for c in iam.list_service_specific_credentials(UserName=user)["ServiceSpecificCredentials"]:
        iam.delete_service_specific_credential(UserName=user, ServiceSpecificCredentialId=c["ServiceSpecificCredentialId"])
    for k in iam.list_access_keys(UserName=user)["AccessKeyMetadata"]:
        iam.delete_access_key(UserName=user, AccessKeyId=k["AccessKeyId"])
    _remove_policies(iam, "user", user)
    iam.delete_user(UserName=user)


def _delete_role(iam, item: Owned) -> None:
    _remove_policies(iam, "role", item.name)
    iam.delete_role(RoleName=item.name)


def _delete_policy(iam, item: Owned) -> None:
    """A customer-managed policy: detached from every user, group and role, old versions deleted."""
    for page in iam.get_paginator("list_entities_for_policy").paginate(PolicyArn=item.arn):
        for user in page["PolicyUsers"]:
            iam.detach_user_policy(UserName=user["UserName"], PolicyArn=item.arn)
        for group in page["PolicyGroups"]:
            iam.detach_group_policy(GroupName=group["GroupName"], PolicyArn=item.arn)
        for role in page["PolicyRoles"]:
            iam.detach_role_policy(RoleName=role["RoleName"], PolicyArn=item.arn)
    for version in iam.list_policy_versions(PolicyArn=item.arn)["Versions"]:
        if not version["IsDefaultVersion"]:
            iam.delete_policy_version(PolicyArn=item.arn, VersionId=version["VersionId"])
    iam.delete_policy(PolicyArn=item.arn)


def _remove_policies(iam, kind: str, name: str) -> None:
    """Delete the inline policies of IAM user or role `name` and detach its managed ones."""
    entity = {f"{kind.capitalize()}Name": name}
    for policy in getattr(iam, f"list_{kind}_policies")(**entity)["PolicyNames"]:
        getattr(iam, f"delete_{kind}_policy")(**entity, PolicyName=policy)
    for policy in getattr(iam, f"list_attached_{kind}_policies")(**entity)["AttachedPolicies"]:
        getattr(iam, f"detach_{kind}_policy")(**entity, PolicyArn=policy["PolicyArn"])


# --- the command ------------------------------------------------------------------------------
def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m helpers.workbook.cleanup", description=__doc__.split("\n")[0])
    parser.add_argument("--prefix", required=True, help="delete what is named <prefix>-... (a learner or participant id)")
    parser.add_argument("--region", default=os.environ.get("AWS_REGION", "us-east-1"))
    parser.add_argument("--yes", action="store_true", help="do not ask (CI); the list is still printed first")
    parser.add_argument("--dry-run", action="store_true", help="list only")
    args = parser.parse_args(argv)
    if not args.prefix or not args.prefix.replace("-", "").isalnum():
        parser.error(f"prefix must be letters, digits and '-', not {args.prefix!r}")

    identity = boto3.client("sts", region_name=args.region).get_caller_identity()
    confirmed = os.environ.get(CONFIRM_VARIABLE)
    if confirmed and confirmed != identity["Account"]:
        print(f"Refused: {CONFIRM_VARIABLE}={confirmed}, but these credentials are for account "
              f"{identity['Account']}. Nothing was deleted.", file=sys.stderr)
        return 2
    iam = boto3.client("iam", region_name=args.region)
    items = plan(iam, args.prefix)
    print(f"Account {identity['Account']}, as {identity['Arn']}.")
    if not items:
        print(f"Nothing to delete: nothing is named {args.prefix}-…")
        return 0
    print(f"Will delete {len(items)} item(s) named {args.prefix}-…:")
    for item in items:
        print("  -", item.describe())
    if args.dry_run:
        return 0
    if not args.yes:
        if not sys.stdin.isatty():
            print("Not deleted: no terminal to ask on. Run again with --yes to delete.", file=sys.stderr)
            return 2
        if input("Delete them? [y/N] ").strip().lower() not in ("y", "yes"):
            print("Nothing deleted.")
            return 1
    try:
        removed = delete(iam, items)
    except ClientError as error:
        print(f"Stopped: {error}", file=sys.stderr)
        return 1
    left = plan(iam, args.prefix)
    print(f"Deleted {len(removed)} item(s)." + (f" Still there: {', '.join(i.describe() for i in left)}" if left else ""))
    return 1 if left else 0


if __name__ == "__main__":
    sys.exit(main())
