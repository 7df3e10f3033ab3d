"""`python -m helpers.sandbox.conformance --prefix P`: ask a real account what the sandbox guesses.

Runs every probe against AWS with the credentials of this shell, then the same probes against a fresh
sandbox (in a child process), and writes a report: per probe, AWS's answer beside the sandbox's, and
whether they agree (`out/conformance/report.json` to attach to an issue, `report.md` to read). The
live path's guard rails apply: the account is shown and must be confirmed
(`WORKBOOK_CONFIRM_ACCOUNT=<id>` or typed), everything made is named `<prefix>-cf-...` and removed
at the end whatever happens, the permissions it needs are checked first with IAM's policy
simulator, and the cost is about 35 Bedrock calls (a handful reach a model, for at most 5 output
tokens) and free IAM and STS calls (`README.md` in this package has the measure).

`--snapshot tests/conformance/snapshots/NAME.json` also writes AWS's answers there, masked (no
account ids, no key material): commit it and the suite holds the sandbox to it from then on.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

from .answer import Answer, dumps, mask
from .principals import POLICIES, ROLES
from .probes import PROBES
from .report import compare, markdown, write
from .run import run_probes

NAME = re.compile(r"^[A-Za-z0-9+=,.@_-]{1,48}$")  # IAM's user-name characters; room for "-cf-key-only"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m helpers.sandbox.conformance", description=__doc__.split("\n")[0])
    parser.add_argument("--prefix", required=True, help="starts the name of everything the run makes")
    parser.add_argument("--region", default=os.environ.get("AWS_REGION") or "us-east-1")
    parser.add_argument("--out", default="out/conformance", help="where report.json and report.md go")
    parser.add_argument("--probe", action="append", dest="probes", metavar="NAME", help="run only these (repeat)")
    parser.add_argument("--snapshot", metavar="FILE", help="also write AWS's answers (masked) to FILE, to commit")
    parser.add_argument("--target", choices=("aws", "sandbox"), default="aws", help=argparse.SUPPRESS)
    parser.add_argument("--record", help=argparse.SUPPRESS)  # the sandbox child writes its answers here
    parser.add_argument("--list", action="store_true", help="list the probes and what each settles")
    args = parser.parse_args(argv)
    if args.list:
        for probe in PROBES.values():
            print(f"{probe.name}: {probe.settles}")
        return 0
    if not NAME.match(args.prefix):
        print(f"--prefix {args.prefix!r}: use 1 to 48 of IAM's name characters (letters, digits, + = , . @ _ -).")
        return 2
    if args.target == "sandbox":
        return _on_sandbox(args)
    return _on_aws(args)


def _on_sandbox(args) -> int:
    import boto3

    from helpers import sandbox

    sandbox.start(region=args.region).apply_environment()
    answers = run_probes(boto3.Session(region_name=args.region), args.region, args.prefix, args.probes)
    Path(args.record).write_text(dumps(answers))
    return 0


def _on_aws(args) -> int:
    import boto3

    from helpers.workbook import live

    try:
        live.check_environment()
        session = boto3.Session(region_name=args.region)
        identity = session.client("sts").get_caller_identity()
        print(f"Target: AWS account {identity['Account']} as {identity['Arn']}, Region {args.region}.")
        print(f"It makes {len(POLICIES)} IAM users and {len(ROLES)} IAM roles named {args.prefix}-cf-..., runs "
              f"{len(args.probes or PROBES)} probes (a few tokens each), and removes them at the end.")
        print(live.confirm_account(identity["Account"]).capitalize() + ".")
    except live.LiveRefused as refused:
        print(f"Stopped: {refused}")
        return 2
    if not _preflight(session, identity, args.prefix):
        return 2
    from helpers.workbook.propagation import settle_seconds

    # One wait for IAM to make the probe users visible everywhere (WORKBOOK_IAM_SETTLE_SECONDS, as notebooks).
    aws = run_probes(session, args.region, args.prefix, args.probes, settle_seconds=settle_seconds(),
                     progress=lambda step: print(f"  {step}", flush=True))
    sandbox = _sandbox_answers(args)
    rows = compare(aws, sandbox)
    about = {"region": args.region, "probes": len(rows)}
    as_json, as_markdown = write(rows, Path(args.out), about)
    print(markdown(rows, about))
    print(f"Report: {as_json} and {as_markdown}. Nothing named {args.prefix}-cf-... is left in the account.")
    if args.snapshot:
        recorded = {"recorded from": mask(identity["Arn"], args.prefix), "on": date.today().isoformat(),
                    "region": args.region, "answers": json.loads(dumps(aws))}
        Path(args.snapshot).parent.mkdir(parents=True, exist_ok=True)
        Path(args.snapshot).write_text(json.dumps(recorded, indent=1, ensure_ascii=False) + "\n")
        print(f"Snapshot: {args.snapshot}")
    return 0


def _preflight(session, identity: dict, prefix: str) -> bool:
    """Check with IAM's simulator that the caller may make and remove the probe users and role."""
    from helpers.workbook import live
    from helpers.workbook.plans import Need

    iam = session.client("iam")
    arn = f"arn:aws:iam::{identity['Account']}:{{}}/{prefix}-cf-{{}}"
    users = [arn.format("user", name) for name in POLICIES]
    roles = [arn.format("role", name) for name in ROLES]
    user_actions = ("iam:CreateUser", "iam:PutUserPolicy", "iam:CreateServiceSpecificCredential",
                    "iam:CreateAccessKey", "iam:UpdateServiceSpecificCredential", "iam:ResetServiceSpecificCredential",
                    "iam:ListServiceSpecificCredentials", "iam:DeleteServiceSpecificCredential", "iam:ListAccessKeys",
                    "iam:DeleteAccessKey", "iam:ListUserPolicies", "iam:DeleteUserPolicy",
                    "iam:ListAttachedUserPolicies", "iam:DeleteUser", "iam:GetUser", "iam:SimulatePrincipalPolicy")
    role_actions = ("iam:CreateRole", "iam:PutRolePolicy", "iam:ListRolePolicies", "iam:DeleteRolePolicy",
                    "iam:ListAttachedRolePolicies", "iam:DeleteRole")
    needs = [Need(a, u) for u in users for a in user_actions] + [Need(a, r) for r in roles for a in role_actions]
    source = live.simulation_source(identity)
    missing = live.check_permissions(iam, source, needs) if source else None
    if missing is None:
        print("Could not check permissions with IAM's policy simulator; going on.")
        return True
    if missing:
        print("Stopped before making anything: these permissions are missing:")
        for need in dict.fromkeys(str(n) for n in missing):
            print(f"  - {need}")
        return False
    return True


def _sandbox_answers(args) -> dict[str, Answer]:
    """The same probes against a fresh sandbox, in a child process (the sandbox rewrites its environment)."""
    with tempfile.TemporaryDirectory() as directory:
        record = Path(directory) / "sandbox.json"
        command = [sys.executable, "-m", "helpers.sandbox.conformance", "--target", "sandbox", "--prefix",
                   args.prefix, "--region", args.region, "--record", str(record)]
        for name in args.probes or ():
            command += ["--probe", name]
        subprocess.run(command, check=True)
        return {name: Answer.from_dict(data) for name, data in json.loads(record.read_text()).items()}


if __name__ == "__main__":
    sys.exit(main())
