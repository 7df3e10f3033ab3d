"""The evaluator's own unit tests: parse errors and matching edge cases not in the case tables."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from helpers.policy import MatchedStatement, Policy, PolicyError, evaluate
from helpers.policy.examples import HAIKU_ONLY_POLICY

PROFILE = "arn:aws:bedrock:us-west-2:111122223333:inference-profile/us.anthropic.claude-3-haiku-20240307-v1:0"
MODEL = "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0"


def policy(*statements: dict, version: str | None = "2012-10-17") -> dict:
    document: dict = {"Statement": list(statements)}
    if version:
        document["Version"] = version
    return document


def allow(resource: object = "*", action: object = "*", **extra: object) -> dict:
    return {"Effect": "Allow", "Action": action, "Resource": resource, **extra}


def decide(document: dict, resource: str = "*", context: dict | None = None, action: str = "bedrock:InvokeModel") -> str:
    return evaluate(action, resource, context, identity_policies=[Policy(document)]).decision


# --- parse errors name the problem and the statement ------------------------------------------


@pytest.mark.parametrize(
    ("document", "message"),
    [
        (policy(allow(Condition={"StringEqualz": {"aws:username": "a"}}), allow(Sid="Second")), "Statement 1: unknown condition operator 'StringEqualz'"),
        (policy(allow(), allow(Condition={"NumericLessThan": {"s3:max-keys": "ten"}})), "Statement 2:"),
        (policy(allow(Condition={"IpAddress": {"aws:SourceIp": "10.0.0.300/8"}})), "CIDR"),
        (policy(allow(Condition={"DateLessThan": {"aws:CurrentTime": "next tuesday"}})), "date"),
        (policy(allow(Condition={"BinaryEquals": {"k:k": "not base64!"}})), "base64"),
        (policy(allow(Condition={"Bool": {"aws:SecureTransport": "yes"}})), "'true' or 'false'"),
        (policy(allow(Condition={"NullIfExists": {"aws:username": "true"}})), "Null takes neither"),
        (policy(allow(Condition={"StringLike": {"aws:username": "${aws:username, default}"}})), "malformed policy variable"),
        (policy(allow(), version="2012-10-18"), "Version"),
        (policy({"Effect": "allow", "Action": "*", "Resource": "*"}), "Effect"),
        (policy({"Effect": "Allow", "Action": "*", "NotAction": "s3:*", "Resource": "*"}), "exactly one of Action or NotAction"),
        (policy({"Effect": "Allow", "Action": "*"}), "exactly one of Resource or NotResource"),
        (policy(allow(Principal="*")), "Principal"),
        (policy(allow(action="InvokeModel")), "service:Action"),
        (policy(allow(resource="bucket/*")), "ARN"),
        (policy(allow(Sid="Allow-Haiku")), "Sid"),
        (policy(allow(Sid="Same"), allow(Sid="Same")), "unique"),
        ({"Version": "2012-10-17"}, "no Statement"),
        ('{"Version": "2012-10-17", ', "not valid JSON"),
    ],
)
def test_malformed_policies_are_refused_with_a_useful_message(document: object, message: str) -> None:
    with pytest.raises(PolicyError) as raised:
        Policy(document)  # type: ignore[arg-type]
    assert message in str(raised.value)


def test_policy_accepts_json_text_and_a_single_statement_object() -> None:
    text = json.dumps({"Version": "2012-10-17", "Statement": allow(PROFILE)})
    assert decide(json.loads(text), PROFILE) == "allowed"
    assert evaluate("bedrock:InvokeModel", PROFILE, identity_policies=[text]).allowed


# --- actions and resources -------------------------------------------------------------------


def test_actions_match_case_insensitively_with_both_wildcards() -> None:
    document = policy(allow(action="Bedrock:invokemodel?ithResponse*"))
    assert decide(document, action="bedrock:InvokeModelWithResponseStream") == "allowed"
    assert decide(document, action="bedrock:InvokeModel") == "implicitDeny"


def test_resource_wildcard_spans_colons_and_slashes_but_is_case_sensitive() -> None:
    assert decide(policy(allow("arn:aws:bedrock:*")), PROFILE) == "allowed"
    assert decide(policy(allow("arn:aws:bedrock:us-west-2:111122223333:inference-profile/US.*")), PROFILE) == "implicitDeny"


def test_not_resource_and_not_action_match_everything_else() -> None:
    document = policy({"Effect": "Allow", "NotAction": "iam:*", "NotResource": MODEL})
    assert decide(document, PROFILE) == "allowed"
    assert decide(document, MODEL) == "implicitDeny"
    assert decide(document, PROFILE, action="iam:CreateUser") == "implicitDeny"


# --- policy variables ------------------------------------------------------------------------


def test_variables_default_values_and_escapes_in_resources() -> None:
    document = policy(allow("arn:aws:s3:::bucket/${aws:PrincipalTag/team, 'shared'}/${*}"))
    assert decide(document, "arn:aws:s3:::bucket/red/*", {"AWS:principaltag/TEAM": "red"}) == "allowed"
    assert decide(document, "arn:aws:s3:::bucket/shared/*") == "allowed"
    assert decide(document, "arn:aws:s3:::bucket/shared/x") == "implicitDeny"  # ${*} is a literal star


def test_substituted_values_are_literal_not_wildcards() -> None:
    document = policy(allow("arn:aws:s3:::home/${aws:username}"))
    assert decide(document, "arn:aws:s3:::home/alice", {"aws:username": "*"}) == "implicitDeny"


def test_a_variable_without_a_value_matches_no_resource_even_in_not_resource() -> None:
    resource = policy(allow("arn:aws:s3:::home/${aws:username}"))
    assert decide(resource, "arn:aws:s3:::home/alice") == "implicitDeny"
    not_resource = policy({"Effect": "Deny", "Action": "*", "NotResource": "arn:aws:s3:::home/${aws:username}"}, allow())
    assert decide(not_resource, "arn:aws:s3:::home/alice") == "explicitDeny"  # the entry excludes nothing


def test_a_variable_without_a_value_fails_positive_and_satisfies_negated_conditions() -> None:
    equals = policy(allow(Condition={"StringEquals": {"s3:ExistingObjectTag/Team": "${aws:PrincipalTag/Team}"}}))
    not_equals = policy(allow(Condition={"StringNotEquals": {"s3:ExistingObjectTag/Team": "${aws:PrincipalTag/Team}"}}))
    context = {"s3:ExistingObjectTag/Team": "red"}
    assert decide(equals, context=context) == "implicitDeny"
    assert decide(not_equals, context=context) == "allowed"


def test_multivalued_keys_are_not_variables() -> None:
    document = policy(allow("arn:aws:s3:::tags/${aws:TagKeys}"))
    assert decide(document, "arn:aws:s3:::tags/a", {"aws:TagKeys": ["a"]}) == "implicitDeny"


def test_version_2008_treats_variables_as_literal_text() -> None:
    document = policy(allow("arn:aws:s3:::home/${aws:username}"), version=None)
    assert decide(document, "arn:aws:s3:::home/${aws:username}", {"aws:username": "alice"}) == "allowed"
    assert decide(document, "arn:aws:s3:::home/alice", {"aws:username": "alice"}) == "implicitDeny"


# --- conditions --------------------------------------------------------------------------------


def test_arn_operators_match_segment_by_segment() -> None:
    document = policy(allow(Condition={"ArnLike": {"bedrock:InferenceProfileArn": "arn:aws:bedrock:*:111122223333:inference-profile/*"}}))
    assert decide(document, context={"bedrock:InferenceProfileArn": PROFILE}) == "allowed"
    # In an ARN operator `*` stays inside its segment (a Resource glob would match here).
    one_segment = policy(allow(Condition={"ArnLike": {"aws:SourceArn": "arn:aws:*:us-west-2:111122223333:x"}}))
    assert decide(one_segment, context={"aws:SourceArn": "arn:aws:bedrock:us-west-2:111122223333:x"}) == "allowed"
    assert decide(one_segment, context={"aws:SourceArn": "arn:aws:bedrock:extra:us-west-2:111122223333:x"}) == "implicitDeny"
    assert decide(document, context={"bedrock:InferenceProfileArn": "not-an-arn"}) == "implicitDeny"


def test_plain_operator_on_a_multivalued_key_does_not_match_either_way() -> None:
    context = {"aws:TagKeys": ["a", "b"]}
    assert decide(policy(allow(Condition={"StringEquals": {"aws:TagKeys": "a"}})), context=context) == "implicitDeny"
    assert decide(policy(allow(Condition={"StringNotEquals": {"aws:TagKeys": "z"}})), context=context) == "implicitDeny"


def test_set_operators_treat_a_single_value_as_a_set_of_one_and_empty_as_absent() -> None:
    all_values = policy(allow(Condition={"ForAllValues:StringLike": {"aws:TagKeys": "team-*"}}))
    any_value = policy(allow(Condition={"ForAnyValue:StringEquals": {"aws:TagKeys": "team-a"}}))
    assert decide(all_values, context={"aws:TagKeys": "team-a"}) == "allowed"
    assert decide(all_values, context={"aws:TagKeys": []}) == "allowed"
    assert decide(any_value, context={"aws:TagKeys": set()}) == "implicitDeny"
    assert decide(policy(allow(Condition={"Null": {"aws:TagKeys": "true"}})), context={"aws:TagKeys": ()}) == "allowed"


def test_dates_accept_iso_8601_epoch_seconds_and_datetimes() -> None:
    document = policy(allow(Condition={"DateLessThan": {"aws:CurrentTime": "2026-09-10T00:00:00Z"}, "DateGreaterThan": {"aws:CurrentTime": "1577836800"}}))
    assert decide(document, context={"aws:CurrentTime": datetime(2026, 1, 1)}) == "allowed"
    assert decide(document, context={"aws:CurrentTime": "2026-09-10T01:00:00+00:00"}) == "implicitDeny"
    assert decide(document, context={"aws:CurrentTime": datetime(2019, 1, 1, tzinfo=timezone.utc)}) == "implicitDeny"


def test_ip_conditions_take_ipv4_and_ipv6_cidr_blocks() -> None:
    document = policy(allow(Condition={"IpAddress": {"aws:SourceIp": ["203.0.113.0/24", "2001:db8::/32"]}}))
    assert decide(document, context={"aws:SourceIp": "2001:db8::1"}) == "allowed"
    assert decide(document, context={"aws:SourceIp": "198.51.100.7"}) == "implicitDeny"
    assert decide(document, context={"aws:SourceIp": "not an address"}) == "implicitDeny"


# --- the decision and its explanation -----------------------------------------------------------


def test_haiku_policy_decisions_name_their_statements() -> None:
    haiku = Policy(HAIKU_ONLY_POLICY, name="HaikuOnly")
    allowed = evaluate("bedrock:InvokeModel", MODEL, {"bedrock:InferenceProfileArn": PROFILE}, identity_policies=[haiku])
    assert allowed.statements == (MatchedStatement("identity", "HaikuOnly", 2, "AllowHaikuModelThroughProfileOnly", "Allow", None),)
    assert "AllowHaikuModelThroughProfileOnly" in allowed.explain() and allowed.reason == ""
    direct = evaluate("bedrock:InvokeModel", MODEL, identity_policies=[haiku])
    assert (direct.decision, direct.missing) == ("implicitDeny", "identity")
    assert direct.reason == "because no identity-based policy allows the bedrock:InvokeModel action"


def test_missing_layer_follows_aws_order_scp_identity_boundary_session() -> None:
    nothing = policy(allow(action="s3:GetObject"))
    decision = evaluate("bedrock:InvokeModel", PROFILE, identity_policies=[nothing], scps=[[policy(allow())], [nothing]], permissions_boundary=nothing, session_policies=[nothing])
    assert (decision.missing, decision.statements[0].level) == ("scp", 0)
    assert "SCP level 1" in decision.explain()
    decision = evaluate("bedrock:InvokeModel", PROFILE, identity_policies=[policy(allow())], permissions_boundary=nothing, session_policies=[])
    assert decision.missing == "boundary" and decision.reason == "because no permissions boundary allows the bedrock:InvokeModel action"


def test_policy_lists_must_be_lists() -> None:
    with pytest.raises(TypeError):
        evaluate("bedrock:InvokeModel", PROFILE, identity_policies=HAIKU_ONLY_POLICY)  # type: ignore[arg-type]
