"""Set operators ForAllValues / ForAnyValue on multivalued context keys.

ForAllValues: true if every request value matches at least one policy value; also true when the
key is missing or its values are an empty set. ForAnyValue: true if at least one request value
matches; false for an empty set or a missing key. With a negated operator the per-value test is
the negated one (e.g. ForAllValues:StringNotLike: every request value is unlike every pattern).
"""
from .cases_base import (ACCT, ALLOW_ALL, ALLOWED, EXPLICIT, IMPLICIT, MULTI_EXAMPLES, MULTI_KEYS,
                         MULTI_LOGIC, Case, allow, deny, doc, sids)

TABLE = f"arn:aws:dynamodb:us-east-1:{ACCT}:table/Thread"
ATTRS = "dynamodb:Attributes"
ALLOW_READ_ATTRS = doc(allow("dynamodb:GetItem", TABLE, sid="AllowSomeAttrs",
                             condition={"ForAllValues:StringLike": {ATTRS: ["PostDateTime", "Message", "Tags"]}}))
DENY_PUT_ATTRS = doc(deny("dynamodb:PutItem", TABLE, sid="DenyIdOrDate",
                          condition={"ForAnyValue:StringLike": {ATTRS: ["ID", "PostDateTime"]}}))
DENY_TAGS_NOT_KEY1 = doc(deny(["iam:Tag*", "iam:UnTag*"], "*", sid="DenyRestrictedTags",
                              condition={"ForAllValues:StringNotLike": {"aws:TagKeys": "key1*"}}))
USER = f"arn:aws:iam::{ACCT}:user/alice"


def get(id, attrs, expect, note=""):
    ctx = {} if attrs is None else {ATTRS: attrs}
    return Case(id, MULTI_LOGIC, "dynamodb:GetItem", TABLE, expect, identity=[ALLOW_READ_ATTRS],
                context=ctx, missing="identity" if expect == IMPLICIT else None, note=note)


def put(id, attrs, expect, note=""):
    ctx = {} if attrs is None else {ATTRS: attrs}
    return Case(id, MULTI_LOGIC, "dynamodb:PutItem", TABLE, expect,
                identity=[ALLOW_ALL, DENY_PUT_ATTRS], context=ctx,
                sids=sids("DenyIdOrDate") if expect == EXPLICIT else sids("AllowAll"), note=note)


def tag(id, keys, expect, note=""):
    ctx = {} if keys is None else {"aws:TagKeys": keys}
    return Case(id, MULTI_EXAMPLES, "iam:TagUser", USER, expect,
                identity=[ALLOW_ALL, DENY_TAGS_NOT_KEY1], context=ctx,
                sids=sids("DenyRestrictedTags") if expect == EXPLICIT else sids("AllowAll"), note=note)


def cond(id, condition, values, expect, source=MULTI_KEYS, key="aws:TagKeys", note=""):
    ctx = {} if values is None else {key: values}
    return Case(id, source, "iam:TagUser", USER, expect,
                identity=[doc(allow("iam:TagUser", "*", sid="Cond", condition=condition))],
                context=ctx, missing="identity" if expect == IMPLICIT else None, note=note)


CASES = [
    get("forallvalues-subset-allowed", ["PostDateTime", "Message"], ALLOWED),
    get("forallvalues-one-value-outside-denied", ["PostDateTime", "UserName"], IMPLICIT,
        note="UserName matches none of the policy values (doc table)."),
    get("forallvalues-single-outside-value-denied", ["ID"], IMPLICIT),
    get("forallvalues-key-missing-true", None, ALLOWED,
        note="ForAllValues also returns true if there are no context keys in the request."),
    get("forallvalues-empty-set-true", [], ALLOWED),
    put("foranyvalue-deny-one-overlap-denied", ["UserName", "Message", "PostDateTime"], EXPLICIT,
        note="PostDateTime matches (doc table)."),
    put("foranyvalue-deny-no-overlap-not-denied", ["UserName"], ALLOWED),
    put("foranyvalue-deny-key-missing-not-denied", None, ALLOWED),
    put("foranyvalue-deny-empty-set-not-denied", [], ALLOWED),
    tag("forallvalues-notlike-all-key1-not-denied", ["key1:legal"], ALLOWED),
    tag("forallvalues-notlike-two-key1-not-denied", ["key1:hr", "key1:personnel"], ALLOWED),
    tag("forallvalues-notlike-other-prefix-denied", ["key2:audit"], EXPLICIT),
    tag("forallvalues-notlike-key-missing-denied", None, EXPLICIT,
        note="No aws:TagKeys in the request: ForAllValues is true, so the Deny applies (doc table)."),
    tag("forallvalues-notlike-mixed-not-denied", ["key1:legal", "key2:audit"], ALLOWED,
        note="key1:legal is like key1*, so not every value is unlike it."),
    cond("foranyvalue-equals-one-overlap", {"ForAnyValue:StringEquals": {"aws:TagKeys": ["env", "team"]}},
         ["team", "cost-center"], ALLOWED),
    cond("foranyvalue-equals-no-overlap", {"ForAnyValue:StringEquals": {"aws:TagKeys": ["env", "team"]}},
         ["owner"], IMPLICIT),
    cond("foranyvalue-key-missing-false", {"ForAnyValue:StringEquals": {"aws:TagKeys": ["env", "team"]}},
         None, IMPLICIT),
    cond("foranyvalue-empty-set-false", {"ForAnyValue:StringEquals": {"aws:TagKeys": ["env", "team"]}},
         [], IMPLICIT, source=MULTI_LOGIC),
    cond("foranyvalue-like-wildcard", {"ForAnyValue:StringLike": {"aws:TagKeys": "cost-*"}},
         ["team", "cost-center"], ALLOWED),
    cond("forallvalues-equals-superset-false", {"ForAllValues:StringEquals": {"aws:TagKeys": ["env", "team"]}},
         ["env", "team", "owner"], IMPLICIT),
    cond("forallvalues-equals-exact-set-true", {"ForAllValues:StringEquals": {"aws:TagKeys": ["env", "team"]}},
         ["team", "env"], ALLOWED),
    cond("forallvalues-equals-case-sensitive", {"ForAllValues:StringEquals": {"aws:TagKeys": ["env", "team"]}},
         ["Env"], IMPLICIT),
    cond("forallvalues-with-null-false-key-missing-denied",
         {"ForAllValues:StringEquals": {"aws:TagKeys": ["env", "team"]}, "Null": {"aws:TagKeys": "false"}},
         None, IMPLICIT, source=MULTI_EXAMPLES,
         note="Adding Null=false stops a missing key from making ForAllValues true (doc)."),
    cond("forallvalues-with-null-false-key-present-allowed",
         {"ForAllValues:StringEquals": {"aws:TagKeys": ["env", "team"]}, "Null": {"aws:TagKeys": "false"}},
         ["env"], ALLOWED, source=MULTI_EXAMPLES),
    cond("forallvalues-notequals-none-listed-true",
         {"ForAllValues:StringNotEquals": {"aws:TagKeys": ["secret", "internal"]}}, ["env", "team"],
         ALLOWED),
    cond("forallvalues-notequals-one-listed-false",
         {"ForAllValues:StringNotEquals": {"aws:TagKeys": ["secret", "internal"]}}, ["env", "internal"],
         IMPLICIT),
    cond("foranyvalue-notequals-one-unlisted-true",
         {"ForAnyValue:StringNotEquals": {"aws:TagKeys": ["env", "team"]}}, ["env", "owner"], ALLOWED,
         note="owner is not equal to any listed value."),
    cond("foranyvalue-notequals-all-listed-false",
         {"ForAnyValue:StringNotEquals": {"aws:TagKeys": ["env", "team"]}}, ["env", "team"], IMPLICIT),
    cond("foranyvalue-notequals-empty-set-false",
         {"ForAnyValue:StringNotEquals": {"aws:TagKeys": ["env", "team"]}}, [], IMPLICIT,
         source=MULTI_LOGIC,
         note="An empty data set makes any ForAnyValue-modified operator false."),
    cond("foranyvalue-notlike-one-unlike-true",
         {"ForAnyValue:StringNotLike": {"aws:TagKeys": "key1*"}}, ["key1:a", "key2:b"], ALLOWED),
    cond("foranyvalue-notlike-all-like-false",
         {"ForAnyValue:StringNotLike": {"aws:TagKeys": "key1*"}}, ["key1:a", "key1:b"], IMPLICIT),
    cond("set-operator-key-name-case-insensitive",
         {"ForAllValues:StringEquals": {"AWS:TAGKEYS": ["env", "team"]}, "Null": {"aws:TagKeys": "false"}},
         ["env"], ALLOWED, key="aws:tagkeys"),

    cond("forallvalues-like-created-star", {"ForAllValues:StringLike": {"aws:TagKeys": "Created*"}},
         ["CreatedBy", "CreatedAt"], ALLOWED),
    cond("forallvalues-like-several-patterns", {"ForAllValues:StringLike": {"aws:TagKeys": ["env-*", "team"]}},
         ["env-prod", "team"], ALLOWED),
    Case("foranyvalue-deny-key-missing-does-not-deny", MULTI_KEYS, "iam:TagUser", USER, ALLOWED,
         identity=[ALLOW_ALL, doc(deny("iam:TagUser", "*", sid="DenySecretTag",
                                       condition={"ForAnyValue:StringEquals": {"aws:TagKeys": "secret"}}))],
         context={}, sids=sids("AllowAll")),
]
