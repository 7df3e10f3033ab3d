"""Every [open] row of FIDELITY.md names the probe that settles it or says why none can, and every
probe is named there or in the conformance README's table of the course's messages (issue 18)."""
import re
from pathlib import Path

from helpers.sandbox.conformance import PROBES

ROOT = Path(__file__).resolve().parents[2]
FIDELITY = (ROOT / "helpers" / "sandbox" / "FIDELITY.md").read_text()
README = (ROOT / "helpers" / "sandbox" / "conformance" / "README.md").read_text()
NAMED = re.compile(r"Probes?: ((?:`[a-z0-9-]+`(?:, | and )?)+)")


def open_rows() -> list[str]:
    return [line for line in FIDELITY.splitlines() if line.startswith("|") and "open]" in line]


def named_in(text: str) -> set[str]:
    return {name for match in NAMED.finditer(text) for name in re.findall(r"`([a-z0-9-]+)`", match.group(1))}


def test_every_open_row_names_its_probe_or_why_none():
    unanswered = [row.split("|")[1].strip() for row in open_rows() if "Probe" not in row and "Not probed:" not in row]
    assert unanswered == []


def test_every_probe_named_exists():
    assert sorted(named_in(FIDELITY) - set(PROBES)) == []
    assert sorted(set(re.findall(r"^\| `([a-z0-9-]+)` \|", README, re.M)) - set(PROBES)) == []


def test_every_probe_is_named_where_a_trainer_reads():
    in_readme = set(re.findall(r"`([a-z0-9-]+)`", README))
    assert sorted(set(PROBES) - named_in(FIDELITY) - in_readme) == []
    assert sorted(set(PROBES) - in_readme) == []  # the README's table lists every probe


def test_the_readme_counts_what_the_command_makes_and_runs():
    from helpers.sandbox.conformance.principals import POLICIES, ROLES
    from helpers.sandbox.conformance.run import MAX_PROBES

    assert f"It makes {len(POLICIES)} IAM users and {len(ROLES)} IAM roles" in README
    assert f"at most {MAX_PROBES} probes (today {len(PROBES)})" in README


def test_the_readme_maps_each_open_row_as_fidelity_does():
    section = README.split("## FIDELITY.md's [open] rows")[1].split("\n## ")[0]
    readme_rows = {line.split(" | ")[0][2:].removesuffix(" …"): line for line in section.splitlines()
                   if line.startswith("| ") and not line.startswith(("| FIDELITY", "| ---"))}
    for row in open_rows():
        topic = row.split("|")[1].strip()
        mapped = [line for start, line in readme_rows.items() if topic.startswith(start)]
        assert mapped, f"the README does not map {topic!r}"
        annotation = re.search(r"(?:Probes?|Not probed): .*?\(\[conformance\]", row).group(0)
        named = set(re.findall(r"`([a-z0-9-]+)`", annotation)) & set(PROBES)
        assert set(re.findall(r"`([a-z0-9-]+)`", mapped[-1])) & set(PROBES) == named, topic
