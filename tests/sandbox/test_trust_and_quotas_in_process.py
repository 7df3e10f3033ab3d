"""Role trust policies (`trust.py`) and IAM's and STS's policy size quotas (`policy_limits.py`).

Real boto3 calls answered in-process (`in_process.py`). Quotas: IAM User Guide, "IAM and AWS STS
quotas" (white space is not counted); trust: IAM User Guide, role trust policies and policy
evaluation logic (a trust policy naming the caller grants; naming the account needs an identity
policy too; a Deny wins).
"""
import json

import pytest
from botocore.credentials import Credentials
from botocore.exceptions import ClientError

from .test_iam_resources_in_process import ACCOUNT, ARN, NOTHING_ON_IAM, admin, allow, as_, statement, user

ADMIN_ARN = f"{ARN}:user/workbook-admin"


def code(call):
    with pytest.raises(ClientError) as caught:
        call()
    return caught.value.response["Error"]["Code"], caught.value.response["Error"]["Message"]


def role(box, name, *statements, version="2012-10-17"):
    document = {"Statement": list(statements)} if version is None else {"Version": version, "Statement": list(statements)}
    return admin(box).create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(document))["Role"]["Arn"]


def trusts(principal, effect="Allow", **extra):
    return {"Effect": effect, "Principal": principal, "Action": "sts:AssumeRole", **extra}


def assumes(box, credentials, role_arn):
    """True if `credentials` may assume the role, False if AccessDenied."""
    try:
        return bool(as_(box, credentials, "sts").assume_role(RoleArn=role_arn, RoleSessionName="s1")["Credentials"])
    except ClientError as error:
        assert error.response["Error"]["Code"] == "AccessDenied", error.response
        return False


# -- trust ---------------------------------------------------------------------------------------------

def test_naming_the_caller_grants_and_naming_the_account_needs_an_identity_policy(fresh):
    plain = user(fresh, "plain")  # nothing allows sts:AssumeRole
    allowed = user(fresh, "allowed", allow(statement("sts:AssumeRole")))
    by_arn = role(fresh, "by-arn", trusts({"AWS": [f"{ARN}:user/someone", f"{ARN}:user/plain", f"{ARN}:user/allowed"]}))
    for principal, name in (({"AWS": ACCOUNT}, "by-id"), ({"AWS": f"{ARN}:root"}, "by-root"), ("*", "everyone"),
                            ({"AWS": "*"}, "every-aws")):
        arn = role(fresh, name, trusts(principal))
        assert not assumes(fresh, plain, arn), name
        assert assumes(fresh, allowed, arn), name
    assert assumes(fresh, plain, by_arn) and assumes(fresh, allowed, by_arn)


def test_a_principal_that_names_no_aws_caller_trusts_nobody(fresh):
    allowed = user(fresh, "allowed", allow(statement("sts:AssumeRole")))
    for number, principal in enumerate(({"Service": "ec2.amazonaws.com"}, {"AWS": f"arn:aws:iam::444455556666:root"},
                                        {"AWS": "444455556666"}, {"AWS": [f"{ARN}:user/other"]},
                                        f"{ARN}:user/allowed")):  # a bare string other than "*": no principal here
        assert not assumes(fresh, allowed, role(fresh, f"r{number}", trusts(principal))), principal


def test_values_that_are_not_texts_name_no_one(fresh):
    plain = user(fresh, "plain")
    arn = role(fresh, "odd", trusts({"AWS": [["nested"], {"AWS": ACCOUNT}, 42, f"{ARN}:user/plain"]}))
    assert assumes(fresh, plain, arn)


def test_a_deny_wins_over_any_allow_and_only_for_whom_it_names(fresh):
    allowed = user(fresh, "allowed", allow(statement("sts:AssumeRole")))
    other = user(fresh, "other", allow(statement("sts:AssumeRole")))
    arn = role(fresh, "guarded", trusts({"AWS": f"{ARN}:user/allowed"}), trusts({"AWS": ACCOUNT}),
               trusts({"AWS": f"{ARN}:user/allowed"}, effect="Deny"))
    assert not assumes(fresh, allowed, arn)
    assert assumes(fresh, other, arn)
    later = role(fresh, "deny-first", trusts({"AWS": f"{ARN}:user/allowed"}, effect="Deny"), trusts({"AWS": ACCOUNT}))
    assert not assumes(fresh, allowed, later)


def test_being_named_is_kept_whatever_the_order_of_statements(fresh):
    plain = user(fresh, "plain")
    first = role(fresh, "named-first", trusts({"AWS": f"{ARN}:user/plain"}), trusts({"AWS": ACCOUNT}))
    last = role(fresh, "named-last", trusts({"AWS": ACCOUNT}), trusts({"AWS": f"{ARN}:user/plain"}))
    other_first = role(fresh, "other-first", trusts({"AWS": f"{ARN}:user/other"}), trusts({"AWS": f"{ARN}:user/plain"}))
    assert assumes(fresh, plain, first) and assumes(fresh, plain, last) and assumes(fresh, plain, other_first)


def test_a_statement_counts_only_for_its_action_and_condition(fresh):
    plain = user(fresh, "plain")
    tag_only = role(fresh, "tag-only", {"Effect": "Allow", "Principal": {"AWS": f"{ARN}:user/plain"}, "Action": "sts:TagSession"})
    not_assume = role(fresh, "not-assume", {"Effect": "Allow", "Principal": {"AWS": f"{ARN}:user/plain"},
                                             "NotAction": "sts:AssumeRole"})
    conditioned = role(fresh, "conditioned", trusts({"AWS": f"{ARN}:user/plain"},
                                                   Condition={"StringEquals": {"aws:username": "someone"}}))
    denied_elsewhere = role(fresh, "deny-tag", trusts({"AWS": f"{ARN}:user/plain"}),
                            {"Effect": "Deny", "Principal": {"AWS": f"{ARN}:user/plain"}, "Action": "sts:TagSession"})
    assert not assumes(fresh, plain, tag_only)
    assert not assumes(fresh, plain, not_assume)
    assert not assumes(fresh, plain, conditioned)
    assert assumes(fresh, plain, denied_elsewhere)


def test_a_single_statement_object_and_either_version_are_read(fresh):
    plain = user(fresh, "plain")
    single = admin(fresh).create_role(RoleName="single", AssumeRolePolicyDocument=json.dumps(
        {"Statement": trusts({"AWS": f"{ARN}:user/plain"})}))["Role"]["Arn"]
    old = role(fresh, "old", trusts({"AWS": f"{ARN}:user/plain"}), version="2008-10-17")
    none = role(fresh, "none", trusts({"AWS": f"{ARN}:user/plain"}), version=None)
    assert assumes(fresh, plain, single) and assumes(fresh, plain, old) and assumes(fresh, plain, none)


def test_a_policy_variable_reads_as_the_trust_policys_version_says(fresh):
    """In Version 2012-10-17 `${aws:username}` is a variable; before it, literal text (IAM User Guide)."""
    plain = user(fresh, "plain")
    condition = {"StringEquals": {"aws:username": "${aws:username}"}}
    current = role(fresh, "current", trusts({"AWS": f"{ARN}:user/plain"}, Condition=condition))
    literal = role(fresh, "literal", trusts({"AWS": f"{ARN}:user/plain"}, Condition=condition), version=None)
    assert assumes(fresh, plain, current)
    assert not assumes(fresh, plain, literal)


def test_a_role_session_is_named_by_its_role(fresh):
    first = role(fresh, "first", trusts({"AWS": ACCOUNT}))
    admin(fresh).put_role_policy(RoleName="first", PolicyName="p", PolicyDocument=json.dumps(NOTHING_ON_IAM))
    found = admin(fresh, "sts").assume_role(RoleArn=first, RoleSessionName="s1")["Credentials"]
    session = Credentials(found["AccessKeyId"], found["SecretAccessKey"], found["SessionToken"])
    second = role(fresh, "second", trusts({"AWS": first}))
    third = role(fresh, "third", trusts({"AWS": ACCOUNT}))
    assert assumes(fresh, session, second)
    assert not assumes(fresh, session, third)


# -- quotas ----------------------------------------------------------------------------------------------

def exactly(characters, action="s3:GetObject"):
    """A compact policy document of exactly `characters` characters (none of them white space)."""
    document = allow(statement(action, "arn:aws:s3:::"))
    bare = len(json.dumps(document, separators=(",", ":")))
    document["Statement"][0]["Resource"] += "b" * (characters - bare)
    text = json.dumps(document, separators=(",", ":"))
    assert len(text) == characters
    return text


@pytest.mark.parametrize("kind, quota", [("user", 2048), ("group", 5120), ("role", 10240)])
def test_inline_quotas_count_the_entitys_other_policies_but_not_the_replaced_one(fresh, kind, quota):
    iam = admin(fresh)
    name = {"user": "workbook-admin", "group": "g", "role": "r"}[kind]
    if kind == "group":
        iam.create_group(GroupName="g")
    if kind == "role":
        role(fresh, "r", trusts({"AWS": ACCOUNT}))
        iam.create_role(RoleName="r2", AssumeRolePolicyDocument=json.dumps(allow(trusts({"AWS": ACCOUNT}))))
        iam.put_role_policy(RoleName="r2", PolicyName="elsewhere", PolicyDocument=exactly(quota - 100))
    put = {"user": lambda p, t: iam.put_user_policy(UserName=name, PolicyName=p, PolicyDocument=t),
           "group": lambda p, t: iam.put_group_policy(GroupName=name, PolicyName=p, PolicyDocument=t),
           "role": lambda p, t: iam.put_role_policy(RoleName=name, PolicyName=p, PolicyDocument=t)}[kind]
    over = ("LimitExceeded", f"Maximum policy size of {quota} bytes exceeded for {kind} {name}")
    assert code(lambda: put("a", exactly(quota + 1))) == over
    put("a", exactly(quota).replace(",", ", "))  # white space is not counted
    put("a", exactly(quota - 300))  # replacing "a": its old text does not count
    put("b", exactly(300))
    assert code(lambda: put("c", exactly(150))) == over
    assert code(lambda: put("b", exactly(301))) == over


def test_an_inline_policy_for_a_missing_entity_is_no_such_entity(fresh):
    assert code(lambda: admin(fresh).put_user_policy(UserName="nobody", PolicyName="p", PolicyDocument=exactly(2048)))[0] \
        == "NoSuchEntity"


def test_managed_policies_and_their_versions_hold_6144(fresh):
    iam = admin(fresh)
    arn = iam.create_policy(PolicyName="fits", PolicyDocument=exactly(6144))["Policy"]["Arn"]
    over = ("LimitExceeded", "Cannot exceed quota for PolicySize: 6144")
    assert code(lambda: iam.create_policy(PolicyName="over", PolicyDocument=exactly(6145))) == over
    assert iam.create_policy_version(PolicyArn=arn, PolicyDocument=exactly(6144))["PolicyVersion"]
    assert code(lambda: iam.create_policy_version(PolicyArn=arn, PolicyDocument=exactly(6145))) == over


def test_trust_policies_hold_2048(fresh):
    iam = admin(fresh)
    trust = allow(trusts({"AWS": ACCOUNT}, Condition={"StringEquals": {"sts:ExternalId": ""}}))
    bare = len(json.dumps(trust, separators=(",", ":")))
    trust["Statement"][0]["Condition"]["StringEquals"]["sts:ExternalId"] = "x" * (2048 - bare)
    fits = json.dumps(trust, separators=(",", ":"))
    over = fits.replace('"x', '"xx')
    iam.create_role(RoleName="fits", AssumeRolePolicyDocument=fits)
    iam.update_assume_role_policy(RoleName="fits", PolicyDocument=fits)
    for call in (lambda: iam.create_role(RoleName="over", AssumeRolePolicyDocument=over),
                 lambda: iam.update_assume_role_policy(RoleName="fits", PolicyDocument=over)):
        assert code(call) == ("LimitExceeded", "Cannot exceed quota for ACLSizePerRole: 2048")


def test_a_session_policy_holds_2048_characters_white_space_included(fresh):
    arn = role(fresh, "sessions", trusts({"AWS": ACCOUNT}))
    sts = admin(fresh, "sts")
    assert sts.assume_role(RoleArn=arn, RoleSessionName="s1", Policy=exactly(2048))["Credentials"]
    assert sts.assume_role(RoleArn=arn, RoleSessionName="s1")["Credentials"]
    over = ("ValidationError", "1 validation error detected: Value at 'policy' failed to satisfy constraint: "
                               "Member must have length less than or equal to 2048")
    assert code(lambda: sts.assume_role(RoleArn=arn, RoleSessionName="s1", Policy=exactly(2049))) == over
    assert code(lambda: sts.assume_role(RoleArn=arn, RoleSessionName="s1",
                                        Policy=exactly(2046).replace(",", ", "))) == over
