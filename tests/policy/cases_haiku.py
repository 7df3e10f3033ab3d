"""The seed's Haiku-only policy for an API-key user, and an SCP on key types.

Reconstructed from the reference sheet §5 (three statements): CallWithBearerToken on *;
InvokeModel* on the US Claude 3 Haiku inference profile in us-west-2 (account 111122223333);
InvokeModel* on the Haiku foundation model in us-east-1 and us-west-2 only when
bedrock:InferenceProfileArn matches that profile (StringLike). A cross-region profile call is
authorized on the profile ARN and on the foundation-model ARN in the destination region.
"""
from .cases_base import (ACCT, ALLOWED, API_KEYS_PERMS, EXPLICIT, FULL_AWS_ACCESS, IMPLICIT,
                         INFERENCE_PREREQ, REF_4, REF_5, Case, allow, deny, doc, sids)

PROFILE_ID = "us.anthropic.claude-3-haiku-20240307-v1:0"
PROFILE = f"arn:aws:bedrock:us-west-2:{ACCT}:inference-profile/{PROFILE_ID}"
HAIKU = "anthropic.claude-3-haiku-20240307-v1:0"
SONNET = "anthropic.claude-3-5-sonnet-20240620-v1:0"


def fm(region, model=HAIKU):
    return f"arn:aws:bedrock:{region}::foundation-model/{model}"


HAIKU_ONLY = doc(
    allow("bedrock:CallWithBearerToken", "*", sid="AllowBearerToken"),
    allow("bedrock:InvokeModel*", PROFILE, sid="AllowHaikuProfile"),
    allow("bedrock:InvokeModel*", [fm("us-east-1"), fm("us-west-2")], sid="AllowHaikuThroughProfile",
          condition={"StringLike": {"bedrock:InferenceProfileArn": PROFILE}}),
)
SCP_DENY_LONG_TERM = doc(deny("bedrock:CallWithBearerToken", "*", sid="DenyLongTermKeys",
                              condition={"StringEquals": {"bedrock:bearerTokenType": "LONG_TERM"}}))
SCPS = [[FULL_AWS_ACCESS, SCP_DENY_LONG_TERM]]
VIA = {"bedrock:InferenceProfileArn": PROFILE}


def h(id, action, resource, expect, context=None, source=REF_5, scps=None, **kw):
    if expect == IMPLICIT:
        kw.setdefault("missing", "identity")
    return Case(id, source, action, resource, expect, identity=[HAIKU_ONLY], context=context,
                scps=scps, **kw)


CASES = [
    h("haiku-call-with-bearer-token-allowed", "bedrock:CallWithBearerToken", "*", ALLOWED,
      context={"bedrock:bearerTokenType": "SHORT_TERM"}, sids=sids("AllowBearerToken")),
    h("haiku-invoke-profile-allowed", "bedrock:InvokeModel", PROFILE, ALLOWED,
      sids=sids("AllowHaikuProfile")),
    h("haiku-stream-profile-allowed", "bedrock:InvokeModelWithResponseStream", PROFILE, ALLOWED,
      sids=sids("AllowHaikuProfile")),
    h("haiku-invoke-fm-us-east-1-via-profile", "bedrock:InvokeModel", fm("us-east-1"), ALLOWED,
      context=VIA, source=INFERENCE_PREREQ, sids=sids("AllowHaikuThroughProfile")),
    h("haiku-invoke-fm-us-west-2-via-profile", "bedrock:InvokeModel", fm("us-west-2"), ALLOWED,
      context=VIA, source=INFERENCE_PREREQ, sids=sids("AllowHaikuThroughProfile")),
    h("haiku-stream-fm-us-west-2-via-profile", "bedrock:InvokeModelWithResponseStream",
      fm("us-west-2"), ALLOWED, context=VIA, source=INFERENCE_PREREQ),
    h("haiku-invoke-fm-direct-no-profile-context", "bedrock:InvokeModel", fm("us-west-2"), IMPLICIT,
      context={}, reason="because no identity-based policy allows the bedrock:InvokeModel action",
      note="A direct call to the bare model id carries no bedrock:InferenceProfileArn."),
    h("haiku-invoke-fm-us-east-1-direct", "bedrock:InvokeModel", fm("us-east-1"), IMPLICIT),
    h("haiku-invoke-fm-us-east-2-via-profile", "bedrock:InvokeModel", fm("us-east-2"), IMPLICIT,
      context=VIA, source=INFERENCE_PREREQ,
      note="The profile may route to us-east-2 from there; the policy names only two regions."),
    h("haiku-invoke-eu-profile-denied", "bedrock:InvokeModel",
      f"arn:aws:bedrock:eu-west-1:{ACCT}:inference-profile/eu.anthropic.claude-3-haiku-20240307-v1:0",
      IMPLICIT),
    h("haiku-invoke-fm-eu-west-1-via-eu-profile", "bedrock:InvokeModel", fm("eu-west-1"), IMPLICIT,
      context={"bedrock:InferenceProfileArn":
               f"arn:aws:bedrock:eu-west-1:{ACCT}:inference-profile/eu.anthropic.claude-3-haiku-20240307-v1:0"}),
    h("haiku-invoke-fm-us-west-2-via-other-profile", "bedrock:InvokeModel", fm("us-west-2"), IMPLICIT,
      context={"bedrock:InferenceProfileArn":
               f"arn:aws:bedrock:us-east-1:{ACCT}:inference-profile/{PROFILE_ID}"},
      note="Same profile id called from us-east-1 is a different ARN from the one in the policy."),
    h("haiku-invoke-us-profile-in-us-east-1-denied", "bedrock:InvokeModel",
      f"arn:aws:bedrock:us-east-1:{ACCT}:inference-profile/{PROFILE_ID}", IMPLICIT),
    h("haiku-invoke-profile-other-account-denied", "bedrock:InvokeModel",
      f"arn:aws:bedrock:us-west-2:444455556666:inference-profile/{PROFILE_ID}", IMPLICIT),
    h("haiku-profile-context-case-sensitive", "bedrock:InvokeModel", fm("us-west-2"), IMPLICIT,
      context={"bedrock:InferenceProfileArn": PROFILE.upper()}),
    h("haiku-sonnet-fm-via-profile-denied", "bedrock:InvokeModel", fm("us-west-2", SONNET), IMPLICIT,
      context={"bedrock:InferenceProfileArn":
               f"arn:aws:bedrock:us-west-2:{ACCT}:inference-profile/us.{SONNET}"}),
    h("haiku-sonnet-profile-denied", "bedrock:InvokeModel",
      f"arn:aws:bedrock:us-west-2:{ACCT}:inference-profile/us.{SONNET}", IMPLICIT),
    h("haiku-list-foundation-models-denied", "bedrock:ListFoundationModels", "*", IMPLICIT,
      reason="because no identity-based policy allows the bedrock:ListFoundationModels action"),
    h("haiku-s3-get-object-denied", "s3:GetObject", "arn:aws:s3:::amzn-s3-demo-bucket/k", IMPLICIT,
      reason="because no identity-based policy allows the s3:GetObject action"),
    h("haiku-invoke-wildcard-also-covers-bidirectional", "bedrock:InvokeModelWithBidirectionalStream",
      PROFILE, ALLOWED, source=REF_5,
      note="bedrock:InvokeModel* matches any action name starting InvokeModel (IAM wildcard)."),
    h("haiku-converse-action-name-is-invokemodel", "bedrock:InvokeModel", PROFILE, ALLOWED),
    h("haiku-scp-long-term-key-denied", "bedrock:CallWithBearerToken", "*", EXPLICIT,
      context={"bedrock:bearerTokenType": "LONG_TERM"}, scps=SCPS, source=REF_4,
      sids=sids("DenyLongTermKeys"), reason="with an explicit deny in a service control policy"),
    h("haiku-scp-short-term-key-allowed", "bedrock:CallWithBearerToken", "*", ALLOWED,
      context={"bedrock:bearerTokenType": "SHORT_TERM"}, scps=SCPS, source=REF_4,
      sids=sids("AllowBearerToken", "FullAWSAccess")),
    h("haiku-scp-key-name-case-in-context", "bedrock:CallWithBearerToken", "*", EXPLICIT,
      context={"bedrock:BearerTokenType": "LONG_TERM"}, scps=SCPS, source=REF_4,
      sids=sids("DenyLongTermKeys"),
      note="bedrock:BearerTokenType is the same key as bedrock:bearerTokenType."),
    h("haiku-scp-key-name-case-in-policy", "bedrock:CallWithBearerToken", "*", EXPLICIT,
      context={"bedrock:bearertokentype": "LONG_TERM"}, source=REF_4,
      scps=[[FULL_AWS_ACCESS, doc(deny("bedrock:CallWithBearerToken", "*", sid="DenyLongTermKeys",
                                       condition={"StringEquals": {"bedrock:BearerTokenType": "LONG_TERM"}}))]],
      sids=sids("DenyLongTermKeys")),
    h("haiku-scp-value-case-sensitive", "bedrock:CallWithBearerToken", "*", ALLOWED,
      context={"bedrock:bearerTokenType": "long_term"}, scps=SCPS, source=REF_4,
      note="StringEquals compares values case-sensitively: 'long_term' is not 'LONG_TERM'."),
    h("haiku-scp-long-term-does-not-affect-invoke", "bedrock:InvokeModel", PROFILE, ALLOWED,
      context={"bedrock:bearerTokenType": "LONG_TERM"}, scps=SCPS, source=REF_4,
      note="The SCP denies only CallWithBearerToken; the request as a whole fails at that step."),
    h("haiku-scp-deny-all-bearer-tokens", "bedrock:CallWithBearerToken", "*", EXPLICIT,
      context={"bedrock:bearerTokenType": "SHORT_TERM"}, source=API_KEYS_PERMS,
      scps=[[FULL_AWS_ACCESS, doc(deny("bedrock:CallWithBearerToken", "*", sid="DenyAllKeys"))]],
      sids=sids("DenyAllKeys"), reason="with an explicit deny in a service control policy"),
]
