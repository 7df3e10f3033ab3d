"""`setup()`: the one call at the top of every notebook, and the course object it returns.

    course = workbook.setup(target, region, prefix)

- target "sandbox" (the default): start the offline sandbox in this kernel, reset it (seeded ids,
  so every run prints the same ids), point boto3, requests, openai, anthropic and curl at it, and
  set its clock to the course date (`COURSE_DATE`), so dates in outputs do not drift with real time.
- target "aws": change nothing in the environment; say which account, principal and Region the
  notebook will act in (STS GetCallerIdentity), and go no further until the account is confirmed
  (`WORKBOOK_CONFIRM_ACCOUNT`, or typed at a prompt). Then `AwsCourse.preflight()` says what the run
  will create, checks the permissions it needs with IAM's policy simulator (the notebook's plan in
  `plans.py`, named by `notebook=`), and clears this notebook's own leftovers of an earlier run.
  Refused in a kernel that started the sandbox, or with the sandbox's settings but no proxy to it
  (`live.check_environment`).

Either way the object has the same methods, so a notebook never needs `if sandbox:`. The moves only
the sandbox can make (`advance_clock`, `pin_routing`, `set_scps`) change the sandbox; on AWS they
change nothing and print what AWS does instead. `name()` and `clean_up()` are how a notebook names
what it makes and removes it again (safe to run twice). On AWS, IAM's eventual consistency is handled
out of the cells' sight (`propagation.py`), so a cell reads as plain boto3.

Parameters are checked first (`parameters.check`): nothing starts before the Region, the model and the
prefix are accepted. Cells derive values from `course.model`, `course.foundation_model`,
`course.destinations`, `course.other_region` and `course.key_regions` (or ask Bedrock, as a learner would:
`get_inference_profile`), never from a hard-coded Region or profile.
"""
from __future__ import annotations

import os
from contextlib import contextmanager
from datetime import date, datetime, timedelta, timezone

import boto3

from . import hints, live, parameters, plans, propagation
from .show import when

TARGETS = ("sandbox", "aws")
COURSE_DATE = datetime(2026, 12, 1, 12, 0, tzinfo=timezone.utc)
# Environment a notebook may set while it runs; clean-up unsets it.
NOTEBOOK_VARIABLES = ("AWS_BEARER_TOKEN_BEDROCK",)


def setup(target: str = "sandbox", region: str = "us-west-2", prefix: str = "wb", *,
          notebook: str | None = None, model: str | None = None) -> "Course":
    """Check the parameters, prepare this kernel for a notebook and say where it runs; returns the course.

    Nothing is started or made before `parameters.check` accepts the Region, the prefix and (with
    `notebook="02"`) the kind of `model` that notebook needs: a refusal says what to pass instead.
    `notebook` also names the notebook's plan (`plans.py`): on AWS the preflight checks it."""
    if target not in TARGETS:
        raise parameters.ParameterError(f"target must be one of {TARGETS}, not {target!r}.")
    today = COURSE_DATE if target == "sandbox" else datetime.now(timezone.utc)
    choice = parameters.check(region, model, prefix, notebook, today=today)
    course = (SandboxCourse(region, prefix, choice) if target == "sandbox"
              else AwsCourse(region, prefix, choice, notebook))
    print(course.describe())
    course.start()
    return course


class Course:
    """Where a notebook runs, and the few moves a lesson needs beyond plain AWS calls."""

    target = ""

    def __init__(self, region: str, prefix: str, choice: "parameters.Choice | None" = None):
        self.region = region
        self.prefix = prefix
        self.choice = choice

    # --- what cells derive values from (the `model` parameter, resolved in the course's catalog) ----
    @property
    def model(self) -> str | None:
        """The `model` parameter: an inference profile id or a model id."""
        return self.choice.model if self.choice else None

    @property
    def foundation_model(self) -> str | None:
        """The model behind `model`: `anthropic.claude-haiku-4-5-20251001-v1:0` for its `us.` profile."""
        return self.choice.foundation_model if self.choice else None

    @property
    def destinations(self) -> tuple[str, ...]:
        """The Regions a call to `model` from this Region may run in (a model id: this Region only).
        A learner on AWS reads the same from `bedrock.get_inference_profile(...)["models"]`."""
        return self.choice.destinations if self.choice else (self.region,)

    @property
    def key_regions(self) -> tuple[str, ...]:
        """The Regions AWS lists for Bedrock API keys (api-keys-supported)."""
        from helpers.sandbox.bedrock.catalog import CATALOG

        return CATALOG.key_regions

    @property
    def other_region(self) -> str | None:
        """Another Region `model` is offered from where keys are offered too, nearest first (same
        geography), for a cell that calls "elsewhere"; None when there is none."""
        if not self.choice:
            return None
        home = self.region.split("-")[0]
        others = [r for r in self.choice.offered_in if r != self.region and r in self.key_regions]
        return min(others, key=lambda r: (r.split("-")[0] != home, r), default=None)

    # --- naming and clean-up -----------------------------------------------------------------
    def name(self, what: str) -> str:
        """The name of something this notebook makes: `wb-key-user` for prefix `wb`."""
        return f"{self.prefix}-{what}"

    def clean_up(self) -> None:
        """Delete every IAM user, role and customer managed policy named with this prefix (what
        must go first goes first: see `cleanup`). Safe to run twice: the second run finds nothing.
        """
        removed = self.remove_owned()
        print("Removed: " + ", ".join(removed) if removed
              else f"Nothing to remove: no IAM user, role or policy is named {self.prefix}-…")

    def clean_up_plan(self) -> list["cleanup.Removal"]:
        """What `clean_up` would delete or detach, in order, changing nothing (a table's rows)."""
        from . import cleanup

        return cleanup.clean_up_plan(boto3.client("iam", region_name=self.region), self.prefix)

    def remove_owned(self) -> list[str]:
        """What `clean_up` does, silently; returns what it removed ("user wb-key-user", ...).
        The same plan and removal as the stand-alone `python -m helpers.workbook.cleanup`."""
        from . import cleanup  # imported here: `python -m helpers.workbook.cleanup` runs it as __main__

        with propagation.no_waits():  # nothing is used after a clean-up: no deletion needs to settle
            removed = cleanup.remove_owned(boto3.client("iam", region_name=self.region), self.prefix)
        for variable in NOTEBOOK_VARIABLES:
            os.environ.pop(variable, None)
        self._reset_moves()
        return removed

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

    def start(self) -> None:
        """What setup does after saying where the notebook runs (AWS: confirm, then preflight)."""

    def wait_for_iam(self, call, until=None):
        """Deprecated: `call()`. IAM's eventual consistency is handled where a change is made
        (`propagation.py`); kept only until the notebooks drop their wrappers."""
        return call()


class SandboxCourse(Course):
    """The offline sandbox, in this kernel: nothing leaves the machine."""

    target = "sandbox"

    def __init__(self, region: str, prefix: str, choice: "parameters.Choice | None" = None):
        super().__init__(region, prefix, choice)
        from helpers import sandbox

        self.sandbox = sandbox.start(region=region)
        self.sandbox.region = region  # a kernel's second setup may name another Region
        self.sandbox.reset(as_of=COURSE_DATE)
        self.sandbox.apply_environment()  # AWS_REGION and AWS_DEFAULT_REGION among the rest
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
        """Send every inference-profile call to `region` (None: back to the default choice). A Region
        the notebook's profile (`model`; any profile offered here when `model` is no profile) cannot
        reach raises UnreachablePin; a call through another profile that cannot reach the pinned
        Region is refused with its destinations."""
        self.sandbox.router.route_to(region, source_region=self.region, profile=self.model)
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

    def __init__(self, region: str, prefix: str, choice: "parameters.Choice | None" = None,
                 notebook: str | None = None):
        super().__init__(region, prefix, choice)
        live.check_environment()
        self.notebook = notebook
        self.identity = boto3.client("sts", region_name=region).get_caller_identity()
        self.account = self.identity["Account"]

    def start(self) -> None:
        """Confirm the account, run the preflight, then cap model calls' tokens and add error hints."""
        how = live.confirm_account(self.account)
        print(f"Account {self.account} {how}.")
        if self.prefix == "wb":
            print("Note: prefix 'wb' is the default; in an account others use too, set prefix to your own id.")
        self.preflight()
        boto3.setup_default_session()
        live.limit_tokens(boto3.DEFAULT_SESSION.events)
        print(f"boto3's Converse calls get maxTokens={live.MAX_TOKENS} when a cell sets none.")
        seconds = propagation.settle_iam_changes(boto3.DEFAULT_SESSION.events)
        if seconds:
            print(f"IAM applies changes after a delay: each IAM change made with boto3 here waits {seconds:g} s "
                  f"before the next cell line runs ({propagation.SETTLE_VARIABLE}).")
        hints.install_hints(self.prefix, self.region)

    def preflight(self) -> list | None:
        """Say what this run creates and which permissions it needs, check them, clear own leftovers.

        Returns the permissions found missing ([] if none), None if they could not be checked.
        Raises `live.LiveRefused` (nothing made) when a permission is missing."""
        iam = boto3.client("iam", region_name=self.region)
        plan = plans.PLANS.get(self.notebook or "")
        if plan is None:
            print(f"Preflight: notebook {self.notebook!r} has no plan in helpers/workbook/plans.py, so nothing "
                  "is checked; a missing permission stops the notebook where it is first needed.")
            return None
        made = plan.creates(self.prefix)
        print("This run creates: " + "; ".join(made) + ". Its clean-up cell removes them."
              if made else "This run creates nothing in the account.")
        needs = plans.needs_of(self.notebook, account=self.account, region=self.region, prefix=self.prefix,
                               model=self.model or "*")
        source = live.simulation_source(self.identity)
        missing = live.check_permissions(iam, source, needs) if source else None
        if missing is None:
            print(f"Warning: the {len(needs)} permissions it needs could not be checked (this principal may not "
                  "call iam:SimulatePrincipalPolicy on itself); a missing one stops the notebook where it is needed.")
        elif missing:
            raise live.LiveRefused(
                f"{source} lacks {len(missing)} of the {len(needs)} permissions this notebook needs; nothing was "
                "made. Missing:\n" + "\n".join(f"  - {need}" for need in missing)
                + "\nworkshop/policies/participant-policy.json grants them all.")
        else:
            print(f"Permissions: the {len(needs)} it needs are allowed for {source} (IAM policy simulator).")
        self._clear_leftovers(iam, plan)
        return missing

    def _clear_leftovers(self, iam, plan) -> None:
        """Remove what an earlier, interrupted run of this notebook left under the names it makes."""
        from . import cleanup

        ours = {self.name(name) for _, name, _ in plan.makes}
        steps = cleanup.clean_up_plan(iam, self.prefix)
        clashing = [s for s in steps if s.name in ours or s.of in ours]
        if clashing:
            print("Left by an earlier run, removed so this run starts clean: "
                  + ", ".join(cleanup.remove(iam, clashing)) + ".")
        others = [f"{s.kind} {s.name}" for s in steps if s not in clashing and s.kind in cleanup.KINDS and not s.of]
        if others:
            print(f"Also named {self.prefix}-… (the clean-up cell removes these too): " + ", ".join(others) + ".")

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


def _duration(delta: timedelta) -> str:
    """'+91 days', '+13 h', '+1 h 30 min', '-2 h'."""
    seconds = int(delta.total_seconds())
    sign = "-" if seconds < 0 else "+"
    days, rest = divmod(abs(seconds), 86400)
    if days and not rest:
        return f"{sign}{days} day{'s' if days > 1 else ''}"
    hours, rest = divmod(abs(seconds), 3600)
    return f"{sign}{hours} h" + (f" {rest // 60} min" if rest // 60 else "")
