"""...IfExists operators and the Null check.

IfExists: "If the policy key is present in the context of the request, process the key as
specified in the policy. If the key is not present, evaluate the condition element as true."
With a Deny and a negated operator such as StringNotEqualsIfExists, "the request is still denied
even if the tag is missing". Null: ``true`` means the key is absent, ``false`` that it is present.
"""
from .cases_base import (ACCT, ALLOW_ALL, ALLOWED, EXPLICIT, IMPLICIT, MFA_EXAMPLE, OPS_IFEXISTS,
                         OPS_NULL, Case, allow, deny, doc, sids)

RUN = "ec2:RunInstances"
INSTANCE = f"arn:aws:ec2:us-east-1:{ACCT}:instance/*"
IMAGE = "arn:aws:ec2:us-east-1::image/ami-0abcdef1234567890"
RUN_T = doc(allow(RUN, "*", sid="RunInstance",
                  condition={"StringLikeIfExists": {"ec2:InstanceType": ["t1.*", "t2.*", "m3.*"]}}))
RUN_T_PLAIN = doc(allow(RUN, "*", sid="THISPOLICYDOESNOTWORK",
                        condition={"StringLike": {"ec2:InstanceType": ["t1.*", "t2.*", "m3.*"]}}))
DENY_NOT_STAGE = doc(deny("s3:*", "*", sid="DenyUnlessStageDev",
                          condition={"StringNotEqualsIfExists": {"aws:ResourceTag/stage": "dev"}}))
MFA_POLICY = doc(
    allow("*", "*", sid="AllowAll"),
    deny(None, "*", sid="DenyAllExceptListedIfNoMFA",
         not_action=["iam:CreateVirtualMFADevice", "iam:EnableMFADevice", "iam:GetUser",
                     "iam:ListMFADevices", "iam:ListVirtualMFADevices", "iam:ResyncMFADevice",
                     "sts:GetSessionToken", "iam:ChangePassword"],
         condition={"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}),
)
S3OBJ = "arn:aws:s3:::amzn-s3-demo-bucket/k"


def ie(id, condition, context, expect, source=OPS_IFEXISTS, note=""):
    return Case(id, source, "s3:GetObject", S3OBJ, expect, context=context,
                identity=[doc(allow("s3:GetObject", "*", sid="Cond", condition=condition))],
                missing="identity" if expect == IMPLICIT else None, note=note)


CASES = [
    Case("ifexists-key-absent-true", OPS_IFEXISTS, RUN, IMAGE, ALLOWED, identity=[RUN_T], context={},
         sids=sids("RunInstance"),
         note="The image resource has no ec2:InstanceType: StringLikeIfExists is true."),
    Case("ifexists-plain-operator-key-absent-false", OPS_IFEXISTS, RUN, IMAGE, IMPLICIT,
         identity=[RUN_T_PLAIN], context={}, missing="identity",
         note="The doc's THISPOLICYDOESNOTWORK: without IfExists the absent key fails."),
    Case("ifexists-key-present-matching", OPS_IFEXISTS, RUN, INSTANCE, ALLOWED, identity=[RUN_T],
         context={"ec2:InstanceType": "t2.micro"}),
    Case("ifexists-key-present-not-matching", OPS_IFEXISTS, RUN, INSTANCE, IMPLICIT,
         identity=[RUN_T], context={"ec2:InstanceType": "m5.large"}, missing="identity",
         note="With the key present, ...IfExists behaves as the base operator."),
    Case("ifexists-key-present-other-family", OPS_IFEXISTS, RUN, INSTANCE, IMPLICIT,
         identity=[RUN_T], context={"ec2:InstanceType": "t3.micro"}, missing="identity"),
    ie("ifexists-string-equals-present-case-mismatch",
       {"StringEqualsIfExists": {"aws:PrincipalTag/team": "ml"}}, {"aws:PrincipalTag/team": "ML"},
       IMPLICIT),
    ie("ifexists-numeric-absent-true", {"NumericLessThanEqualsIfExists": {"s3:max-keys": "10"}}, {},
       ALLOWED),
    ie("ifexists-numeric-present-false", {"NumericLessThanEqualsIfExists": {"s3:max-keys": "10"}},
       {"s3:max-keys": 11}, IMPLICIT),
    ie("ifexists-date-absent-true",
       {"DateGreaterThanIfExists": {"aws:TokenIssueTime": "2020-01-01T00:00:00Z"}}, {}, ALLOWED),
    ie("ifexists-ip-absent-true", {"IpAddressIfExists": {"aws:SourceIp": "203.0.113.0/24"}}, {},
       ALLOWED),
    ie("ifexists-ip-present-outside-false", {"IpAddressIfExists": {"aws:SourceIp": "203.0.113.0/24"}},
       {"aws:SourceIp": "198.51.100.1"}, IMPLICIT),
    ie("ifexists-arn-absent-true",
       {"ArnLikeIfExists": {"aws:SourceArn": f"arn:aws:sns:*:{ACCT}:*"}}, {}, ALLOWED),
    ie("ifexists-bool-present-false",
       {"BoolIfExists": {"aws:SecureTransport": "true"}}, {"aws:SecureTransport": False}, IMPLICIT),

    Case("ifexists-deny-negated-key-absent-still-denied", OPS_IFEXISTS, "s3:GetObject", S3OBJ,
         EXPLICIT, identity=[ALLOW_ALL, DENY_NOT_STAGE], context={},
         sids=sids("DenyUnlessStageDev"),
         note="Deny + StringNotEqualsIfExists: still denied even if the tag is missing (doc)."),
    Case("ifexists-deny-negated-key-present-equal-not-denied", OPS_IFEXISTS, "s3:GetObject", S3OBJ,
         ALLOWED, identity=[ALLOW_ALL, DENY_NOT_STAGE], context={"aws:ResourceTag/stage": "dev"},
         sids=sids("AllowAll")),
    Case("ifexists-deny-negated-key-present-other-denied", OPS_IFEXISTS, "s3:GetObject", S3OBJ,
         EXPLICIT, identity=[ALLOW_ALL, DENY_NOT_STAGE], context={"aws:ResourceTag/stage": "prod"},
         sids=sids("DenyUnlessStageDev")),

    Case("mfa-notaction-deny-key-absent-denied", MFA_EXAMPLE, "s3:ListAllMyBuckets", "*", EXPLICIT,
         identity=[MFA_POLICY], context={}, sids=sids("DenyAllExceptListedIfNoMFA"),
         note="BoolIfExists on a missing aws:MultiFactorAuthPresent (long-term keys) is true."),
    Case("mfa-notaction-deny-false-denied", MFA_EXAMPLE, "s3:ListAllMyBuckets", "*", EXPLICIT,
         identity=[MFA_POLICY], context={"aws:MultiFactorAuthPresent": False},
         sids=sids("DenyAllExceptListedIfNoMFA")),
    Case("mfa-notaction-deny-true-allowed", MFA_EXAMPLE, "s3:ListAllMyBuckets", "*", ALLOWED,
         identity=[MFA_POLICY], context={"aws:MultiFactorAuthPresent": True}, sids=sids("AllowAll")),
    Case("mfa-notaction-listed-action-not-denied", MFA_EXAMPLE, "iam:ChangePassword",
         f"arn:aws:iam::{ACCT}:user/alice", ALLOWED, identity=[MFA_POLICY], context={},
         sids=sids("AllowAll")),

    Case("null-true-key-absent-allowed", OPS_NULL, "ec2:DescribeInstances", "*", ALLOWED,
         identity=[doc(allow("ec2:*", "*", sid="NoTempCreds",
                             condition={"Null": {"aws:TokenIssueTime": "true"}}))], context={}),
    Case("null-true-key-present-denied", OPS_NULL, "ec2:DescribeInstances", "*", IMPLICIT,
         identity=[doc(allow("ec2:*", "*", sid="NoTempCreds",
                             condition={"Null": {"aws:TokenIssueTime": "true"}}))],
         context={"aws:TokenIssueTime": "2024-01-01T00:00:00Z"}, missing="identity"),
    ie("null-false-key-present-true", {"Null": {"aws:PrincipalTag/team": "false"}},
       {"aws:PrincipalTag/team": "ml"}, ALLOWED, source=OPS_NULL),
    ie("null-false-key-absent-false", {"Null": {"aws:PrincipalTag/team": "false"}}, {}, IMPLICIT,
       source=OPS_NULL),
    ie("null-key-name-case-insensitive", {"Null": {"AWS:PrincipalTag/Team": "false"}},
       {"aws:principaltag/team": "ml"}, ALLOWED, source=OPS_NULL),
]
