"""`setup()`: the one call at the top of every notebook, and the course object it returns.

    course = workbook.setup(target, region, prefix)

- target "sandbox" (the default): start the offline sandbox in this kernel, reset it (seeded ids,
  so every run prints the same ids), point boto3, requests, openai, anthropic and curl at it, and
  set its clock to the course date (`COURSE_DATE`), so dates in outputs do not drift with real time.
- target "aws": change nothing in the environment; say which account, principal and Region the
  notebook will act in (STS GetCallerIdentity). Issue 9 adds a confirmation guard and a preflight
  in `AwsCourse.preflight`.

Either way the object has the same methods, so a notebook never needs `if sandbox:`. The moves only
the sandbox can make (`advance_clock`, `pin_routing`, `set_scps`) change the sandbox; on AWS they
change nothing and print what AWS does instead. `name()` and `clean_up()` are how a notebook names
what it makes and removes it again (safe to run twice).
"""
from __future__ import annotations

import os
from contextlib import contextmanager
from datetime import date, datetime, timedelta, timezone

import boto3

from .show import when

TARGETS = ("sandbox", "aws")
COURSE_DATE = datetime(2026, 12, 1, 12, 0, tzinfo=timezone.utc)
# Environment a notebook may set while it runs; clean-up unsets it.
NOTEBOOK_VARIABLES = ("AWS_BEARER_TOKEN_BEDROCK",)


def setup(target: str = "sandbox", region: str = "us-west-2", prefix: str = "wb") -> "Course":
    """Prepare this kernel for a notebook and say where it runs; returns the course object."""
    if target not in TARGETS:
        raise ValueError(f"target must be one of {TARGETS}, not {target!r}")
    if not prefix or not prefix.replace("-", "").isalnum():
        raise ValueError(f"prefix must be letters, digits and '-', not {prefix!r}: it starts IAM names")
    course = (SandboxCourse if target == "sandbox" else AwsCourse)(region, prefix)
    print(course.describe())
    return course


class Course:
    """Where a notebook runs, and the few moves a lesson needs beyond plain AWS calls."""

    target = ""

    def __init__(self, region: str, prefix: str):
        self.region = region
        self.prefix = prefix

    # --- naming and clean-up -----------------------------------------------------------------
    def name(self, what: str) -> str:
        """The name of something this notebook makes: `wb-key-user` for prefix `wb`."""
        return f"{self.prefix}-{what}"

    def owns(self, name: str) -> bool:
        return name.startswith(self.prefix + "-")

    def clean_up(self) -> None:
        """Delete every IAM user and role named with this prefix (their keys and policies first).

        Safe to run twice: the second run finds nothing and says so.
        """
        removed = self.remove_owned()
        print("Removed: " + ", ".join(removed) if removed
              else f"Nothing to remove: no IAM user or role is named {self.prefix}-…")

    def remove_owned(self) -> list[str]:
        """What `clean_up` does, silently; returns what it removed."""
        iam = boto3.client("iam", region_name=self.region)
        removed = [f"user {u}" for u in self._owned(iam, "list_users", "Users", "UserName")
                   if _delete_user(iam, u)]
        removed += [f"role {r}" for r in self._owned(iam, "list_roles", "Roles", "RoleName")
                    if _delete_role(iam, r)]
        for variable in NOTEBOOK_VARIABLES:
            os.environ.pop(variable, None)
        self._reset_moves()
        return removed

    def _owned(self, iam, operation: str, listed: str, field: str) -> list[str]:
        names = []
        for page in iam.get_paginator(operation).paginate():
            names += [item[field] for item in page[listed] if self.owns(item[field])]
        return names

    # --- sandbox-only moves (AWS: say what happens instead) ----------------------------------
    def now(self) -> datetime:
        raise NotImplementedError

    def advance_clock(self, **amount: float) -> datetime:
        raise NotImplementedError

    def pin_routing(self, region: str | None) -> None:
        raise NotImplementedError

    def set_scps(self, levels) -> None:
        raise NotImplementedError

    def route_at_random(self, seed: int) -> None:
        raise NotImplementedError

    def replay_date(self, day: date | datetime):
        """`with course.replay_date(date(2026, 6, 1)):` answers as on that day inside the block."""
        raise NotImplementedError

    def _reset_moves(self) -> None:
        pass

    def describe(self) -> str:
        raise NotImplementedError


class SandboxCourse(Course):
    """The offline sandbox, in this kernel: nothing leaves the machine."""

    target = "sandbox"

    def __init__(self, region: str, prefix: str):
        super().__init__(region, prefix)
        from helpers import sandbox

        self.sandbox = sandbox.start()
        self.sandbox.reset()
        self.sandbox.apply_environment()
        os.environ["AWS_REGION"] = os.environ["AWS_DEFAULT_REGION"] = region
        _set_clock(self.sandbox.clock, COURSE_DATE)
        self.account = self.sandbox.world.account

    def describe(self) -> str:
        return (f"Target: sandbox (offline, in this kernel). Account {self.account}, "
                f"region {self.region}, sandbox date {when(self.now())}.")

    def now(self) -> datetime:
        return self.sandbox.clock.now()

    def advance_clock(self, **amount: float) -> datetime:
        """Move sandbox time forward, e.g. `advance_clock(hours=13)`; returns the new time."""
        now = self.sandbox.clock.advance(**amount)
        print(f"Sandbox clock moved by {_duration(timedelta(**amount))}: it is now {when(now)}.")
        return now

    def pin_routing(self, region: str | None) -> None:
        """Send every inference-profile call to `region` (None: back to the default choice)."""
        self.sandbox.router.route_to(region)
        print(f"Sandbox routing pinned to {region}." if region else "Sandbox routing back to its default.")

    def set_scps(self, levels) -> None:
        """Set service control policies: one list of policy documents per organisation level."""
        self.sandbox.organization.set_scps(levels)
        print("Sandbox SCPs cleared." if levels is None else
              f"Sandbox SCPs set on {len(levels)} level(s).")

    def route_at_random(self, seed: int) -> None:
        """Send each later inference-profile call to one of its destinations, drawn with `seed`."""
        self.sandbox.router.route_at_random(seed)
        print(f"Sandbox routing: each profile call goes to one of its destinations at random (seed {seed}).")

    @contextmanager
    def replay_date(self, day: date | datetime):
        """Inside the block the sandbox lives on `day` (a date means 00:00 UTC): end of life, key
        expiry and `aws:CurrentTime` follow. Make keys inside the block (short-term ones above all)."""
        with self.sandbox.replay_date(day) as now:
            print(f"Sandbox clock replays {when(now)}.")
            yield now
        print(f"Sandbox clock back to {when(self.now())}.")

    def _reset_moves(self) -> None:
        self.sandbox.router.reset()
        self.sandbox.organization.reset()


class AwsCourse(Course):
    """A real AWS account: the environment is left as the learner set it up."""

    target = "aws"

    def __init__(self, region: str, prefix: str):
        super().__init__(region, prefix)
        self.identity = self.preflight()
        self.account = self.identity["Account"]

    def preflight(self) -> dict:
        """Who and where this notebook will act as. Issue 9's confirmation guard goes here."""
        return boto3.client("sts", region_name=self.region).get_caller_identity()

    def describe(self) -> str:
        return (f"Target: AWS. Account {self.account}, principal {self.identity['Arn']}, "
                f"region {self.region}. Calls here are real and may cost money.")

    def now(self) -> datetime:
        return datetime.now(timezone.utc)

    def advance_clock(self, **amount: float) -> datetime:
        print("On AWS time cannot be moved: to watch a key expire, make one with a short expiry "
              "(provide_token(expiry=timedelta(minutes=1))) and wait. Nothing changed.")
        return self.now()

    def pin_routing(self, region: str | None) -> None:
        print("On AWS, Bedrock picks each inference-profile call's destination Region itself; "
              "you cannot pin it. Allow every destination Region in your policy. Nothing changed.")

    def route_at_random(self, seed: int) -> None:
        print("On AWS, Bedrock already picks each inference-profile call's destination Region itself. "
              "Nothing changed.")

    @contextmanager
    def replay_date(self, day: date | datetime):
        print(f"On AWS time cannot be replayed: Bedrock answers as of today ({when(self.now())}). "
              "Nothing changed.")
        yield self.now()

    def set_scps(self, levels) -> None:
        print("On AWS, SCPs are managed in AWS Organizations from the management account "
              "(CreatePolicy, AttachPolicy). Nothing changed.")


def _set_clock(clock, moment: datetime) -> None:
    """Set the sandbox clock to `moment` with its public `advance()` (from whatever it reads now)."""
    real = clock.real_now()
    boundary = real.replace(microsecond=0) + timedelta(seconds=1)  # advance() takes effect there
    clock.advance(moment - (boundary + clock.offset_at(real)))


def _duration(delta: timedelta) -> str:
    """'+91 days', '+13 h', '+1 h 30 min', '-2 h'."""
    seconds = int(delta.total_seconds())
    sign = "-" if seconds < 0 else "+"
    days, rest = divmod(abs(seconds), 86400)
    if days and not rest:
        return f"{sign}{days} day{'s' if days > 1 else ''}"
    hours, rest = divmod(abs(seconds), 3600)
    return f"{sign}{hours} h" + (f" {rest // 60} min" if rest // 60 else "")


def _delete_user(iam, user: str) -> bool:
    """Delete `user` after what IAM requires to go first; False if it was already gone."""
    try:
        for c in iam.list_service_specific_credentials(UserName=user)["ServiceSpecificCredentials"]:
            iam.delete_service_specific_credential(
                UserName=user, ServiceSpecificCredentialId=c["ServiceSpecificCredentialId"])
        for k in iam.list_access_keys(UserName=user)["AccessKeyMetadata"]:
            iam.delete_access_key(UserName=user, AccessKeyId=k["AccessKeyId"])
        _remove_policies(iam, "user", user)
        iam.delete_user(UserName=user)
        return True
    except iam.exceptions.NoSuchEntityException:
        return False


def _delete_role(iam, role: str) -> bool:
    try:
        _remove_policies(iam, "role", role)
        iam.delete_role(RoleName=role)
        return True
    except iam.exceptions.NoSuchEntityException:
        return False


def _remove_policies(iam, kind: str, name: str) -> None:
    """Delete the inline policies of IAM user or role `name` and detach its managed ones."""
    entity = {f"{kind.capitalize()}Name": name}
    for policy in getattr(iam, f"list_{kind}_policies")(**entity)["PolicyNames"]:
        getattr(iam, f"delete_{kind}_policy")(**entity, PolicyName=policy)
    for policy in getattr(iam, f"list_attached_{kind}_policies")(**entity)["AttachedPolicies"]:
        getattr(iam, f"detach_{kind}_policy")(**entity, PolicyArn=policy["PolicyArn"])
