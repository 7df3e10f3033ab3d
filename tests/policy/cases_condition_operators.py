"""Condition operators: String, Numeric, Date, Bool, Binary, IP address, ARN; and how several
keys, values and operators combine.

Rule from the operators page: a key absent from the request context makes the condition false,
except for negated operators (StringNotEquals, StringNotLike, ArnNotLike, ...), where it is true.
Values of one key are ORed (NOR for a negated operator); keys and operators are ANDed.
"""
from datetime import datetime, timezone

from .cases_base import (ACCT, ALLOWED, COND, IMPLICIT, MULTI_LOGIC, OPS, OPS_ARN, OPS_BINARY,
                         OPS_BOOL, OPS_DATE, OPS_IP, OPS_NUMERIC, OPS_STRING, Case, allow, doc)

ACT = "iam:ListAccessKeys"
RES = f"arn:aws:iam::{ACCT}:user/johndoe"


def when(condition, sid="Cond", action=ACT):
    """An identity policy allowing ``action`` on * only when ``condition`` holds."""
    return [doc(allow(action, "*", sid=sid, condition=condition))]


def c(id, source, condition, context, expect, note=""):
    """Allowed when the condition is true, implicitDeny (identity) when false."""
    return Case(id, source, ACT, RES, expect, identity=when(condition), context=context,
                missing="identity" if expect == IMPLICIT else None, note=note)


def utc(*a):
    return datetime(*a, tzinfo=timezone.utc)


SEQ = {"StringEquals": {"aws:username": "johndoe"}}
SEQ_IC = {"StringEqualsIgnoreCase": {"aws:username": "johndoe"}}
SNE = {"StringNotEquals": {"aws:PrincipalTag/stage": "prod"}}
SLIKE = {"StringLike": {"s3:prefix": ["", "home/", "home/*"]}}
NUM_LE = {"NumericLessThanEquals": {"s3:max-keys": "10"}}
DATE_GT = {"DateGreaterThan": {"aws:TokenIssueTime": "2020-01-01T00:00:01Z"}}
IP = {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}
IP_MIXED = {"IpAddress": {"aws:SourceIp": ["203.0.113.0/24", "2001:DB8:1234:5678::/64"]}}
ARN_PATTERN = f"arn:aws:someservice:*:{ACCT}:finance/*"
ARN_VALUE = f"arn:aws:someservice:us-east-2:999999999999:store/abc:{ACCT}:finance/document.txt"
TOPIC = "arn:aws:sns:us-east-2:123456789012:TOPIC-ID"
BIN = "QmluYXJ5VmFsdWVJbkJhc2U2NA=="

CASES = [
    # ---- String -------------------------------------------------------------------------------
    c("string-equals-exact", COND, SEQ, {"aws:username": "johndoe"}, ALLOWED),
    c("string-equals-case-sensitive", COND, SEQ, {"aws:username": "JohnDoe"}, IMPLICIT,
      note="Users named JohnDoe are denied access (doc)."),
    c("string-equals-key-absent-false", OPS, SEQ, {}, IMPLICIT),
    c("string-equals-ignore-case-matches", COND, SEQ_IC, {"aws:username": "JohnDoe"}, ALLOWED),
    c("string-equals-ignore-case-different-value", OPS_STRING, SEQ_IC, {"aws:username": "johndo"},
      IMPLICIT),
    c("string-equals-star-is-literal", OPS_STRING, {"StringEquals": {"aws:username": "john*"}},
      {"aws:username": "johndoe"}, IMPLICIT,
      note="Only StringLike/StringNotLike treat * as a wildcard."),
    c("string-equals-star-literal-matches-star", OPS_STRING,
      {"StringEquals": {"aws:username": "john*"}}, {"aws:username": "john*"}, ALLOWED),
    c("string-not-equals-different-value-true", OPS_STRING, SNE, {"aws:PrincipalTag/stage": "dev"},
      ALLOWED),
    c("string-not-equals-same-value-false", OPS_STRING, SNE, {"aws:PrincipalTag/stage": "prod"},
      IMPLICIT),
    c("string-not-equals-key-absent-true", OPS, SNE, {}, ALLOWED,
      note="A negated operator is true when the key is not in the request context."),
    c("string-not-equals-ignore-case-false", OPS_STRING,
      {"StringNotEqualsIgnoreCase": {"aws:PrincipalTag/stage": "prod"}},
      {"aws:PrincipalTag/stage": "PROD"}, IMPLICIT),
    c("string-not-equals-ignore-case-true", OPS_STRING,
      {"StringNotEqualsIgnoreCase": {"aws:PrincipalTag/stage": "prod"}},
      {"aws:PrincipalTag/stage": "production"}, ALLOWED),
    c("string-like-star-prefix", OPS_STRING, SLIKE, {"s3:prefix": "home/alice/photos/"}, ALLOWED),
    c("string-like-empty-string-value", OPS_STRING, SLIKE, {"s3:prefix": ""}, ALLOWED),
    c("string-like-no-match", OPS_STRING, SLIKE, {"s3:prefix": "work/alice/"}, IMPLICIT),
    c("string-like-case-sensitive", OPS_STRING, SLIKE, {"s3:prefix": "HOME/alice/"}, IMPLICIT),
    c("string-like-without-wildcard-is-exact", OPS_STRING, {"StringLike": {"s3:prefix": "home"}},
      {"s3:prefix": "home/alice"}, IMPLICIT),
    c("string-like-question-mark-one-char", OPS_STRING, {"StringLike": {"aws:username": "user-?"}},
      {"aws:username": "user-7"}, ALLOWED),
    c("string-like-question-mark-not-two-chars", OPS_STRING,
      {"StringLike": {"aws:username": "user-?"}}, {"aws:username": "user-77"}, IMPLICIT),
    c("string-like-star-in-middle", OPS_STRING, {"StringLike": {"aws:username": "a*z"}},
      {"aws:username": "a-to-z"}, ALLOWED),
    c("string-like-key-absent-false", OPS, SLIKE, {}, IMPLICIT),
    c("string-not-like-no-match-true", OPS_STRING, {"StringNotLike": {"aws:username": "admin-*"}},
      {"aws:username": "alice"}, ALLOWED),
    c("string-not-like-match-false", OPS_STRING, {"StringNotLike": {"aws:username": "admin-*"}},
      {"aws:username": "admin-bob"}, IMPLICIT),
    c("string-not-like-key-absent-true", OPS, {"StringNotLike": {"aws:username": "admin-*"}}, {},
      ALLOWED),

    # ---- multiple values / keys / operators --------------------------------------------------
    c("multi-values-ored-second-matches", MULTI_LOGIC,
      {"StringEquals": {"aws:PrincipalTag/role": ["audit", "security"]}},
      {"aws:PrincipalTag/role": "security"}, ALLOWED),
    c("multi-values-ored-none-matches", MULTI_LOGIC,
      {"StringEquals": {"aws:PrincipalTag/role": ["audit", "security"]}},
      {"aws:PrincipalTag/role": "dev"}, IMPLICIT),
    c("multi-keys-anded-both-true", MULTI_LOGIC,
      {"StringEquals": {"aws:PrincipalTag/department": "finance", "aws:PrincipalTag/role": "audit"}},
      {"aws:PrincipalTag/department": "finance", "aws:PrincipalTag/role": "audit"}, ALLOWED),
    c("multi-keys-anded-one-false", MULTI_LOGIC,
      {"StringEquals": {"aws:PrincipalTag/department": "finance", "aws:PrincipalTag/role": "audit"}},
      {"aws:PrincipalTag/department": "finance", "aws:PrincipalTag/role": "dev"}, IMPLICIT),
    c("multi-keys-anded-one-absent", MULTI_LOGIC,
      {"StringEquals": {"aws:PrincipalTag/department": "finance", "aws:PrincipalTag/role": "audit"}},
      {"aws:PrincipalTag/department": "finance"}, IMPLICIT),
    c("multi-operators-anded-both-true", MULTI_LOGIC,
      {"StringEquals": {"aws:PrincipalTag/role": "audit"}, "IpAddress": {"aws:SourceIp": "203.0.113.0/24"}},
      {"aws:PrincipalTag/role": "audit", "aws:SourceIp": "203.0.113.9"}, ALLOWED),
    c("multi-operators-anded-one-false", MULTI_LOGIC,
      {"StringEquals": {"aws:PrincipalTag/role": "audit"}, "IpAddress": {"aws:SourceIp": "203.0.113.0/24"}},
      {"aws:PrincipalTag/role": "audit", "aws:SourceIp": "198.51.100.9"}, IMPLICIT),
    c("negated-multi-values-nor-listed-value-false", MULTI_LOGIC,
      {"StringNotEquals": {"aws:PrincipalTag/role": ["audit", "security"]}},
      {"aws:PrincipalTag/role": "audit"}, IMPLICIT,
      note="NOR: true only if the value matches none of the listed values."),
    c("negated-multi-values-nor-second-listed-false", MULTI_LOGIC,
      {"StringNotEquals": {"aws:PrincipalTag/role": ["audit", "security"]}},
      {"aws:PrincipalTag/role": "security"}, IMPLICIT),
    c("negated-multi-values-nor-unlisted-true", MULTI_LOGIC,
      {"StringNotEquals": {"aws:PrincipalTag/role": ["audit", "security"]}},
      {"aws:PrincipalTag/role": "dev"}, ALLOWED),
    c("negated-like-multi-values-nor", MULTI_LOGIC,
      {"StringNotLike": {"aws:username": ["prod-*", "stage-*"]}}, {"aws:username": "stage-1"},
      IMPLICIT),

    # ---- Numeric ------------------------------------------------------------------------------
    c("numeric-le-equal-true", OPS_NUMERIC, NUM_LE, {"s3:max-keys": 10}, ALLOWED),
    c("numeric-le-smaller-true", OPS_NUMERIC, NUM_LE, {"s3:max-keys": 3}, ALLOWED),
    c("numeric-le-greater-false", OPS_NUMERIC, NUM_LE, {"s3:max-keys": 11}, IMPLICIT),
    c("numeric-le-string-context-value", OPS_NUMERIC, NUM_LE, {"s3:max-keys": "5"}, ALLOWED),
    c("numeric-compares-numbers-not-strings", OPS_NUMERIC, NUM_LE, {"s3:max-keys": "9"}, ALLOWED,
      note="As strings '9' > '10'; numerically 9 <= 10."),
    c("numeric-less-than-boundary-false", OPS_NUMERIC, {"NumericLessThan": {"s3:max-keys": "10"}},
      {"s3:max-keys": 10}, IMPLICIT),
    c("numeric-greater-than-true", OPS_NUMERIC, {"NumericGreaterThan": {"s3:max-keys": "10"}},
      {"s3:max-keys": 100}, ALLOWED),
    c("numeric-greater-than-equals-boundary", OPS_NUMERIC,
      {"NumericGreaterThanEquals": {"s3:max-keys": "10"}}, {"s3:max-keys": 10}, ALLOWED),
    c("numeric-equals-decimal", OPS_NUMERIC, {"NumericEquals": {"s3:max-keys": "1.5"}},
      {"s3:max-keys": 1.5}, ALLOWED),
    c("numeric-equals-int-and-float", OPS_NUMERIC, {"NumericEquals": {"s3:max-keys": "10"}},
      {"s3:max-keys": 10.0}, ALLOWED),
    c("numeric-not-equals-true", OPS_NUMERIC, {"NumericNotEquals": {"s3:max-keys": "10"}},
      {"s3:max-keys": 7}, ALLOWED),
    c("numeric-not-equals-false", OPS_NUMERIC, {"NumericNotEquals": {"s3:max-keys": "10"}},
      {"s3:max-keys": 10}, IMPLICIT),
    c("numeric-key-absent-false", OPS, NUM_LE, {}, IMPLICIT),
    c("numeric-not-equals-key-absent-true", OPS, {"NumericNotEquals": {"s3:max-keys": "10"}}, {},
      ALLOWED),

    # ---- Date ---------------------------------------------------------------------------------
    c("date-greater-than-true", OPS_DATE, DATE_GT, {"aws:TokenIssueTime": utc(2020, 6, 1)}, ALLOWED),
    c("date-greater-than-false", OPS_DATE, DATE_GT, {"aws:TokenIssueTime": utc(2019, 12, 31)},
      IMPLICIT),
    c("date-key-absent-false", OPS_DATE, DATE_GT, {}, IMPLICIT,
      note="aws:TokenIssueTime is absent for long-term access keys: an IAM user is denied (doc)."),
    c("date-context-as-iso-string", OPS_DATE, DATE_GT,
      {"aws:TokenIssueTime": "2021-03-04T05:06:07Z"}, ALLOWED),
    c("date-less-than-current-time", OPS_DATE,
      {"DateLessThan": {"aws:CurrentTime": "2030-01-01T00:00:00Z"}},
      {"aws:CurrentTime": utc(2025, 7, 1, 12, 0)}, ALLOWED),
    c("date-policy-value-epoch-true", OPS_DATE, {"DateLessThan": {"aws:CurrentTime": "1893456000"}},
      {"aws:CurrentTime": utc(2025, 7, 1)}, ALLOWED,
      note="1893456000 is 2030-01-01T00:00:00Z; policy dates may be epoch (UNIX) time."),
    c("date-policy-value-epoch-false", OPS_DATE, {"DateLessThan": {"aws:CurrentTime": "1893456000"}},
      {"aws:CurrentTime": utc(2031, 1, 1)}, IMPLICIT),
    c("date-context-epoch-int", OPS_DATE,
      {"DateGreaterThan": {"aws:EpochTime": "2023-01-01T00:00:00Z"}},
      {"aws:EpochTime": 1700000000}, ALLOWED, note="1700000000 is 2023-11-14T22:13:20Z."),
    c("date-equals-same-instant", OPS_DATE, {"DateEquals": {"aws:CurrentTime": "2024-05-01T12:00:00Z"}},
      {"aws:CurrentTime": utc(2024, 5, 1, 12, 0, 0)}, ALLOWED),
    c("date-equals-other-instant", OPS_DATE,
      {"DateEquals": {"aws:CurrentTime": "2024-05-01T12:00:00Z"}},
      {"aws:CurrentTime": utc(2024, 5, 1, 12, 0, 1)}, IMPLICIT),
    c("date-not-equals-key-absent-true", OPS, {"DateNotEquals": {"aws:TokenIssueTime": "2024-05-01T12:00:00Z"}},
      {}, ALLOWED),
    c("date-greater-than-equals-boundary", OPS_DATE,
      {"DateGreaterThanEquals": {"aws:CurrentTime": "2024-05-01T00:00:00Z"}},
      {"aws:CurrentTime": utc(2024, 5, 1)}, ALLOWED),
    c("date-less-than-equals-after-false", OPS_DATE,
      {"DateLessThanEquals": {"aws:CurrentTime": "2024-05-01T00:00:00Z"}},
      {"aws:CurrentTime": utc(2024, 5, 1, 0, 0, 1)}, IMPLICIT),

    # ---- Bool ---------------------------------------------------------------------------------
    c("bool-true-with-python-true", OPS_BOOL, {"Bool": {"aws:SecureTransport": "true"}},
      {"aws:SecureTransport": True}, ALLOWED),
    c("bool-true-with-string-true", OPS_BOOL, {"Bool": {"aws:SecureTransport": "true"}},
      {"aws:SecureTransport": "true"}, ALLOWED),
    c("bool-true-with-false", OPS_BOOL, {"Bool": {"aws:SecureTransport": "true"}},
      {"aws:SecureTransport": False}, IMPLICIT),
    c("bool-false-with-false", OPS_BOOL, {"Bool": {"aws:SecureTransport": "false"}},
      {"aws:SecureTransport": False}, ALLOWED),
    c("bool-key-absent-false", OPS_BOOL, {"Bool": {"aws:MultiFactorAuthPresent": "true"}}, {},
      IMPLICIT),
    c("bool-true-with-other-text", OPS_BOOL, {"Bool": {"aws:SecureTransport": "true"}},
      {"aws:SecureTransport": "yes"}, IMPLICIT,
      note="A request value that is neither true nor false matches no Bool value."),
    c("bool-false-with-other-text", OPS_BOOL, {"Bool": {"aws:SecureTransport": "false"}},
      {"aws:SecureTransport": "0"}, IMPLICIT),

    # ---- Binary -------------------------------------------------------------------------------
    c("binary-equals-same-base64", OPS_BINARY, {"BinaryEquals": {"example:BinaryKey": BIN}},
      {"example:BinaryKey": BIN}, ALLOWED,
      note="The request value is given as its base-64 text, like the policy value."),
    c("binary-equals-different", OPS_BINARY, {"BinaryEquals": {"example:BinaryKey": BIN}},
      {"example:BinaryKey": "T3RoZXJWYWx1ZQ=="}, IMPLICIT),
    c("binary-equals-key-absent", OPS_BINARY, {"BinaryEquals": {"example:BinaryKey": BIN}}, {},
      IMPLICIT),

    # ---- IP address ---------------------------------------------------------------------------
    c("ip-v4-in-range", OPS_IP, IP, {"aws:SourceIp": "203.0.113.5"}, ALLOWED),
    c("ip-v4-range-upper-edge", OPS_IP, IP, {"aws:SourceIp": "203.0.113.255"}, ALLOWED),
    c("ip-v4-outside-range", OPS_IP, IP, {"aws:SourceIp": "203.0.114.0"}, IMPLICIT),
    c("ip-v4-no-prefix-means-32-match", OPS_IP, {"IpAddress": {"aws:SourceIp": "203.0.113.7"}},
      {"aws:SourceIp": "203.0.113.7"}, ALLOWED),
    c("ip-v4-no-prefix-means-32-neighbour", OPS_IP, {"IpAddress": {"aws:SourceIp": "203.0.113.7"}},
      {"aws:SourceIp": "203.0.113.8"}, IMPLICIT),
    c("ip-v6-in-range", OPS_IP, IP_MIXED, {"aws:SourceIp": "2001:db8:1234:5678:abcd::1"}, ALLOWED),
    c("ip-v6-outside-range", OPS_IP, IP_MIXED, {"aws:SourceIp": "2001:db8:1234:5679::1"}, IMPLICIT),
    c("ip-mixed-list-v4-matches", OPS_IP, IP_MIXED, {"aws:SourceIp": "203.0.113.77"}, ALLOWED),
    c("ip-key-absent-false", OPS_IP, IP, {}, IMPLICIT,
      note="aws:SourceIp is absent via a VPC endpoint: the condition returns false (doc)."),
    c("not-ip-outside-true", OPS_IP, {"NotIpAddress": {"aws:SourceIp": "203.0.113.0/24"}},
      {"aws:SourceIp": "198.51.100.1"}, ALLOWED),
    c("not-ip-inside-false", OPS_IP, {"NotIpAddress": {"aws:SourceIp": "203.0.113.0/24"}},
      {"aws:SourceIp": "203.0.113.1"}, IMPLICIT),
    c("not-ip-key-absent-true", OPS, {"NotIpAddress": {"aws:SourceIp": "203.0.113.0/24"}}, {},
      ALLOWED),

    # ---- ARN ----------------------------------------------------------------------------------
    c("arn-equals-exact", OPS_ARN, {"ArnEquals": {"aws:SourceArn": TOPIC}}, {"aws:SourceArn": TOPIC},
      ALLOWED),
    c("arn-equals-other-topic", OPS_ARN, {"ArnEquals": {"aws:SourceArn": TOPIC}},
      {"aws:SourceArn": "arn:aws:sns:us-east-2:123456789012:OTHER"}, IMPLICIT),
    c("arn-key-absent-false", OPS_ARN, {"ArnEquals": {"aws:SourceArn": TOPIC}}, {}, IMPLICIT,
      note="An IAM user calling directly has no aws:SourceArn: the condition is false (doc)."),
    c("arn-like-segments-do-not-span-colons", OPS_ARN, {"ArnLike": {"aws:SourceArn": ARN_PATTERN}},
      {"aws:SourceArn": ARN_VALUE}, IMPLICIT,
      note="ArnLike matches each colon-delimited component separately (doc example)."),
    c("string-like-spans-colons-where-arn-like-does-not", OPS_ARN,
      {"StringLike": {"aws:SourceArn": ARN_PATTERN}}, {"aws:SourceArn": ARN_VALUE}, ALLOWED,
      note="With StringLike the first * matches 'us-east-2:999999999999:store/abc:' (doc example)."),
    c("arn-like-wildcard-region", OPS_ARN,
      {"ArnLike": {"aws:SourceArn": f"arn:aws:someservice:*:{ACCT}:finance/*"}},
      {"aws:SourceArn": f"arn:aws:someservice:eu-west-1:{ACCT}:finance/document.txt"}, ALLOWED),
    c("arn-like-resource-part-keeps-its-colons", OPS_ARN,
      {"ArnLike": {"aws:SourceArn": f"arn:aws:bedrock:*:{ACCT}:inference-profile/*"}},
      {"aws:SourceArn": f"arn:aws:bedrock:us-west-2:{ACCT}:inference-profile/us.anthropic.claude-3-haiku-20240307-v1:0"},
      ALLOWED),
    c("arn-like-account-mismatch", OPS_ARN,
      {"ArnLike": {"aws:SourceArn": f"arn:aws:sns:us-east-2:{ACCT}:*"}},
      {"aws:SourceArn": "arn:aws:sns:us-east-2:444455556666:alerts"}, IMPLICIT),
    c("arn-like-case-sensitive", OPS_ARN, {"ArnLike": {"aws:SourceArn": f"arn:aws:sns:*:{ACCT}:Alerts"}},
      {"aws:SourceArn": f"arn:aws:sns:us-east-2:{ACCT}:alerts"}, IMPLICIT),
    c("arn-like-question-mark", OPS_ARN, {"ArnLike": {"aws:SourceArn": f"arn:aws:sns:us-east-?:{ACCT}:alerts"}},
      {"aws:SourceArn": f"arn:aws:sns:us-east-2:{ACCT}:alerts"}, ALLOWED),
    c("arn-not-like-match-false", OPS_ARN, {"ArnNotLike": {"aws:SourceArn": f"arn:aws:sns:*:{ACCT}:*"}},
      {"aws:SourceArn": f"arn:aws:sns:us-east-2:{ACCT}:alerts"}, IMPLICIT),
    c("arn-not-like-key-absent-true", OPS, {"ArnNotLike": {"aws:SourceArn": f"arn:aws:sns:*:{ACCT}:*"}},
      {}, ALLOWED),

    # ---- more Date formats, IP families, negated IfExists, ForAllValues patterns ----------------
    c("date-policy-value-date-only-w3c", OPS_DATE,
      {"DateGreaterThan": {"aws:CurrentTime": "2020-01-01"}},
      {"aws:CurrentTime": utc(2025, 1, 1)}, ALLOWED,
      note="YYYY-MM-DD is one of the W3C ISO 8601 profiles the doc allows."),
    c("date-policy-value-with-offset-true", OPS_DATE,
      {"DateLessThan": {"aws:CurrentTime": "2024-05-01T12:00:00+02:00"}},
      {"aws:CurrentTime": utc(2024, 5, 1, 9, 30)}, ALLOWED,
      note="12:00+02:00 is 10:00Z; 09:30Z is before it."),
    c("date-policy-value-with-offset-false", OPS_DATE,
      {"DateLessThan": {"aws:CurrentTime": "2024-05-01T12:00:00+02:00"}},
      {"aws:CurrentTime": utc(2024, 5, 1, 10, 30)}, IMPLICIT,
      note="12:00+02:00 is 10:00Z; 10:30Z is after it, though 10:30 < 12:00 as local times."),
    c("ip-v6-address-not-in-v4-range", OPS_IP, IP, {"aws:SourceIp": "2001:db8::1"}, IMPLICIT),
    c("ip-v4-address-not-in-v6-range", OPS_IP,
      {"IpAddress": {"aws:SourceIp": "2001:DB8:1234:5678::/64"}}, {"aws:SourceIp": "203.0.113.5"},
      IMPLICIT),
    c("numeric-negative-and-zero", OPS_NUMERIC, {"NumericGreaterThan": {"s3:max-keys": "-1"}},
      {"s3:max-keys": 0}, ALLOWED),
    c("string-like-star-alone-needs-key", OPS, {"StringLike": {"aws:username": "*"}}, {}, IMPLICIT,
      note="Even a bare * does not match a key that is absent."),
    c("string-like-star-alone-matches-any-value", OPS_STRING, {"StringLike": {"aws:username": "*"}},
      {"aws:username": "anyone"}, ALLOWED),
    c("negated-ifexists-multi-values-nor", MULTI_LOGIC,
      {"StringNotEqualsIfExists": {"aws:PrincipalTag/role": ["audit", "security"]}},
      {"aws:PrincipalTag/role": "security"}, IMPLICIT),
    c("negated-ifexists-key-absent-true", OPS,
      {"StringNotEqualsIfExists": {"aws:PrincipalTag/role": ["audit", "security"]}}, {}, ALLOWED),
    c("arn-like-with-policy-variable", OPS_ARN,
      {"ArnLike": {"aws:PrincipalArn": f"arn:aws:iam::{ACCT}:user/${{aws:username}}"}},
      {"aws:username": "alice", "aws:PrincipalArn": f"arn:aws:iam::{ACCT}:user/alice"}, ALLOWED,
      note="Policy variables can be used with ARN operators."),
    c("arn-like-with-policy-variable-other-user", OPS_ARN,
      {"ArnLike": {"aws:PrincipalArn": f"arn:aws:iam::{ACCT}:user/${{aws:username}}"}},
      {"aws:username": "alice", "aws:PrincipalArn": f"arn:aws:iam::{ACCT}:user/bob"}, IMPLICIT),
]
