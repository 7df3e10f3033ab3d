"""The IAM users the probes act as: made on the target account first, removed at the end whatever happens.

Each holds exactly the permissions its probes need to show one behaviour (a key that may only be
used, a key that may also invoke, a user that may create its own keys under an age condition, a role
whose session makes a short-term key), so an answer says which rule AWS applies. All are named
`<prefix>-cf-<role>`; the clean-up removes every user and role whose name starts so, and nothing else.
"""
from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from datetime import timedelta

from botocore.credentials import CredentialProvider, Credentials

BEDROCK = "bedrock.amazonaws.com"
_USE_KEYS = {"Effect": "Allow", "Action": ["bedrock:CallWithBearerToken", "bedrock-mantle:CallWithBearerToken"],
             "Resource": "*"}
POLICIES = {
    # A key that may be used but not invoke anything: the refusal names the action a call needs.
    "key-only": [_USE_KEYS],
    # A key that may invoke every model, on both endpoints.
    "invoker": [_USE_KEYS, {"Effect": "Allow", "Resource": "*", "Action": [
        "bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream", "bedrock:CountTokens",
        "bedrock-mantle:CreateInference", "bedrock:ListFoundationModels", "bedrock-mantle:ListModels"]}],
    # May make its own Bedrock keys of at most 90 days: what does the condition see when no age is sent?
    "creator": [{"Effect": "Allow", "Resource": "arn:aws:iam::*:user/${aws:username}",
                 "Action": ["iam:CreateServiceSpecificCredential"],
                 "Condition": {"NumericLessThanEquals": {"iam:ServiceSpecificCredentialAgeDays": "90"}}},
                {"Effect": "Allow", "Resource": "arn:aws:iam::*:user/${aws:username}",
                 "Action": ["iam:DeleteServiceSpecificCredential", "iam:ListServiceSpecificCredentials"]}],
}
POLICIES["spare"] = POLICIES["invoker"]  # its key is deactivated, and it is given a third key
POLICIES["retired"] = POLICIES["invoker"]  # its key is reset; a second one is made and deleted
# May invoke only when the key's type is LONG_TERM: is `bedrock:bearerTokenType` on InvokeModel too?
POLICIES["typed"] = [_USE_KEYS, {"Effect": "Allow", "Resource": "*", "Action": "bedrock:InvokeModel",
                                 "Condition": {"StringEquals": {"bedrock:bearerTokenType": "LONG_TERM"}}}]
# May invoke a global profile and the model in every named Region, but not the Region-less model ARN
# (`?*` needs at least one character where the Region goes).
POLICIES["global"] = [_USE_KEYS, {"Effect": "Allow", "Action": "bedrock:InvokeModel", "Resource": [
    "arn:aws:bedrock:*:*:inference-profile/global.*", "arn:aws:bedrock:?*::foundation-model/*"]}]
# May only assume the probe roles (`<prefix>` is filled in when the policy is written).
POLICIES["assumer"] = [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "arn:aws:iam::*:role/<prefix>-cf-*"}]
WITH_KEY = ("key-only", "invoker", "spare", "retired", "typed", "global")  # get a long-term key (one day)
WITH_ACCESS_KEY = ("invoker", "creator", "assumer")  # get an access key (short-term keys; SigV4 calls)
# Roles, trusted by the account (so a user allowed sts:AssumeRole on them may assume them).
ROLES = {
    "session": POLICIES["invoker"],  # its session makes a short-term key; then its sessions are revoked
    # May list keys (metadata only), so a refusal to a call with no UserName is not about permission;
    # may assume the probe roles, so its session can chain.
    "lister": [{"Effect": "Allow", "Action": "iam:ListServiceSpecificCredentials", "Resource": "*"},
               {"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "arn:aws:iam::*:role/<prefix>-cf-*"}],
}
MAX_SESSION = 7200  # each role's MaxSessionDuration: two hours, so a chained hour-and-more fits the role's own limit


class _Fixed(CredentialProvider):
    """aws-bedrock-token-generator takes a provider; this one gives a probe user's access key."""
    METHOD = "conformance-probe-user"

    def __init__(self, credentials: Credentials):
        super().__init__()
        self._credentials = credentials

    def load(self) -> Credentials:
        return self._credentials


@dataclass
class Principals:
    session: object           # boto3.Session with the caller's credentials
    prefix: str
    settle_seconds: float = 0.0
    made: list[str] = field(default_factory=list)
    _keys: dict[str, str] = field(default_factory=dict, repr=False)
    made_keys: dict[str, dict] = field(default_factory=dict, repr=False)  # CreateServiceSpecificCredential's answer
    _access: dict[str, Credentials] = field(default_factory=dict, repr=False)
    role_arns: dict[str, str] = field(default_factory=dict)

    def name(self, role: str) -> str:
        return f"{self.prefix}-cf-{role}"

    def owns(self, name: str) -> bool:
        return name.startswith(f"{self.prefix}-cf-")

    def make_all(self) -> None:
        """Every probe user, its policy and keys; then one wait for IAM (on AWS) instead of one per probe."""
        iam = self.session.client("iam")
        for role, statements in POLICIES.items():
            user = self.name(role)
            account = iam.create_user(UserName=user)["User"]["Arn"].split(":")[4]
            self.made.append(user)
            iam.put_user_policy(UserName=user, PolicyName="probe", PolicyDocument=self._document(statements))
            if role in WITH_KEY:
                made = iam.create_service_specific_credential(UserName=user, ServiceName=BEDROCK, CredentialAgeDays=1)
                self._keys[role] = made["ServiceSpecificCredential"]["ServiceCredentialSecret"]
                self.made_keys[role] = made["ServiceSpecificCredential"]
            if role in WITH_ACCESS_KEY:
                made = iam.create_access_key(UserName=user)["AccessKey"]
                self._access[role] = Credentials(made["AccessKeyId"], made["SecretAccessKey"])
        trust = {"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{account}:root"}, "Action": "sts:AssumeRole"}]}
        for role, statements in ROLES.items():
            self.role_arns[role] = iam.create_role(RoleName=self.name(role), AssumeRolePolicyDocument=json.dumps(trust),
                                                   MaxSessionDuration=MAX_SESSION)["Role"]["Arn"]
            self.made.append(self.name(role))
            iam.put_role_policy(RoleName=self.name(role), PolicyName="probe", PolicyDocument=self._document(statements))
        time.sleep(self.settle_seconds)

    def _document(self, statements: list[dict]) -> str:
        text = json.dumps({"Version": "2012-10-17", "Statement": statements})
        return text.replace("<prefix>-", f"{self.prefix}-")

    def key(self, role: str) -> str:
        """The long-term key of `role` (never printed: answers are masked)."""
        return self._keys[role]

    def credentials(self, role: str) -> Credentials:
        return self._access[role]

    def short_term_key(self, role: str, region: str, expiry: timedelta = timedelta(minutes=15),
                       credentials: Credentials | None = None) -> str:
        """A short-term key made from `role`'s access key (or from `credentials`, a session's)."""
        from aws_bedrock_token_generator import provide_token

        return provide_token(region=region, aws_credentials_provider=_Fixed(credentials or self._access[role]),
                             expiry=expiry)

    def remove(self) -> list[str]:
        """Remove every `<prefix>-cf-` user with its keys and policy; returns what it removed."""
        from helpers.workbook import cleanup

        iam = self.session.client("iam")
        return cleanup.remove(iam, cleanup.clean_up_plan(iam, self.prefix, owns=self.owns))

    def left_behind(self) -> list[str]:
        from helpers.workbook import cleanup

        return cleanup.describe(cleanup.clean_up_plan(self.session.client("iam"), self.prefix, owns=self.owns))
