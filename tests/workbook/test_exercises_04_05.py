"""The exercise checkers of notebooks 04 and 05: right answers pass, wrong ones say what is wrong."""
from helpers.workbook.checks import passes, problem


def test_botocore_prediction_exercise():
    right = {"a": "Bearer A", "b": "error", "c": "Bearer A", "d": "SigV4", "e": "SigV4", "f": "SigV4"}
    assert passes("04-predict-botocore", right)
    assert passes("04-predict-botocore", {k: v.lower() for k, v in right.items()})
    assert "case c" in problem("04-predict-botocore", {**right, "c": "Bearer B"})
    assert "no answer yet for b, c, d, e, f" in problem("04-predict-botocore", {"a": "Bearer A", "b": ...})
    assert "answer with" in problem("04-predict-botocore", {**right, "d": "IAM"})
    assert not passes("04-predict-botocore", "Bearer A")


def test_pick_a_path_exercise():
    right = {"gpt-5.4": ("bedrock-runtime", "/openai/v1/responses", "openai.gpt-5.4"),
             "gpt-oss-chat": ("bedrock-runtime", "/openai/v1/chat/completions", "openai.gpt-oss-120b-1:0"),
             "haiku-count": ("bedrock-mantle", "/anthropic/v1/messages/count_tokens", "anthropic.claude-haiku-4-5")}
    assert passes("05-pick-a-path", right)
    assert passes("05-pick-a-path", {**right, "gpt-5.4": ("bedrock-mantle", "/openai/v1/responses", "openai.gpt-5.4")})
    assert "does not know" in problem("05-pick-a-path", {
        **right, "haiku-count": ("bedrock-mantle", "/anthropic/v1/messages/count_tokens",
                                 "anthropic.claude-haiku-4-5-20251001-v1:0")})
    assert "is the chat-completions path; the job needs responses" in problem("05-pick-a-path", {
        **right, "gpt-5.4": ("bedrock-runtime", "/openai/v1/chat/completions", "openai.gpt-5.4")})
    assert "does not serve" in problem("05-pick-a-path", {
        **right, "haiku-count": ("bedrock-runtime", "/anthropic/v1/messages/count_tokens", "anthropic.claude-haiku-4-5")})
    assert "path" in problem("05-pick-a-path", {**right, "gpt-oss-chat": (
        "bedrock-runtime", "/v1/chat/completions", "openai.gpt-oss-120b-1:0")})
    assert "the job says bedrock-runtime" in problem("05-pick-a-path", {**right, "gpt-oss-chat": (
        "bedrock-mantle", "/v1/chat/completions", "openai.gpt-oss-120b")})
    assert "no answer yet for haiku-count" in problem("05-pick-a-path", {**right, "haiku-count": ...})
