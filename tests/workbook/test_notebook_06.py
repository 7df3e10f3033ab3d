"""Notebook 06's move and checker: course.replay_date on both targets, and the Haiku 5.5 policy exercise."""
import json
from datetime import date

from helpers.policy.examples import HAIKU_ONLY_POLICY
from helpers.workbook.checks import passes, problem
from helpers.workbook.course import AwsCourse

PROFILE = "arn:aws:bedrock:us-west-2:111122223333:inference-profile/us.anthropic.claude-haiku-5-5"


def policy(regions=("us-east-1", "us-east-2", "us-west-2"), condition=True, model="anthropic.claude-haiku-5-5"):
    """The right answer (notebook 06's profile_policy), or a variation of it."""
    through = {"Resource": [f"arn:aws:bedrock:{r}::foundation-model/{model}" for r in regions]}
    if condition:
        through["Condition"] = {"StringLike": {"bedrock:InferenceProfileArn": PROFILE}}
    return {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "bedrock:CallWithBearerToken", "Resource": "*"},
        {"Effect": "Allow", "Action": "bedrock:InvokeModel*", "Resource": PROFILE},
        {"Effect": "Allow", "Action": "bedrock:InvokeModel*", **through}]}


def test_the_haiku_5_5_policy_exercise():
    assert passes("06-haiku-5-5-policy", policy())
    assert passes("06-haiku-5-5-policy", json.dumps(policy()))
    assert "routed to us-east-2" in problem("06-haiku-5-5-policy", policy(("us-east-1", "us-west-2")))
    assert "directly" in problem("06-haiku-5-5-policy", policy(condition=False))
    assert "it also allows the model in" in problem("06-haiku-5-5-policy", policy(("*",)))
    extra = policy(("us-east-1", "us-east-2", "us-west-2", "eu-west-1"))   # "exactly": one Region too many
    assert "it also allows the model in eu-west-1" in problem("06-haiku-5-5-policy", extra)
    assert "us-west-1" in problem("06-haiku-5-5-policy", policy(("us-east-1", "us-east-2", "us-west-1", "us-west-2")))
    assert "Region-less" in problem("06-haiku-5-5-policy", policy(("us-east-1", "us-east-2", "us-west-2", "")))
    assert "routed to us-east-1" in problem("06-haiku-5-5-policy", policy(model="anthropic.claude-haiku-5-5-v1:0"))
    assert "cannot be used" in problem("06-haiku-5-5-policy", {**policy(), "Statement": policy()["Statement"][1:]})
    assert "it also allows" in problem("06-haiku-5-5-policy", {**policy(), "Statement": policy()["Statement"] + [
        {"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {
            "StringLike": {"bedrock:InferenceProfileArn": PROFILE}}}]})
    assert "could not read" in problem("06-haiku-5-5-policy", {"Statement": [{"Effect": "Maybe"}]})
    assert not passes("06-haiku-5-5-policy", HAIKU_ONLY_POLICY)


def test_replay_date_lives_on_the_day_inside_the_block_only(course, capsys):
    with course.replay_date(date(2026, 6, 1)) as now:
        assert now.date() == date(2026, 6, 1) and course.now().date() == date(2026, 6, 1)
    assert course.now().date() == date(2026, 12, 1)
    out = capsys.readouterr().out
    assert "replays 2026-06-01 00:00 UTC" in out and "back to 2026-12-01" in out


def test_on_aws_replay_date_changes_nothing_and_says_so(capsys):
    aws = AwsCourse.__new__(AwsCourse)  # no STS call: only the move is under test
    aws.region, aws.prefix = "us-west-2", "t"
    with aws.replay_date(date(2026, 6, 1)) as now:
        assert now.year >= 2026 and now.date() != date(2026, 6, 1)
    assert "Nothing changed." in capsys.readouterr().out


def test_routing_at_random_is_said_and_ended_by_clean_up(course, capsys):
    course.route_at_random(seed=6)
    assert course.sandbox.router._random is not None
    course.clean_up()
    assert course.sandbox.router._random is None
    assert "at random (seed 6)" in capsys.readouterr().out
    aws = AwsCourse.__new__(AwsCourse)
    aws.route_at_random(seed=6)
    assert "Nothing changed." in capsys.readouterr().out


def test_the_two_arns_exercise_rejects_swapped_accounted_and_misplaced_arns():
    profile = "arn:aws:bedrock:us-east-2:111122223333:inference-profile/us.anthropic.claude-3-haiku-20240307-v1:0"
    model = "arn:aws:bedrock:us-east-2::foundation-model/anthropic.claude-3-haiku-20240307-v1:0"
    assert passes("06-two-arns", [profile, model])
    assert "wrong order" in problem("06-two-arns", [model, profile])
    assert "no account" in problem("06-two-arns", [profile, model.replace("::", ":111122223333:")])
    assert "Region you call from" in problem("06-two-arns", [profile.replace("us-east-2", "us-west-2"), model])
    assert "lands in" in problem("06-two-arns", [profile, model.replace("us-east-2", "us-east-1")])
    assert "us. prefix" in problem("06-two-arns", [profile, model.replace("/anthropic", "/us.anthropic")])
    assert "list of two" in problem("06-two-arns", profile)


def test_notebook_06_shows_the_seeds_own_text_no_sids_lists_as_lists():
    """The seed's JSON is in the notebook itself (not an edited import), in the seed's shape."""
    from pathlib import Path

    notebook = json.loads(Path(__file__).parents[2].joinpath("notebooks", "06-haiku-only-policy.ipynb").read_text())
    cell = next("".join(c["source"]) for c in notebook["cells"] if "seed" in c["metadata"].get("tags", []))
    assert "HAIKU_ONLY_POLICY" not in cell
    seed = json.loads(cell.split('SEED_POLICY = """', 1)[1].split('"""', 1)[0])
    assert all("Sid" not in statement for statement in seed["Statement"])
    assert all(isinstance(s["Action"], list) and isinstance(s["Resource"], list) for s in seed["Statement"])
    assert [len(s["Resource"]) for s in seed["Statement"]] == [1, 1, 2]
