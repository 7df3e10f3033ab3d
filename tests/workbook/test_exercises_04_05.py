"""The exercise checkers of notebooks 04 and 05: right answers pass, wrong ones say what is wrong."""
from helpers.workbook.checks import passes, problem


def test_botocore_prediction_exercise():
    right = {"a": "Bearer A", "b": "error", "c": "Bearer A", "d": "SigV4", "e": "SigV4", "f": "SigV4", "g": "SigV4"}
    assert passes("04-predict-botocore", right)
    assert passes("04-predict-botocore", {k: v.lower() for k, v in right.items()})
    assert "case c" in problem("04-predict-botocore", {**right, "c": "Bearer B"})
    assert "no answer yet for b, c, d, e, f, g" in problem("04-predict-botocore", {"a": "Bearer A", "b": ...})
    assert "answer with" in problem("04-predict-botocore", {**right, "d": "IAM"})
    assert not passes("04-predict-botocore", "Bearer A")


def test_pick_a_path_exercise():
    right = {"gpt-5.4": ("bedrock-mantle", "/openai/v1/responses", "openai.gpt-5.4"),
             "gpt-oss-chat": ("bedrock-runtime", "/openai/v1/chat/completions", "openai.gpt-oss-120b-1:0"),
             "haiku-count": ("bedrock-mantle", "/anthropic/v1/messages/count_tokens", "anthropic.claude-haiku-4-5")}
    assert passes("05-pick-a-path", right)
    assert "bedrock-runtime does not serve GPT-5.4 in the responses shape" in problem(  # its card: mantle only
        "05-pick-a-path", {**right, "gpt-5.4": ("bedrock-runtime", "/openai/v1/responses", "openai.gpt-5.4")})
    assert "does not know" in problem("05-pick-a-path", {
        **right, "haiku-count": ("bedrock-mantle", "/anthropic/v1/messages/count_tokens",
                                 "anthropic.claude-haiku-4-5-20251001-v1:0")})
    assert "is the chat-completions path; the job needs responses" in problem("05-pick-a-path", {
        **right, "gpt-5.4": ("bedrock-mantle", "/v1/chat/completions", "openai.gpt-5.4")})
    assert "does not serve" in problem("05-pick-a-path", {
        **right, "haiku-count": ("bedrock-runtime", "/anthropic/v1/messages/count_tokens", "anthropic.claude-haiku-4-5")})
    assert "path" in problem("05-pick-a-path", {**right, "gpt-oss-chat": (
        "bedrock-runtime", "/v1/chat/completions", "openai.gpt-oss-120b-1:0")})
    assert "the job says bedrock-runtime" in problem("05-pick-a-path", {**right, "gpt-oss-chat": (
        "bedrock-mantle", "/v1/chat/completions", "openai.gpt-oss-120b")})
    assert "no answer yet for haiku-count" in problem("05-pick-a-path", {**right, "haiku-count": ...})


def test_pick_a_path_refuses_runtime_count_tokens_for_haiku_45():
    """AWS's count-tokens page: Claude models launched with cross-Region inference only are not
    counted on bedrock-runtime (issue 19: 04, 05, the checker and the sandbox give one answer)."""
    right = {"gpt-5.4": ("bedrock-mantle", "/openai/v1/responses", "openai.gpt-5.4"),
             "gpt-oss-chat": ("bedrock-runtime", "/openai/v1/chat/completions", "openai.gpt-oss-120b-1:0"),
             "haiku-count": ("bedrock-mantle", "/anthropic/v1/messages/count_tokens", "anthropic.claude-haiku-4-5")}
    runtime = ("bedrock-runtime", "/model/anthropic.claude-haiku-4-5-20251001-v1:0/count-tokens",
               "anthropic.claude-haiku-4-5-20251001-v1:0")
    assert "does not serve Claude Haiku 4.5 in the count-tokens shape" in problem(
        "05-pick-a-path", {**right, "haiku-count": runtime})


def test_predict_botocore_agents_sign_as_bedrock_but_get_no_key():
    right = {"a": "Bearer A", "b": "error", "c": "Bearer A", "d": "SigV4", "e": "SigV4", "f": "SigV4", "g": "SigV4"}
    assert passes("04-predict-botocore", right)
    assert "case g" in problem("04-predict-botocore", {**right, "g": "Bearer A"})
    assert "httpBearerAuth" in problem("04-predict-botocore", {**right, "g": "Bearer A"})


def test_count_where_exercise():
    right = {"Claude 3 Haiku": "bedrock-runtime", "Claude Sonnet 4.5": "bedrock-mantle", "Nova Pro": "neither"}
    assert passes("04-count-where", right)
    assert "Claude Sonnet 4.5 is not counted on bedrock-runtime" in problem(
        "04-count-where", {**right, "Claude Sonnet 4.5": "bedrock-runtime"})
    assert "Nova Pro is not counted on bedrock-mantle" in problem("04-count-where", {**right, "Nova Pro": "bedrock-mantle"})
    assert "counted somewhere" in problem("04-count-where", {**right, "Claude 3 Haiku": "neither"})
    assert "answer" in problem("04-count-where", {**right, "Nova Pro": "mantle?"})
    assert "no answer yet for Nova Pro" in problem("04-count-where", {**right, "Nova Pro": ...})
    assert not passes("04-count-where", "bedrock-mantle")


def test_deny_every_key_exercise():
    right = {"bedrock:CallWithBearerToken", "bedrock-mantle:CallWithBearerToken"}
    assert passes("05-deny-every-key", right)
    assert passes("05-deny-every-key", ["bedrock:callwithbearertoken", "bedrock-mantle:CallWithBearerToken"])
    assert "bedrock-mantle" in problem("05-deny-every-key", {"bedrock:CallWithBearerToken"})
    assert "bedrock:CallWithBearerToken" in problem("05-deny-every-key", {"bedrock-mantle:CallWithBearerToken"})
    assert "far more" in problem("05-deny-every-key", {"bedrock:*", "bedrock-mantle:*"})
    assert "far more" in problem("05-deny-every-key", right | {"bedrock:Invoke*"})
    assert "not key use" in problem("05-deny-every-key", right | {"bedrock:InvokeModel"})
    assert "set of action names" in problem("05-deny-every-key", "bedrock:CallWithBearerToken")


def test_setup_refuses_a_region_mantle_does_not_serve_for_04_and_05():
    """04 counts Haiku 4.5's tokens on bedrock-mantle and 05 calls it: a Region without mantle is refused up front."""
    import pytest

    from helpers.workbook.parameters import ParameterError, check

    for notebook in ("04", "05"):
        with pytest.raises(ParameterError, match="bedrock-mantle, which does not serve ap-southeast-2"):
            check("ap-southeast-2", "au.anthropic.claude-haiku-4-5-20251001-v1:0", "wb", notebook)
    assert check("ap-southeast-2", "au.anthropic.claude-haiku-4-5-20251001-v1:0", "wb", "02") is not None
    assert check("eu-central-1", "eu.anthropic.claude-haiku-4-5-20251001-v1:0", "wb", "05").is_profile
