"""Checkers of notebook 10: the runner's command and documented-or-open; wrong answers refused with a reason."""
import pytest

from helpers.workbook.checks import passes, problem
from helpers.workbook.checks.nb10 import DOCUMENTED_OR_OPEN

RIGHT = ["02", "03", "--target", "aws", "--confirm-account", "123456789012", "-p", "region", "eu-central-1",
         "-p", "prefix", "p07", "-p", "model", "eu.anthropic.claude-haiku-4-5-20251001-v1:0"]


def without(*words):
    out, skip = [], 0
    for i, word in enumerate(RIGHT):
        if skip:
            skip -= 1
            continue
        if word in words:
            skip = 1 if word in ("--target", "--confirm-account") else 0
            continue
        out.append(word)
    return out


def test_the_command_passes_with_the_eu_or_global_profile_and_as_paths():
    assert passes("10-runner-command", RIGHT)
    assert passes("10-runner-command", RIGHT[:-1] + ["global.anthropic.claude-haiku-4-5-20251001-v1:0"])
    assert passes("10-runner-command", ["notebooks/02-long-term-keys.ipynb", "notebooks/03-short-term-keys.ipynb"]
                  + RIGHT[2:])
    assert passes("10-runner-command", ["02", "03", "-p", "target", "aws"] + RIGHT[4:])


@pytest.mark.parametrize("answer, reason", [
    (" ".join(RIGHT), "list of strings"),
    (RIGHT[:-1] + ["us.anthropic.claude-haiku-4-5-20251001-v1:0"], "not an inference profile you can call"),
    (RIGHT[:-3], "not an inference profile you can call"),
    (RIGHT[:-1] + ["eu.anthropic.claude-3-haiku-20240307-v1:0"], "reached its end of life"),
    (RIGHT[:-1], "-p takes two words"),
    (without("--confirm-account"), "--confirm-account"),
    (without("--target"), "target aws"),
    (["02"] + RIGHT[2:], "run notebooks"),
    (["02", "03", "04"] + RIGHT[2:], "run notebooks"),
    (RIGHT[2:], "run notebooks"),
    (RIGHT + ["-p", "api_key", "x"], "not a notebook parameter"),
    (RIGHT + ["-p", "key", "ABSKQmVkcm9ja0FQSUtleQ=="], "never on the command line"),
    (RIGHT + ["--verbose"], "no option"),
    ([w.replace("eu-central-1", "eu-west-1") for w in RIGHT], "region and prefix"),
])
def test_wrong_commands_are_refused_with_a_reason(answer, reason):
    assert reason in problem("10-runner-command", answer)


def test_documented_or_open_passes_only_the_right_mapping():
    assert passes("10-documented-or-open", dict(DOCUMENTED_OR_OPEN))
    assert "look again" in problem("10-documented-or-open", {k: "open" for k in DOCUMENTED_OR_OPEN})
    assert "look again" in problem("10-documented-or-open", {k: "documented" for k in DOCUMENTED_OR_OPEN})
    assert "'documented' or 'open'" in problem("10-documented-or-open", {**DOCUMENTED_OR_OPEN, "alias-suffix-form": "?"})
    assert "not one of the points" in problem("10-documented-or-open", {**DOCUMENTED_OR_OPEN, "x": "open"})
    assert "give a dict" in problem("10-documented-or-open", ["open"])
