"""Notebook 05 (one key, many APIs): what its text says happens, for any row of parameters."""
import re

from helpers.sandbox.bedrock import CATALOG


def check(run):
    region = run.parameters["region"]
    offers = run.text("offers")
    chat = re.search(r"Chat Completions: (\S+) in (\S+);", offers)
    assert chat, offers
    model, where = chat.groups()
    # The Region part 1 calls: the learner's own where it lists the model, else a key Region that does.
    assert where == region if region in CATALOG.models[model].on_demand_regions else where in CATALOG.key_regions
    assert "would answer here" in run.text("chat")
    assert "is not supported by the Responses API on this endpoint" in run.text("responses")  # its card: mantle only
    assert run.text("claude-chat").startswith("400 ") and run.choice.foundation_model in run.text("claude-chat")
    anthropic_runtime = run.text("anthropic-runtime")
    assert "AnthropicBedrock: [sandbox]" in anthropic_runtime and "header it sends:  Authorization" in anthropic_runtime
    refused = run.text("mantle-refused")
    assert "403" in refused and "bedrock-mantle:CallWithBearerToken" in refused    # a bedrock:-only policy
    assert "mantle: [sandbox]" in run.text("mantle-ok")
    counted = re.search(r"(\d+) input tokens; the reply above used (\d+)", run.text("mantle-count"))
    assert counted and counted[1] == counted[2]
    assert "isn't supported on this route" in run.text("mantle-openai")
    assert "completed," in run.text("mantle-responses")
    assert "bedrock-mantle:CallWithBearerToken   granted" in run.text("mantle-prefix")
