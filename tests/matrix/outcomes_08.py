"""Notebook 08's text, checked against one executed parameter row (see tests/matrix).

`check(run)` reads the text outputs of the cells 08 tags (`run.text(tag)`) and asserts what the
notebook's prose says of them, whatever Region and model the row passed.
"""


def said(text: str) -> dict[str, str]:
    """Lines `label: answer` (wrapped continuation lines joined back) as {label: answer}."""
    found, label = {}, None
    for line in text.splitlines():
        if line.startswith("    ") and label:
            found[label] += " " + line.strip()
        elif ": " in line:
            label, answer = line.split(": ", 1)
            found[label] = answer
    return found


def check(run):
    region, model = run.parameters["region"], run.parameters["model"]

    rotation = run.text("rotation").splitlines()
    # "the application's column reads allowed all the way down"; A stops at step 4
    assert sum(line.count("allowed: 200") for line in rotation) == 5 + 3, rotation
    refused_a = [line.split("  ")[0] for line in rotation if "refused" in line]
    assert refused_a == ["4. deactivate A", "5. delete A"], rotation

    status = said(run.text("deactivate"))
    assert status["B Inactive"].startswith("refused: 403") and status["B Active"] == "allowed: 200"

    reset = said(run.text("reset"))
    assert reset["same id"].startswith("True")
    assert reset["old text"].startswith("refused") and reset["new text"] == "allowed: 200"

    expiry = said(run.text("expiry"))
    assert expiry["B"] == "allowed: 200"
    assert "expired" in expiry["C"] and "expired" in expiry["short-term"]
    assert "Expired" in run.text("expiry"), "IAM lists C as Expired"

    revoke = said(run.text("revoke"))
    assert "explicit deny" in revoke["key from the earlier session"]
    sigv4 = revoke["the earlier session, SigV4"]
    assert "explicit deny" in sigv4 and f"arn:aws:bedrock:{region}:" in sigv4.replace(" ", "")
    assert model in sigv4.replace(" ", "").replace("\n", "")
    assert revoke["key from a later session"] == "allowed: 200"

    deny = said(run.text("deny-keys"))
    assert "explicit deny" in deny["key from a later session"] and deny["the later session, SigV4"] == "allowed: 200"

    assert "left to remove: 0 steps" in run.text("clean-up")
