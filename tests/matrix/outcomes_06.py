"""Notebook 06's text, checked against one executed parameter row (see tests/matrix).

`check(run)` reads the text outputs of the cells 06 tags (`run.text(tag)`) and asserts what the
notebook's prose says of them, for whatever Region and profile the row passed.
"""
from tests.matrix.harness import found


def answers(text: str) -> dict[str, str]:
    """`say()`'s printout as {label: answer}; wrapped continuation lines joined back."""
    found, label = {}, None
    for line in text.splitlines():
        if line.startswith("    ") and label:
            found[label] = (found[label] + " " + line.strip()).strip()
        elif line.endswith(":") and not line.startswith("Sandbox"):
            label = line[:-1]
            found[label] = ""
    return found


def check(run):
    assert "the seed's text, unchanged here: True" in run.text("seed")
    assert "the seed's policy, rebuilt: True" in run.text("rebuilt")
    assert "reached the end of its life" in run.text("seed-today")

    replay = answers(run.text("replay"))
    assert replay["the seed's profile"].startswith("answered") and replay["the same, streamed"].startswith("answered")
    assert "AccessDeniedException" in replay["the bare model id"] and "foundation-model/" in replay["the bare model id"]
    model = run.parameters["model"]
    assert f"inference-profile/{model} " in replay["this notebook's model"]

    runs_in = found(r"is listed in: (.*)", run.text("destinations"))[1].split(", ")
    assert runs_in and all(runs_in), f"a destination with no name: {runs_in}"
    left_out = found(r"left out: (.*)", run.text("left-out"))[1]
    arn_left_out = "arn:aws:bedrock:::" if left_out == "the Region-less ARN" else f"arn:aws:bedrock:{left_out}::"

    per_route = run.text("per-route")
    routed = answers(per_route)
    refused = {label: text for label, text in routed.items() if text.startswith("refused")}
    said = found(r"The sandbox refused (\d+) of (\d+) destinations", per_route)
    assert (int(said[1]), int(said[2])) == (len(refused), len(routed))
    assert refused, "the policy leaves a destination out: the sandbox refuses some call"
    for text in refused.values():
        assert arn_left_out + "foundation-model/" in text, text

    proof = answers(run.text("proof"))
    assert all(text.startswith("answered") for label, text in proof.items()
               if label.startswith("routed to") or label == "streamed"), proof
    refusals = [label for label, text in proof.items() if text.startswith("refused")]
    assert refusals[0] == "the bare model id" and refusals[1].startswith("another profile") and len(refusals) == 2
