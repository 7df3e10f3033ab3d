"""Policy variables: ${aws:username}, ${aws:PrincipalTag/...}, default values, the special
${*} ${?} ${$}, and Version rules.

Variables work only with Version 2012-10-17; with 2008-10-17 or no Version, "${aws:username}" is a
literal string. A variable whose key is not in the request context does not resolve, so the
Resource or condition value that uses it does not match.
"""
from .cases_base import (ACCT, ALLOWED, IMPLICIT, OPS_STRING, VARS, VARS_DEFAULT, VARS_SPECIAL,
                         Case, allow, doc)

HOME = doc(allow(["s3:GetObject", "s3:PutObject"], "arn:aws:s3:::mybucket/${aws:username}/*",
                 sid="OwnFolder"))
HOME_2008 = doc(allow(["s3:GetObject", "s3:PutObject"], "arn:aws:s3:::mybucket/${aws:username}/*",
                      sid="OwnFolder"), version="2008-10-17")
HOME_NOVERSION = doc(allow(["s3:GetObject", "s3:PutObject"], "arn:aws:s3:::mybucket/${aws:username}/*",
                           sid="OwnFolder"), version=None)
PREFIX = doc(allow("s3:ListBucket", "arn:aws:s3:::mybucket", sid="ListOwnPrefix",
                   condition={"StringLike": {"s3:prefix": ["", "home/", "home/${aws:username}/*"]}}))
PREFIX_DEFAULT = doc(allow("s3:ListBucket", "arn:aws:s3:::mybucket", sid="ListOwnPrefix",
                           condition={"StringLike": {"s3:prefix": "home/${aws:username, 'anonymous'}/*"}}))
TEAM_MATCH = doc(allow("s3:GetObject", "*", sid="SameTeam",
                       condition={"StringEquals": {"aws:ResourceTag/team": "${aws:PrincipalTag/team}"}}))


def v(id, identity, resource, context, expect, action="s3:GetObject", source=VARS, note=""):
    return Case(id, source, action, resource, expect, identity=[identity], context=context,
                missing="identity" if expect == IMPLICIT else None, note=note)


CASES = [
    v("var-username-in-resource-own-folder", HOME, "arn:aws:s3:::mybucket/David/notes.txt",
      {"aws:username": "David"}, ALLOWED),
    v("var-username-in-resource-other-folder", HOME, "arn:aws:s3:::mybucket/Adele/notes.txt",
      {"aws:username": "David"}, IMPLICIT),
    v("var-username-missing-no-match", HOME, "arn:aws:s3:::mybucket/David/notes.txt", {}, IMPLICIT,
      note="aws:username is not present (e.g. an assumed role): the Resource does not match."),
    v("var-username-substituted-value-case-sensitive", HOME, "arn:aws:s3:::mybucket/David/notes.txt",
      {"aws:username": "david"}, IMPLICIT),
    v("var-name-case-insensitive", doc(allow("s3:GetObject", "arn:aws:s3:::mybucket/${AWS:UserName}/*",
                                             sid="OwnFolder")),
      "arn:aws:s3:::mybucket/David/notes.txt", {"aws:username": "David"}, ALLOWED,
      note="Key names are case-insensitive, also inside ${...}."),
    v("var-not-literal-in-2012-version", HOME, "arn:aws:s3:::mybucket/${aws:username}/notes.txt",
      {"aws:username": "David"}, IMPLICIT),
    v("var-literal-in-2008-version", HOME_2008, "arn:aws:s3:::mybucket/${aws:username}/notes.txt",
      {"aws:username": "David"}, ALLOWED,
      note="Earlier versions of the policy language don't support variables: the text is literal."),
    v("var-not-substituted-in-2008-version", HOME_2008, "arn:aws:s3:::mybucket/David/notes.txt",
      {"aws:username": "David"}, IMPLICIT),
    v("var-not-substituted-without-version", HOME_NOVERSION, "arn:aws:s3:::mybucket/David/notes.txt",
      {"aws:username": "David"}, IMPLICIT,
      note="Without a Version element, variables are treated as literal strings."),
    v("var-literal-without-version", HOME_NOVERSION, "arn:aws:s3:::mybucket/${aws:username}/notes.txt",
      {"aws:username": "David"}, ALLOWED),
    v("var-in-arn-resource-part-queue", doc(allow("sqs:*", "arn:aws:sqs:us-east-2:*:${aws:username}-queue",
                                                  sid="AllQueueActions")),
      f"arn:aws:sqs:us-east-2:{ACCT}:David-queue", {"aws:username": "David"}, ALLOWED,
      action="sqs:SendMessage"),
    v("var-principal-tag-in-resource", doc(allow("s3:GetObject", "arn:aws:s3:::bucket/${aws:PrincipalTag/department}",
                                                 sid="DeptObject")),
      "arn:aws:s3:::bucket/hr", {"aws:PrincipalTag/department": "hr"}, ALLOWED),
    v("var-principal-tag-in-resource-other", doc(allow("s3:GetObject", "arn:aws:s3:::bucket/${aws:PrincipalTag/department}",
                                                       sid="DeptObject")),
      "arn:aws:s3:::bucket/finance", {"aws:PrincipalTag/department": "hr"}, IMPLICIT),
    v("var-principal-tag-in-condition-equal", TEAM_MATCH, "arn:aws:s3:::b/k",
      {"aws:PrincipalTag/team": "ml", "aws:ResourceTag/team": "ml"}, ALLOWED),
    v("var-principal-tag-in-condition-different", TEAM_MATCH, "arn:aws:s3:::b/k",
      {"aws:PrincipalTag/team": "ml", "aws:ResourceTag/team": "web"}, IMPLICIT),
    v("var-principal-tag-missing-in-condition", TEAM_MATCH, "arn:aws:s3:::b/k",
      {"aws:ResourceTag/team": "ml"}, IMPLICIT),
    v("var-in-string-like-prefix-own", PREFIX, "arn:aws:s3:::mybucket",
      {"aws:username": "alice", "s3:prefix": "home/alice/photos/"}, ALLOWED, action="s3:ListBucket",
      source=OPS_STRING),
    v("var-in-string-like-prefix-other", PREFIX, "arn:aws:s3:::mybucket",
      {"aws:username": "alice", "s3:prefix": "home/bob/"}, IMPLICIT, action="s3:ListBucket",
      source=OPS_STRING),
    v("var-in-string-like-listed-literal-values", PREFIX, "arn:aws:s3:::mybucket",
      {"aws:username": "alice", "s3:prefix": "home/"}, ALLOWED, action="s3:ListBucket",
      source=OPS_STRING),
    v("var-default-used-when-key-missing", PREFIX_DEFAULT, "arn:aws:s3:::mybucket",
      {"s3:prefix": "home/anonymous/readme"}, ALLOWED, action="s3:ListBucket", source=VARS_DEFAULT),
    v("var-default-ignored-when-key-present", PREFIX_DEFAULT, "arn:aws:s3:::mybucket",
      {"aws:username": "alice", "s3:prefix": "home/anonymous/readme"}, IMPLICIT,
      action="s3:ListBucket", source=VARS_DEFAULT),
    v("var-default-key-present-uses-value", PREFIX_DEFAULT, "arn:aws:s3:::mybucket",
      {"aws:username": "alice", "s3:prefix": "home/alice/readme"}, ALLOWED, action="s3:ListBucket",
      source=VARS_DEFAULT),
    v("var-default-in-resource", doc(allow("s3:GetObject", "arn:aws:s3:::bucket/${aws:userid, 'anonymous'}/*",
                                           sid="ByUserId")),
      "arn:aws:s3:::bucket/anonymous/file", {}, ALLOWED, source=VARS_DEFAULT),
    v("var-special-star-is-literal-star", doc(allow("s3:GetObject", "arn:aws:s3:::bucket/${*}", sid="Star")),
      "arn:aws:s3:::bucket/*", {}, ALLOWED, source=VARS_SPECIAL),
    v("var-special-star-is-not-wildcard", doc(allow("s3:GetObject", "arn:aws:s3:::bucket/${*}", sid="Star")),
      "arn:aws:s3:::bucket/anything", {}, IMPLICIT, source=VARS_SPECIAL),
    v("var-special-question-is-literal", doc(allow("s3:ListBucket", "*", sid="Q",
                                                   condition={"StringLike": {"s3:prefix": "what${?}"}})),
      "arn:aws:s3:::b", {"s3:prefix": "what?"}, ALLOWED, action="s3:ListBucket", source=VARS_SPECIAL),
    v("var-special-question-is-not-wildcard", doc(allow("s3:ListBucket", "*", sid="Q",
                                                        condition={"StringLike": {"s3:prefix": "what${?}"}})),
      "arn:aws:s3:::b", {"s3:prefix": "whatX"}, IMPLICIT, action="s3:ListBucket", source=VARS_SPECIAL),
    v("var-special-dollar", doc(allow("s3:ListBucket", "*", sid="Dollar",
                                      condition={"StringEquals": {"s3:prefix": "cost${$}"}})),
      "arn:aws:s3:::b", {"s3:prefix": "cost$"}, ALLOWED, action="s3:ListBucket", source=VARS_SPECIAL),
    v("var-two-variables-in-one-resource", doc(allow("s3:GetObject",
                                                     "arn:aws:s3:::bucket/${aws:PrincipalTag/team}/${aws:username}/*",
                                                     sid="TeamUser")),
      "arn:aws:s3:::bucket/ml/alice/x.txt", {"aws:PrincipalTag/team": "ml", "aws:username": "alice"},
      ALLOWED),
]
