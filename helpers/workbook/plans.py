"""What each notebook makes on a live account, and which permissions its learner's own calls need.

`AwsCourse.preflight()` reads the plan of the notebook named in `workbook.setup(..., notebook="02")`,
says what the run will create, and checks every need with IAM's policy simulator before anything is
made. A need is an action on a resource ARN, with the condition keys the request will carry.
Templates: `{account}`, `{region}`, `{prefix}`, `{model}` (the `model` parameter: an inference profile
or a model id), `{foundation}` (the model behind it: a profile's id without its geography).

Only calls made with the learner's credentials are needs. Calls made with a key, or as a user or
role the notebook creates, are authorized by that principal's policies, which the notebook writes.
Every plan includes what `course.clean_up()` needs (`CLEAN_UP`). A notebook added to the course adds
its plan here; the tests check each plan against the workshop's participant policy.
"""
from __future__ import annotations

from dataclasses import dataclass, field

LIMITED = "arn:aws:iam::aws:policy/AmazonBedrockLimitedAccess"
MANTLE = "arn:aws:iam::aws:policy/AmazonBedrockMantleInferenceAccess"
USER = "arn:aws:iam::{account}:user/{prefix}-%s"
POLICY = "arn:aws:iam::{account}:policy/{prefix}-%s"
ROLE = "arn:aws:iam::{account}:role/{prefix}-%s"
PROFILE = "arn:aws:bedrock:{region}:{account}:inference-profile/{model}"
FOUNDATION = "arn:aws:bedrock:{region}::foundation-model/{foundation}"


@dataclass(frozen=True)
class Need:
    action: str
    resource: str = "*"
    context: tuple[tuple[str, str], ...] = ()  # condition keys the request carries

    def filled(self, **values) -> "Need":
        return Need(self.action, self.resource.format(**values),
                    tuple((k, v.format(**values)) for k, v in self.context))

    def __str__(self) -> str:
        when = "".join(f" with {k}={v}" for k, v in self.context)
        return f"{self.action} on {self.resource}{when}"


@dataclass(frozen=True)
class Plan:
    makes: tuple[tuple[str, str, str], ...]  # (kind "user" | "role" | "policy", name after the prefix, with what)
    needs: tuple[Need, ...] = field(default=())

    def creates(self, prefix: str) -> list[str]:
        """What the run makes, said to the learner: "IAM user wb-caller, with ..."."""
        return [f"IAM {kind} {prefix}-{name}" + (f", {detail}" if detail else "") for kind, name, detail in self.makes]


def _on(resource: str, *actions: str, **context: str) -> tuple[Need, ...]:
    keys = tuple((k.replace("__", ":"), v) for k, v in context.items())
    return tuple(Need(a, resource, keys) for a in actions)


def _user_removed(name: str) -> tuple[Need, ...]:
    return _on(USER % name, "iam:ListServiceSpecificCredentials", "iam:DeleteServiceSpecificCredential",
               "iam:ListAccessKeys", "iam:DeleteAccessKey", "iam:ListUserPolicies", "iam:DeleteUserPolicy",
               "iam:ListAttachedUserPolicies", "iam:DetachUserPolicy", "iam:DeleteUser")


def _role_removed(name: str) -> tuple[Need, ...]:
    return _on(ROLE % name, "iam:ListRolePolicies", "iam:DeleteRolePolicy", "iam:ListAttachedRolePolicies",
               "iam:DetachRolePolicy", "iam:DeleteRole")


def _key_user(name: str, policy_arn: str | None = LIMITED, inline: bool = False) -> tuple[Need, ...]:
    """An IAM user with a long-term key: created, given its policy, and removed again."""
    needs = _on(USER % name, "iam:CreateUser") + _on(
        USER % name, "iam:CreateServiceSpecificCredential",
        iam__ServiceSpecificCredentialServiceName="bedrock.amazonaws.com")
    if policy_arn:
        needs += _on(USER % name, "iam:AttachUserPolicy", iam__PolicyARN=policy_arn)
    if inline:
        needs += _on(USER % name, "iam:PutUserPolicy")
    return needs + _user_removed(name)


def _policy_removed(name: str) -> tuple[Need, ...]:
    return _on(POLICY % name, "iam:ListEntitiesForPolicy", "iam:ListPolicyVersions", "iam:DeletePolicyVersion",
               "iam:DeletePolicy")


def _keys_managed(name: str) -> tuple[Need, ...]:
    return _on(USER % name, "iam:ListServiceSpecificCredentials", "iam:UpdateServiceSpecificCredential",
               "iam:ResetServiceSpecificCredential", "iam:DeleteServiceSpecificCredential")


def _reads(policy_arn: str) -> tuple[Need, ...]:
    return _on(policy_arn, "iam:GetPolicy", "iam:GetPolicyVersion")


# What course.clean_up() lists in every notebook (ListUsers, ListRoles and ListPolicies take "*").
CLEAN_UP = _on("*", "iam:ListUsers", "iam:ListRoles", "iam:ListPolicies")
# Bedrock called with the learner's own credentials (SigV4, or a short-term key made from them).
INVOKE = (_on(PROFILE, "bedrock:InvokeModel", aws__RequestedRegion="{region}")
          + _on(FOUNDATION, "bedrock:InvokeModel", aws__RequestedRegion="{region}"))
# A short-term key made from the learner's own credentials, used on bedrock-runtime.
SHORT_TERM_KEY = _on("*", "bedrock:CallWithBearerToken", bedrock__bearerTokenType="SHORT_TERM")
# Calls a notebook makes that it does without when refused, so the preflight does not ask for them.
OPTIONAL = {
    "organizations:ListPolicies": "the clean-up looks for SCPs that notebook 09 made; an account that may not "
                                  "list SCPs has none of them",
    "iam:SimulatePrincipalPolicy": "the preflight itself: a caller who may not simulate is warned and the run goes on",
}

PLANS: dict[str, Plan] = {
    "00": Plan(makes=(), needs=_on(PROFILE, "bedrock:GetInferenceProfile") + CLEAN_UP),
    "01": Plan(
        makes=(("user", "no-bearer", "with an inline policy and an access key"),),
        needs=INVOKE + SHORT_TERM_KEY
        + _on(USER % "no-bearer", "iam:CreateUser", "iam:PutUserPolicy", "iam:CreateAccessKey")
        + _user_removed("no-bearer") + CLEAN_UP),
    "02": Plan(
        makes=(("user", "key-user", "with AmazonBedrockLimitedAccess and two long-term keys"),),
        needs=_key_user("key-user") + _on(USER % "key-user", "iam:ListAttachedUserPolicies",
                                          "iam:UpdateServiceSpecificCredential")
        + _reads(LIMITED) + CLEAN_UP),
    "03": Plan(
        makes=(("role", "app-role", "with AmazonBedrockLimitedAccess, assumed twice for an hour's session"),),
        needs=_on(ROLE % "app-role", "iam:CreateRole", "iam:GetRole") + _on(ROLE % "app-role", "iam:AttachRolePolicy",
                                                             iam__PolicyARN=LIMITED)
        + _on(ROLE % "app-role", "sts:AssumeRole") + _role_removed("app-role") + CLEAN_UP),
    "04": Plan(
        makes=(("user", "caller", "with AmazonBedrockLimitedAccess, an inline policy and a one-day long-term key"),),
        needs=_key_user("caller", inline=True) + _reads(LIMITED) + INVOKE + CLEAN_UP),
    "05": Plan(
        makes=(("user", "sdk-user", "with an inline policy, AmazonBedrockMantleInferenceAccess and a one-day "
                                    "long-term key"),),
        needs=_key_user("sdk-user", policy_arn=MANTLE, inline=True) + _reads(LIMITED) + _reads(MANTLE)
        + _on("*", "bedrock:ListFoundationModels") + CLEAN_UP),
    "06": Plan(
        makes=(("user", "haiku-user", "with a one-model inline policy in place of AmazonBedrockLimitedAccess, "
                                      "and a one-day long-term key"),),
        needs=_key_user("haiku-user", inline=True) + _on(PROFILE, "bedrock:GetInferenceProfile")
        + _on("*", "bedrock:ListInferenceProfiles")
        # exercise 2 asks us-west-2 for the Haiku 5.5 profile, whatever the notebook's Region
        + _on("arn:aws:bedrock:us-west-2:{account}:inference-profile/us.anthropic.claude-haiku-5-5",
              "bedrock:GetInferenceProfile") + CLEAN_UP),
    "07": Plan(
        makes=(("user", "key-user", "with an inline policy rewritten along the way, long-term keys and an access key"),
               ("user", "explorer-user", "the policy explorer's key user, with the policy you edit and its keys")),
        needs=_key_user("key-user", policy_arn=None, inline=True) + _keys_managed("key-user")
        + _key_user("explorer-user", policy_arn=None, inline=True)
        + _on(USER % "explorer-user", "iam:GetUser", "iam:CreateAccessKey")
        + _on(USER % "key-user", "iam:CreateAccessKey")
        + _on(PROFILE, "bedrock:GetInferenceProfile") + _on("*", "bedrock:ListInferenceProfiles") + CLEAN_UP),
    "08": Plan(
        makes=(("user", "app-user", "with AmazonBedrockLimitedAccess and long-term keys it rotates"),
               ("role", "app-role", "with AmazonBedrockLimitedAccess, a revoke-sessions inline policy and "
                                    "{prefix}-deny-api-keys, assumed for short-term keys"),
               ("policy", "deny-api-keys", "a customer managed policy that denies key use")),
        needs=_key_user("app-user") + _keys_managed("app-user") + INVOKE + SHORT_TERM_KEY
        + _on(ROLE % "app-role", "iam:CreateRole", "iam:PutRolePolicy", "sts:AssumeRole")
        + _on(ROLE % "app-role", "iam:AttachRolePolicy", iam__PolicyARN=LIMITED)
        + _on(ROLE % "app-role", "iam:AttachRolePolicy", iam__PolicyARN=POLICY % "deny-api-keys")
        + _role_removed("app-role") + _on(POLICY % "deny-api-keys", "iam:CreatePolicy")
        + _policy_removed("deny-api-keys") + CLEAN_UP),
    "09": Plan(
        makes=(("user", "key-user", "with AmazonBedrockLimitedAccess, AmazonBedrockMantleInferenceAccess and "
                                    "long-term keys"),
               ("user", "team-user", "with long-term keys of several ages, for the key audit")),
        needs=_key_user("key-user") + _on(USER % "key-user", "iam:AttachUserPolicy", iam__PolicyARN=MANTLE)
        + _keys_managed("key-user") + _key_user("team-user", policy_arn=None) + INVOKE + SHORT_TERM_KEY
        # the learner's own short-term key on bedrock-mantle, which the guardrail then denies
        + _on("*", "bedrock-mantle:CallWithBearerToken", **{"bedrock-mantle__BearerTokenType": "SHORT_TERM"})
        + _on("arn:aws:bedrock-mantle:{region}:{account}:project/default", "bedrock-mantle:CreateInference")
        # the key audit lists every user's long-term keys (metadata, never the secrets)
        + _on("arn:aws:iam::{account}:user/*", "iam:ListServiceSpecificCredentials")
        # AWS's SCPs, created, attached to this account, detached and deleted (a delegated administrator's calls)
        + _on("*", "organizations:ListPoliciesForTarget", "organizations:ListPolicies",
              "organizations:ListTargetsForPolicy", "organizations:CreatePolicy", "organizations:AttachPolicy",
              "organizations:DetachPolicy", "organizations:DeletePolicy") + CLEAN_UP),
    # 10 runs notebook 01 live under the prefix "<prefix>-live": its user, checked here before the run
    "10": Plan(
        makes=(("user", "live-no-bearer", "made and removed by the live run of notebook 01"),),
        needs=INVOKE + SHORT_TERM_KEY
        + _on(USER % "live-no-bearer", "iam:CreateUser", "iam:PutUserPolicy", "iam:CreateAccessKey")
        + _user_removed("live-no-bearer") + CLEAN_UP),
}


# The geography prefixes of system-defined inference profile ids (us., eu., jp., global., ...).
GEOGRAPHIES = ("us", "eu", "apac", "jp", "au", "in", "ca", "us-gov", "global")


def foundation_of(model: str) -> str:
    """`us.anthropic.claude-haiku-4-5-20251001-v1:0` -> `anthropic.claude-haiku-4-5-20251001-v1:0`."""
    head, _, rest = model.partition(".")
    return rest if head in GEOGRAPHIES and rest else model


def needs_of(notebook: str, *, account: str, region: str, prefix: str, model: str,
             destinations: tuple[str, ...] = (), is_global: bool = False) -> list[Need]:
    """The filled-in needs of `notebook`'s plan, each once, in order.

    For an inference profile, a call is authorized on the profile and on its model in the Region it
    lands in (inference-profiles-prereq), so each model need is repeated for every destination Region
    in `destinations`, with the profile's ARN as `bedrock:InferenceProfileArn`; a global profile also
    needs the Region-less model ARN (global-cross-region-inference)."""
    values = dict(account=account, region=region, prefix=prefix, model=model, foundation=foundation_of(model))
    needs = [n.filled(**values) for n in PLANS[notebook].needs]
    if model != values["foundation"]:
        here, through = FOUNDATION.format(**values), (("bedrock:InferenceProfileArn", PROFILE.format(**values)),)
        landing = [*destinations, *([""] if is_global else [])]
        needs += [Need(n.action, FOUNDATION.format(**{**values, "region": where}), through)
                  for n in list(needs) if n.resource == here for where in landing]
    return list(dict.fromkeys(needs))
