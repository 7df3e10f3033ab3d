"""Where a notebook's fixed cost goes, each step timed in a fresh interpreter as a kernel meets it.

    python -m bench.startup [--runs 3]

Steps, in the order a notebook's first cells take them: `import helpers.workbook` (boto3 comes in
here), `workbook.setup(...)` on the sandbox (the sandbox package, moto, its TLS certificates, the
seeded world), and the first IAM call through it (a boto3 client, moto's first request).

Also says whether the installed packages carry compiled bytecode: pip compiles it at install, uv only
with `--compile-bytecode`, and with PYTHONDONTWRITEBYTECODE set Python never caches it, so every
kernel compiles boto3, moto and the SDKs from source again (2-3x slower imports).
"""
import argparse
import importlib.util
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STEPS = ("import helpers.workbook", "workbook.setup (sandbox)", "first IAM call")
CHILD = """
import contextlib, io, time
t0 = time.perf_counter()
from helpers import workbook
t1 = time.perf_counter()
with contextlib.redirect_stdout(io.StringIO()):
    workbook.setup("sandbox", "us-west-2", "wb")
t2 = time.perf_counter()
import boto3
boto3.client("iam").get_user(UserName="workbook-admin")
t3 = time.perf_counter()
print(t1 - t0, t2 - t1, t3 - t2)
"""
# Modules whose bytecode decides a kernel's import time (the course's cells import the last two).
HEAVY = ("boto3", "botocore.client", "moto.iam.models", "openai", "anthropic")


def steps(runs: int = 3) -> dict[str, float]:
    """Median seconds of each step of STEPS, each run in a fresh interpreter."""
    samples = [list(map(float, subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True,
                                              check=True, cwd=ROOT).stdout.split()))
               for _ in range(runs)]
    return {step: statistics.median(s[i] for s in samples) for i, step in enumerate(STEPS)}


def uncompiled() -> list[str]:
    """The HEAVY modules installed without cached bytecode for this interpreter."""
    missing = []
    for name in HEAVY:
        spec = importlib.util.find_spec(name)
        if spec and spec.origin and spec.origin.endswith(".py"):
            if not Path(importlib.util.cache_from_source(spec.origin)).exists():
                missing.append(name)
    return missing


def bytecode_line() -> str:
    missing = uncompiled()
    if not missing:
        return "bytecode: compiled for the heavy packages (as pip installs them)"
    never = " and PYTHONDONTWRITEBYTECODE is set, so never cached" if os.environ.get("PYTHONDONTWRITEBYTECODE") else ""
    return (f"bytecode: MISSING for {', '.join(missing)}{never}: every kernel compiles them from source; "
            f"`{Path(sys.executable).name} -m compileall -q {Path(sys.prefix) / 'lib'}` compiles them once")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(bytecode_line())
    for step, seconds in steps(args.runs).items():
        print(f"{step:<28} {seconds * 1000:6.0f} ms")


if __name__ == "__main__":
    main()
