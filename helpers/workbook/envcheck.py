"""Notebook 00's environment check: one OK/FAIL line per thing the course needs, with why.

`environment_check()` prints the table and returns the results; it prints no installed version
numbers (they differ from machine to machine: notebook 00 shows them in a separate cell), so its
output is the same wherever the check passes.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass
from importlib import metadata

# (distribution, lowest version, why the course needs it)
PACKAGES = (
    ("boto3", "1.39.12", "bearer keys since 1.39.0, fixed in 1.39.12"),
    ("botocore", "1.39.12", "boto3's engine: reads AWS_BEARER_TOKEN_BEDROCK"),
    ("aws-bedrock-token-generator", "1.1.0", "short-term keys; 1.1.0 added expiry="),
    ("requests", "2.31", "raw HTTP calls, header by header"),
    ("openai", "1.40", "the OpenAI-compatible endpoints"),
    ("anthropic", "2.15", "AnthropicBedrock with api_key; its dated anthropic_version"),
    ("ipywidgets", "8.1", "the key inspector"),
)
PYTHON = (3, 11)


@dataclass(frozen=True)
class Result:
    item: str
    ok: bool
    detail: str

    def line(self) -> str:
        return f"{'OK  ' if self.ok else 'FAIL'}  {self.item:<36} {self.detail}"


def version_tuple(text: str) -> tuple[int, ...]:
    """'1.39.12' -> (1, 39, 12); stops at the first part that is not a number ('2.0rc1' -> (2,))."""
    parts = []
    for part in text.split("."):
        if not part.isdigit():
            break
        parts.append(int(part))
    return tuple(parts)


def check_python(version=sys.version_info) -> Result:
    ok = tuple(version[:2]) >= PYTHON
    return Result(f"Python >= {PYTHON[0]}.{PYTHON[1]}", ok, "what the workbook's helpers are written for"
                  if ok else f"this is {version[0]}.{version[1]}: install a newer Python")


def check_package(name: str, lowest: str, why: str, installed=metadata.version) -> Result:
    try:
        version = installed(name)
    except metadata.PackageNotFoundError:
        return Result(f"{name} >= {lowest}", False, f"not installed: pip install -r requirements.txt ({why})")
    ok = version_tuple(version) >= version_tuple(lowest)
    return Result(f"{name} >= {lowest}", ok, why if ok else f"found {version}: upgrade it ({why})")


def check_reachable(course) -> Result:
    """One STS GetCallerIdentity call where the notebook runs (the sandbox or AWS)."""
    import boto3
    from botocore.exceptions import BotoCoreError, ClientError

    where = "sandbox" if course.target == "sandbox" else "AWS"
    try:
        account = boto3.client("sts", region_name=course.region).get_caller_identity()["Account"]
    except (BotoCoreError, ClientError) as error:
        return Result(f"{where} reachable", False, f"{type(error).__name__}: {error}")
    return Result(f"{where} reachable", True, f"STS answers for account {account}")


def environment_check(course=None) -> list[Result]:
    """Print OK/FAIL per item; returns the results (all OK: `all(r.ok for r in results)`)."""
    results = [check_python()] + [check_package(*p) for p in PACKAGES]
    if course is not None:
        results.append(check_reachable(course))
    for result in results:
        print(result.line())
    failed = sum(not r.ok for r in results)
    print("All good: the course can run here." if not failed else f"{failed} item(s) to fix before going on.")
    return results


def installed_versions() -> dict[str, str]:
    """Python and each package's installed version (machine-dependent: for a cell nbval ignores)."""
    versions = {"Python": sys.version.split()[0]}
    for name, *_ in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "missing"
    return versions
