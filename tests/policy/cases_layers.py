"""Layers: SCPs (every level from the root to the account must allow), permissions boundaries and
session policies (each limits, none grants), and explicit deny anywhere winning.

Reason wording follows AWS's access-denied messages ("because no <policy type> allows the <action>
action" / "with an explicit deny in a <policy type>").
"""
from .cases_base import (ACCESS_DENIED, ACCT, ALLOW_ALL, ALLOWED, BOUNDARIES, EVAL, EVAL_DENYALLOW,
                         EXPLICIT, FULL_AWS_ACCESS, IMPLICIT, SCP_EVAL, SESSION, Case, allow, deny,
                         doc, sids)

OBJ = "arn:aws:s3:::amzn-s3-demo-bucket/data.csv"
ALLOW_S3 = doc(allow("s3:*", "*", sid="AllowS3"))
ALLOW_GET = doc(allow("s3:GetObject", "*", sid="AllowGet"))
OU_EC2_ONLY = doc(allow("ec2:*", "*", sid="OuAllowsEc2"))
OU_S3_BEDROCK = doc(allow(["s3:*", "bedrock:*"], "*", sid="OuAllowsS3Bedrock"))
SCP_DENY_DELETE = doc(deny("s3:DeleteBucket", "*", sid="ScpDenyDeleteBucket"))
ROOT_OU_ACCT = [[FULL_AWS_ACCESS], [FULL_AWS_ACCESS], [FULL_AWS_ACCESS]]
REGION_SCP = doc(deny(None, "*", sid="DenyOutsideRegions",
                      not_action=["iam:*", "organizations:*", "sts:*", "support:*"],
                      condition={"StringNotEquals": {"aws:RequestedRegion": ["us-east-1", "us-west-2"]}}))
BOUNDARY_GET = doc(allow("s3:GetObject", "*", sid="BoundaryGet"))
BOUNDARY_DENY_IAM = doc(allow("*", "*", sid="BoundaryAll"), deny("iam:*", "*", sid="BoundaryDenyIam"))
SESSION_GET = doc(allow("s3:GetObject", "*", sid="SessionGet"))
SESSION_DENY_GET = doc(allow("*", "*", sid="SessionAll"), deny("s3:GetObject", "*", sid="SessionDenyGet"))

CASES = [
    # ---- SCPs ---------------------------------------------------------------------------------
    Case("scp-fullawsaccess-every-level-allows", SCP_EVAL, "s3:GetObject", OBJ, ALLOWED,
         identity=[ALLOW_S3], scps=ROOT_OU_ACCT, sids=sids("AllowS3", "FullAWSAccess")),
    Case("scp-allow-does-not-grant-identity-missing", SCP_EVAL, "s3:GetObject", OBJ, IMPLICIT,
         identity=[], scps=ROOT_OU_ACCT, missing="identity",
         reason="because no identity-based policy allows the s3:GetObject action",
         note="SCPs never grant permissions; an identity-based allow is still needed."),
    Case("scp-identity-allows-other-action-only", SCP_EVAL, "s3:PutObject", OBJ, IMPLICIT,
         identity=[ALLOW_GET], scps=ROOT_OU_ACCT, missing="identity"),
    Case("scp-ou-level-lacks-allow", SCP_EVAL, "s3:GetObject", OBJ, IMPLICIT,
         identity=[ALLOW_S3], scps=[[FULL_AWS_ACCESS], [OU_EC2_ONLY], [FULL_AWS_ACCESS]],
         missing="scp", reason="because no service control policy allows the s3:GetObject action",
         note="Every level from the root to the account must have an Allow."),
    Case("scp-account-level-lacks-allow", SCP_EVAL, "s3:GetObject", OBJ, IMPLICIT,
         identity=[ALLOW_S3], scps=[[FULL_AWS_ACCESS], [FULL_AWS_ACCESS], [OU_EC2_ONLY]],
         missing="scp"),
    Case("scp-root-level-lacks-allow", SCP_EVAL, "s3:GetObject", OBJ, IMPLICIT,
         identity=[ALLOW_S3], scps=[[OU_EC2_ONLY], [FULL_AWS_ACCESS], [FULL_AWS_ACCESS]],
         missing="scp"),
    Case("scp-ou-allow-list-covers-action", SCP_EVAL, "bedrock:InvokeModel",
         "arn:aws:bedrock:us-west-2::foundation-model/anthropic.claude-3-haiku-20240307-v1:0",
         ALLOWED, identity=[ALLOW_ALL],
         scps=[[FULL_AWS_ACCESS], [OU_S3_BEDROCK], [FULL_AWS_ACCESS]],
         sids=sids("AllowAll", "FullAWSAccess", "OuAllowsS3Bedrock")),
    Case("scp-level-with-two-policies-either-allows", SCP_EVAL, "ec2:RunInstances",
         f"arn:aws:ec2:us-east-1:{ACCT}:instance/*", ALLOWED, identity=[ALLOW_ALL],
         scps=[[FULL_AWS_ACCESS], [OU_S3_BEDROCK, OU_EC2_ONLY]],
         sids=sids("AllowAll", "FullAWSAccess", "OuAllowsEc2")),
    Case("scp-deny-at-root-wins", SCP_EVAL, "s3:DeleteBucket", "arn:aws:s3:::amzn-s3-demo-bucket",
         EXPLICIT, identity=[ALLOW_ALL],
         scps=[[FULL_AWS_ACCESS, SCP_DENY_DELETE], [FULL_AWS_ACCESS], [FULL_AWS_ACCESS]],
         sids=sids("ScpDenyDeleteBucket"), reason="with an explicit deny in a service control policy"),
    Case("scp-deny-at-account-wins", SCP_EVAL, "s3:DeleteBucket", "arn:aws:s3:::amzn-s3-demo-bucket",
         EXPLICIT, identity=[ALLOW_ALL],
         scps=[[FULL_AWS_ACCESS], [FULL_AWS_ACCESS], [FULL_AWS_ACCESS, SCP_DENY_DELETE]],
         sids=sids("ScpDenyDeleteBucket"), reason="with an explicit deny in a service control policy"),
    Case("scp-deny-other-action-no-effect", SCP_EVAL, "s3:GetObject", OBJ, ALLOWED,
         identity=[ALLOW_ALL], scps=[[FULL_AWS_ACCESS, SCP_DENY_DELETE]],
         sids=sids("AllowAll", "FullAWSAccess")),
    Case("scp-region-deny-outside-regions", SCP_EVAL, "s3:GetObject", OBJ, EXPLICIT,
         identity=[ALLOW_ALL], scps=[[FULL_AWS_ACCESS, REGION_SCP]],
         context={"aws:RequestedRegion": "eu-west-1"}, sids=sids("DenyOutsideRegions")),
    Case("scp-region-deny-inside-regions", SCP_EVAL, "s3:GetObject", OBJ, ALLOWED,
         identity=[ALLOW_ALL], scps=[[FULL_AWS_ACCESS, REGION_SCP]],
         context={"aws:RequestedRegion": "us-west-2"}),
    Case("scp-region-deny-exempt-action", SCP_EVAL, "iam:CreateUser", f"arn:aws:iam::{ACCT}:user/x",
         ALLOWED, identity=[ALLOW_ALL], scps=[[FULL_AWS_ACCESS, REGION_SCP]],
         context={"aws:RequestedRegion": "eu-west-1"}),
    Case("scp-deny-beats-missing-identity-allow", EVAL_DENYALLOW, "s3:DeleteBucket",
         "arn:aws:s3:::amzn-s3-demo-bucket", EXPLICIT, identity=[],
         scps=[[FULL_AWS_ACCESS, SCP_DENY_DELETE]], sids=sids("ScpDenyDeleteBucket"),
         note="Deny evaluation comes first: an explicit deny, not an implicit one."),
    Case("identity-deny-beats-scp-lacking-allow", EVAL_DENYALLOW, "s3:GetObject", OBJ, EXPLICIT,
         identity=[doc(deny("s3:*", "*", sid="IdentityDenyS3"))],
         scps=[[FULL_AWS_ACCESS], [OU_EC2_ONLY]], sids=sids("IdentityDenyS3"),
         reason="with an explicit deny in an identity-based policy"),

    # ---- permissions boundaries ---------------------------------------------------------------
    Case("boundary-and-identity-both-allow", BOUNDARIES, "s3:GetObject", OBJ, ALLOWED,
         identity=[ALLOW_S3], boundary=BOUNDARY_GET, sids=sids("AllowS3", "BoundaryGet")),
    Case("boundary-limits-identity-allow", BOUNDARIES, "s3:PutObject", OBJ, IMPLICIT,
         identity=[ALLOW_S3], boundary=BOUNDARY_GET, missing="boundary",
         reason="because no permissions boundary allows the s3:PutObject action",
         note="Effective permissions are the intersection of identity policies and the boundary."),
    Case("boundary-does-not-grant", BOUNDARIES, "s3:GetObject", OBJ, IMPLICIT,
         identity=[doc(allow("ec2:*", "*", sid="AllowEc2"))], boundary=BOUNDARY_GET,
         missing="identity", reason="because no identity-based policy allows the s3:GetObject action"),
    Case("boundary-explicit-deny", BOUNDARIES, "iam:CreateUser", f"arn:aws:iam::{ACCT}:user/x",
         EXPLICIT, identity=[ALLOW_ALL], boundary=BOUNDARY_DENY_IAM, sids=sids("BoundaryDenyIam"),
         reason="with an explicit deny in a permissions boundary"),
    Case("boundary-deny-other-action-allowed", BOUNDARIES, "s3:GetObject", OBJ, ALLOWED,
         identity=[ALLOW_ALL], boundary=BOUNDARY_DENY_IAM, sids=sids("AllowAll", "BoundaryAll")),
    Case("boundary-condition-not-met", BOUNDARIES, "s3:GetObject", OBJ, IMPLICIT,
         identity=[ALLOW_S3],
         boundary=doc(allow("s3:*", "*", sid="BoundaryFromOffice",
                            condition={"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}})),
         context={"aws:SourceIp": "198.51.100.20"}, missing="boundary"),
    Case("boundary-condition-met", BOUNDARIES, "s3:GetObject", OBJ, ALLOWED,
         identity=[ALLOW_S3],
         boundary=doc(allow("s3:*", "*", sid="BoundaryFromOffice",
                            condition={"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}})),
         context={"aws:SourceIp": "203.0.113.20"}),
    Case("boundary-and-scp-both-must-allow", EVAL, "s3:GetObject", OBJ, ALLOWED,
         identity=[ALLOW_S3], boundary=BOUNDARY_GET, scps=[[FULL_AWS_ACCESS], [OU_S3_BEDROCK]],
         sids=sids("AllowS3", "BoundaryGet", "FullAWSAccess", "OuAllowsS3Bedrock")),

    # ---- session policies ---------------------------------------------------------------------
    Case("session-and-identity-both-allow", SESSION, "s3:GetObject", OBJ, ALLOWED,
         identity=[ALLOW_S3], session=[SESSION_GET], sids=sids("AllowS3", "SessionGet")),
    Case("session-limits-identity-allow", SESSION, "s3:PutObject", OBJ, IMPLICIT,
         identity=[ALLOW_S3], session=[SESSION_GET], missing="session",
         reason="because no session policy allows the s3:PutObject action",
         note="Session permissions are the intersection of identity policies and session policies."),
    Case("session-does-not-grant", SESSION, "s3:GetObject", OBJ, IMPLICIT,
         identity=[doc(allow("ec2:*", "*", sid="AllowEc2"))], session=[SESSION_GET],
         missing="identity"),
    Case("session-explicit-deny", SESSION, "s3:GetObject", OBJ, EXPLICIT,
         identity=[ALLOW_ALL], session=[SESSION_DENY_GET], sids=sids("SessionDenyGet"),
         reason="with an explicit deny in a session policy"),
    Case("session-deny-other-action-allowed", SESSION, "s3:PutObject", OBJ, ALLOWED,
         identity=[ALLOW_ALL], session=[SESSION_DENY_GET], sids=sids("AllowAll", "SessionAll")),

    # ---- all layers together ------------------------------------------------------------------
    Case("all-layers-allow", EVAL, "s3:GetObject", OBJ, ALLOWED,
         identity=[ALLOW_S3], scps=[[FULL_AWS_ACCESS], [OU_S3_BEDROCK]], boundary=BOUNDARY_GET,
         session=[SESSION_GET],
         sids=sids("AllowS3", "FullAWSAccess", "OuAllowsS3Bedrock", "BoundaryGet", "SessionGet")),
    Case("all-layers-allow-but-identity-denies", EVAL, "s3:GetObject", OBJ, EXPLICIT,
         identity=[ALLOW_S3, doc(deny("s3:GetObject", OBJ, sid="IdentityDenyObject"))],
         scps=[[FULL_AWS_ACCESS]], boundary=BOUNDARY_GET, session=[SESSION_GET],
         sids=sids("IdentityDenyObject"), reason="with an explicit deny in an identity-based policy"),
    Case("all-layers-only-session-lacks", EVAL, "s3:PutObject", OBJ, IMPLICIT,
         identity=[ALLOW_S3], scps=[[FULL_AWS_ACCESS]], boundary=doc(allow("s3:*", "*", sid="BoundaryS3")),
         session=[SESSION_GET], missing="session"),
    Case("all-layers-only-boundary-lacks", EVAL, "s3:PutObject", OBJ, IMPLICIT,
         identity=[ALLOW_S3], scps=[[FULL_AWS_ACCESS]], boundary=BOUNDARY_GET,
         session=[doc(allow("s3:*", "*", sid="SessionS3"))], missing="boundary",
         reason="because no permissions boundary allows the s3:PutObject action"),
    Case("all-layers-only-scp-lacks", EVAL, "s3:GetObject", OBJ, IMPLICIT,
         identity=[ALLOW_S3], scps=[[FULL_AWS_ACCESS], [OU_EC2_ONLY]], boundary=BOUNDARY_GET,
         session=[SESSION_GET], missing="scp"),
    Case("explicit-deny-in-boundary-beats-allows-elsewhere", ACCESS_DENIED, "iam:CreateUser",
         f"arn:aws:iam::{ACCT}:user/x", EXPLICIT, identity=[ALLOW_ALL], scps=ROOT_OU_ACCT,
         boundary=BOUNDARY_DENY_IAM, session=[doc(allow("*", "*", sid="SessionAll"))],
         sids=sids("BoundaryDenyIam"), reason="permissions boundary"),
]
