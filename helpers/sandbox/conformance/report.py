"""Side by side: what AWS answered and what the sandbox answered, per probe, as JSON and as markdown."""
from __future__ import annotations

import json
from pathlib import Path

from .answer import Answer
from .probes import NOT_PROBED, PROBES


def compare(aws: dict[str, Answer], sandbox: dict[str, Answer]) -> list[dict]:
    rows = []
    for name in sorted(set(aws) | set(sandbox)):
        theirs, ours = aws.get(name), sandbox.get(name)
        differences = ours.differences(theirs) if ours and theirs else ["one side has no answer"]
        rows.append({"probe": name, "settles": PROBES[name].settles if name in PROBES else "",
                     "aws": theirs.to_dict() if theirs else None, "sandbox": ours.to_dict() if ours else None,
                     "agree": not differences, "differences": differences})
    return rows


def write(rows: list[dict], out: Path, about: dict) -> tuple[Path, Path]:
    """`report.json` (attach it to an issue) and `report.md` (read it), in `out`."""
    out.mkdir(parents=True, exist_ok=True)
    as_json = out / "report.json"
    as_json.write_text(json.dumps({"about": about, "probes": rows, "not probed": NOT_PROBED}, indent=1,
                                  ensure_ascii=False) + "\n")
    as_markdown = out / "report.md"
    as_markdown.write_text(markdown(rows, about))
    return as_json, as_markdown


def markdown(rows: list[dict], about: dict) -> str:
    agree = sum(r["agree"] for r in rows)
    lines = [f"# Sandbox conformance: {agree} of {len(rows)} probes agree",
             "", ", ".join(f"{k}: {v}" for k, v in about.items()), "",
             "| probe | settles | AWS | sandbox | agree |", "| --- | --- | --- | --- | --- |"]
    for r in rows:
        lines.append(f"| `{r['probe']}` | {_cell(r['settles'])} | {_brief(r['aws'])} | {_brief(r['sandbox'])} | "
                     f"{'yes' if r['agree'] else 'no'} |")
    differing = [r for r in rows if not r["agree"]]
    if differing:
        lines += ["", "## Differences", ""]
        for r in differing:
            lines += [f"- `{r['probe']}`"] + [f"  - {_cell(d)}" for d in r["differences"]]
    lines += ["", "## Not probed", ""] + [f"- {what}: {why}" for what, why in NOT_PROBED.items()]
    lines += ["", "Which FIDELITY.md row each probe settles, and why no call can settle the others: "
              "helpers/sandbox/conformance/README.md."]
    return "\n".join(lines) + "\n"


def _brief(answer: dict | None) -> str:
    if answer is None:
        return "(none)"
    parts = [str(answer["status"])] + [p for p in (answer["code"], answer["message"]) if p]
    if answer["fields"]:
        parts.append(json.dumps(answer["fields"], sort_keys=True))
    return _cell(" · ".join(parts))


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
