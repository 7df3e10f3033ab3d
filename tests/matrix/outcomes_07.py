"""Notebook 07's text, checked against one executed parameter row (see tests/matrix).

`check(run)` reads the text outputs of the cells 07 tags (`run.text(tag)`) and asserts what the
notebook's prose says of them, for whatever Region and profile the row passed.
"""
from helpers.sandbox.bedrock.catalog import CATALOG  # AWS's list of Regions for keys
from tests.matrix.harness import found


def lines(text: str) -> dict[str, str]:
    """`say()`'s printout as {label: answer}: a label ends with ':' and starts a line; indented lines continue."""
    found, label = {}, None
    for line in text.splitlines():
        if line.startswith(" ") and label:
            found[label] += " " + line.strip()
        elif ":" in line:
            label, _, rest = line.partition(":")
            found[label] = rest.strip()
    return found


def check(run):
    region, model = run.parameters["region"], run.parameters["model"]

    another = run.text("another-model")
    other = found(r"another profile: (\S+)", another)[1]
    assert other != model and f"inference-profile/{other} because" in lines(another)["answer"]
    assert "foundation-model/" in lines(run.text("bare-id"))["answer"]

    elsewhere_text = run.text("elsewhere")
    elsewhere = found(r"elsewhere: (\S+) \| on AWS's list for keys: True", elsewhere_text)[1]
    assert elsewhere != region and {region, elsewhere} <= set(CATALOG.key_regions)
    assert f"arn:aws:bedrock:{elsewhere}:" in lines(elsewhere_text)["answer"] and "inference-profile/" in elsewhere_text

    left = run.text("left-out")
    left_out = found(r"left out: (.*)", left)[1]
    arn = "arn:aws:bedrock:::" if left_out == "the Region-less ARN" else f"arn:aws:bedrock:{left_out}::"
    assert (arn + "foundation-model/") in lines(left)["answer"]

    grid = run.text("grid")
    total, allowed = map(int, found(r"(\d+) decisions, (\d+) allowed", grid).groups())
    assert (total, allowed) == (3 * 2 * 2 * 2, 1), "three models x two Regions x two key types x two operations"
    confirmed = found(r"(\d+) of (\d+) confirmed", run.text("confirmed"))
    assert int(confirmed[1]) == int(confirmed[2]) == total
