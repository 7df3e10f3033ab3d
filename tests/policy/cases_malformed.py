"""Documents ``Policy(...)`` must reject with ``PolicyError`` (a ValueError).

IAM refuses these at policy creation (MalformedPolicyDocument). ``match`` lists substrings of which
the error message should contain at least one, kept generic (the element or operator named).
"""
from .cases_base import (ACTION, COND, EFFECT, GRAMMAR, OPS, OPS_IFEXISTS, OPS_IP, OPS_NUMERIC,
                         MULTI_KEYS, RESOURCE, STATEMENT, VERSION, BadPolicy)

V = "2012-10-17"


def one(**statement):
    return {"Version": V, "Statement": [statement]}


OK = {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}


def with_(**changes):
    s = dict(OK)
    for k, v in changes.items():
        if v is None:
            s.pop(k, None)
        else:
            s[k] = v
    return {"Version": V, "Statement": [s]}


CASES = [
    BadPolicy("bad-json-text", GRAMMAR, '{"Version": "2012-10-17", "Statement": [', ()),
    BadPolicy("bad-json-trailing-garbage", GRAMMAR, '{"Version": "2012-10-17"} trailing', ()),
    BadPolicy("json-nested-deeper-than-the-parser-goes", GRAMMAR, "[" * 100_000 + "]" * 100_000, ("JSON",)),
    BadPolicy("top-level-not-an-object", GRAMMAR, [OK], ()),
    BadPolicy("statement-missing", STATEMENT, {"Version": V}, ("Statement",)),
    BadPolicy("version-unsupported-date", VERSION, {"Version": "2012-10-18", "Statement": [OK]},
              ("Version",), note="Only 2012-10-17 and 2008-10-17 exist."),
    BadPolicy("version-made-up", VERSION, {"Version": "2024-01-01", "Statement": [OK]}, ("Version",)),
    BadPolicy("effect-lowercase-allow", EFFECT, with_(Effect="allow"), ("Effect",),
              note="Effect is exactly Allow or Deny."),
    BadPolicy("effect-permit", EFFECT, with_(Effect="Permit"), ("Effect",)),
    BadPolicy("effect-missing", EFFECT, with_(Effect=None), ("Effect",)),
    BadPolicy("action-and-notaction-missing", ACTION, with_(Action=None), ("Action",),
              note="Statements must include either an Action or NotAction element."),
    BadPolicy("action-and-notaction-both", ACTION, with_(NotAction="iam:*"), ("Action",)),
    BadPolicy("resource-and-notresource-missing", RESOURCE, with_(Resource=None), ("Resource",),
              note="Statements must include either a Resource or a NotResource element."),
    BadPolicy("resource-and-notresource-both", RESOURCE, with_(NotResource="arn:aws:s3:::x/*"),
              ("Resource",)),
    BadPolicy("action-not-a-string", ACTION, with_(Action=5), ("Action",)),
    BadPolicy("unknown-condition-operator", OPS,
              with_(Condition={"StringEqualz": {"aws:username": "alice"}}), ("StringEqualz",)),
    BadPolicy("unknown-operator-case-typo", OPS,
              with_(Condition={"StringEquals ": {"aws:username": "alice"}}), ("StringEquals",)),
    BadPolicy("unknown-set-qualifier", MULTI_KEYS,
              with_(Condition={"ForSomeValues:StringEquals": {"aws:TagKeys": "env"}}),
              ("ForSomeValues",)),
    BadPolicy("null-ifexists-not-allowed", OPS_IFEXISTS,
              with_(Condition={"NullIfExists": {"aws:TokenIssueTime": "true"}}), ("Null",),
              note="IfExists can be added to any operator except Null."),
    BadPolicy("numeric-non-numeric-value", OPS_NUMERIC,
              with_(Condition={"NumericEquals": {"s3:max-keys": "ten"}}),
              ("NumericEquals", "ten", "numeric")),
    BadPolicy("numeric-less-than-non-numeric-value", OPS_NUMERIC,
              with_(Condition={"NumericLessThan": {"s3:max-keys": "10 items"}}),
              ("NumericLessThan", "10 items", "numeric")),
    BadPolicy("ip-cidr-prefix-too-long", OPS_IP,
              with_(Condition={"IpAddress": {"aws:SourceIp": "203.0.113.0/33"}}),
              ("IpAddress", "203.0.113.0/33", "CIDR", "IP")),
    BadPolicy("ip-octet-out-of-range", OPS_IP,
              with_(Condition={"NotIpAddress": {"aws:SourceIp": "999.0.113.0/24"}}),
              ("NotIpAddress", "999.0.113.0/24", "CIDR", "IP")),
    BadPolicy("ip-not-an-address", OPS_IP,
              with_(Condition={"IpAddress": {"aws:SourceIp": "office-network"}}),
              ("IpAddress", "office-network", "CIDR", "IP")),
    BadPolicy("condition-operator-value-not-a-mapping", COND,
              with_(Condition={"StringEquals": "alice"}), ("StringEquals", "Condition")),
    BadPolicy("condition-not-a-mapping", COND, with_(Condition=["StringEquals"]), ("Condition",)),

    BadPolicy("statement-is-a-string", STATEMENT, {"Version": V, "Statement": "Allow everything"},
              ("Statement",)),
    BadPolicy("statement-entry-not-an-object", STATEMENT, {"Version": V, "Statement": ["s3:*"]},
              ("Statement",)),
]
