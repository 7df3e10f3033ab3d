"""Reading time per notebook, by one rule for all: what a careful learner reads, runs and answers.

    python -m bench.reading_time

Prose at 150 words a minute (technical text, read to be understood), code at 60 words a minute
(read to be predicted), printed output at 250, half a minute per code cell to run it and look, and
5 minutes per exercise (a cell that calls `check(`) and per "Check your understanding" block. The headers' and 00's map's times
are these figures rounded to 5 minutes; an estimate from the text, not a stopwatch.
"""
import json
import re
from pathlib import Path

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("[0-9][0-9]-*.ipynb"))


def words(text: str) -> int:
    return len(re.findall(r"\S+", text))


def minutes(path: Path) -> float:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    prose = sum(words("".join(c["source"])) for c in cells if c["cell_type"] == "markdown")
    code_cells = [c for c in cells if c["cell_type"] == "code"]
    code = sum(words("".join(c["source"])) for c in code_cells)
    output = sum(words("".join(o.get("text", "")) + "".join(o.get("data", {}).get("text/plain", "")))
                 for c in code_cells for o in c.get("outputs", []))
    markdown = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    exercises = sum("".join(c["source"]).count("check(") for c in code_cells)  # each ends with its checker
    quizzes = len(re.findall(r"^#+ .*Check your understanding", markdown, re.M | re.I))
    return prose / 150 + code / 60 + output / 250 + 0.5 * len(code_cells) + 5 * (exercises + quizzes)


def main() -> None:
    total = 0
    print(f"{'notebook':<36} {'minutes':>7} {'rounded':>7}")
    for path in NOTEBOOKS:
        spent = minutes(path)
        rounded = max(5, 5 * round(spent / 5))
        total += rounded
        print(f"{path.name:<36} {spent:7.1f} {rounded:7d}")
    print(f"{'course':<36} {'':>7} {total:7d}  ({total // 60} h {total % 60} min)")


if __name__ == "__main__":
    main()
