"""The sandbox's AWS Organization: the SCPs that apply to the sandbox's account, kept in moto's model.

The sandbox's account is a **member** account (SCPs do not restrict the management account, so the
learner's account cannot be that one), under one OU, under the root:

    root r-…  ──  OU "workbook" ou-…  ──  account 111122223333 (the sandbox's)

The organization's management account is MANAGEMENT_ACCOUNT, which no client signs as. It has
delegated policy management to the sandbox's account (AWS's "delegated administrator for AWS
Organizations", a resource-based delegation policy), so the learner's own principals can create,
attach, detach and list SCPs with `boto3.client("organizations")` (`organizations_api.py`), as a
delegated administrator can; everything else only the management account may do is refused.

`scps` is what the evaluator enforces: one list of parsed policies per level (root, OU, account),
each named by its ARN so a refusal can quote it; None while every level holds only AWS's
FullAWSAccess (the same decisions with no SCP layer, and the outputs stay as they were).
`set_scps(levels)` is the old sandbox-only shortcut, now written into the same state.
"""
from __future__ import annotations

import json
import threading
from collections.abc import Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime

from moto.moto_api._internal import mock_random
from moto.organizations import utils
from moto.organizations.models import (FakeAccount, FakeOrganization, FakeOrganizationalUnit, FakePolicy, FakeRoot,
                                       OrganizationsBackend, organizations_backends)

from helpers.policy import Policy
from helpers.policy.examples import ALLOW_ALL

MANAGEMENT_ACCOUNT = "444455556666"
OU_NAME = "workbook"
SCP = "SERVICE_CONTROL_POLICY"
FULL_AWS_ACCESS = ALLOW_ALL  # AWS's managed SCP FullAWSAccess says exactly that
AWS_MANAGED_SCP_ARN = "arn:{0}:organizations::aws:policy/service_control_policy/{3}"
_CREATED = datetime(2025, 1, 6)  # when the accounts joined (naive UTC, as moto keeps times): fixed, for stable outputs
_SEED = 7  # the organization's own id generator, so its ids never shift the IAM ids notebooks print


class Organization:
    """The organization the sandbox's account belongs to, and the SCPs that apply to that account."""

    def __init__(self, account: str = "111122223333"):
        self.account = account
        self.lock = threading.RLock()
        self._ids = mock_random.__class__()
        self._parsed: dict[tuple[str, str], Policy] = {}
        self.reset()

    @property
    def backend(self) -> OrganizationsBackend:
        return organizations_backends[MANAGEMENT_ACCOUNT]["aws"]

    @contextmanager
    def own_ids(self):
        """Draw moto's random ids (org, root, OU, policy) from the organization's seeded generator."""
        with self.lock:
            outer = mock_random.getstate()
            mock_random.setstate(self._ids.getstate())
            try:
                yield
            finally:
                self._ids.setstate(mock_random.getstate())
                mock_random.setstate(outer)

    def reset(self) -> None:
        """The organization as set up: FullAWSAccess on the root, the OU and the account, nothing else."""
        with self.lock:
            self._ids.seed(_SEED)
            with self.own_ids():
                backend = self.backend
                backend._reset()
                organizations_backends.master_accounts[self.account] = (MANAGEMENT_ACCOUNT, "aws")
                backend.org = org = FakeOrganization(MANAGEMENT_ACCOUNT, region_name="us-east-1", feature_set="ALL")
                root = FakeRoot(org)
                root.add_policy_type(SCP)
                ou = FakeOrganizationalUnit(org, Name=OU_NAME, ParentId=root.id)
                backend.ou += [root, ou]
                backend.accounts += [_account(org, MANAGEMENT_ACCOUNT, "management", root.id, "CREATED"),
                                     _account(org, self.account, "workbook", ou.id, "INVITED")]
                full = FakePolicy(org, Name="FullAWSAccess", Description="Allows access to every operation",
                                  Type=SCP, Content=json.dumps(FULL_AWS_ACCESS))
                full.id, full.aws_managed = utils.DEFAULT_SCP_POLICY_ID, True
                full._arn_format = AWS_MANAGED_SCP_ARN  # AWS's own policy, not the organization's
                backend.policies.append(full)
                for target in (root.id, ou.id, MANAGEMENT_ACCOUNT, self.account):
                    backend.attach_policy(PolicyId=full.id, TargetId=target)

    # --- what the evaluator enforces -----------------------------------------------------------
    def chain(self) -> list:
        """The root, the OUs and the account, from the top down: one SCP level each."""
        backend = self.backend
        nodes = {node.id: node for node in backend.ou}
        node = next(a for a in backend.accounts if a.id == self.account)
        chain = [node]
        while node.parent_id in nodes:
            node = nodes[node.parent_id]
            chain.append(node)
        return chain[::-1]

    @property
    def scps(self) -> list[list[Policy]] | None:
        with self.lock:
            levels = [[p for p in node.attached_policies if p.type == SCP] for node in self.chain()]
            if all([p.id for p in level] == [utils.DEFAULT_SCP_POLICY_ID] for level in levels):
                return None
            return [[self._policy(p) for p in level] for level in levels]

    def _policy(self, policy: FakePolicy) -> Policy:
        key = (policy.arn, policy.content)
        if key not in self._parsed:
            self._parsed[key] = Policy(policy.content, name=policy.arn)
        return self._parsed[key]

    # --- the sandbox-only shortcut -------------------------------------------------------------
    def set_scps(self, levels: Sequence[Sequence[Mapping | str]] | None) -> None:
        """Attach these SCPs, one list per level from the root down (root; root and account; or root,
        OU and account), each level holding exactly what is listed (FullAWSAccess only where listed);
        None: the organization as set up. The same state the Organizations API changes.

        Each document is parsed here, so a malformed one raises PolicyError in the cell that sets it."""
        with self.lock:
            self.reset()
            if levels is None:
                return
            if not 1 <= len(levels) <= 3:
                raise ValueError(f"give 1 to 3 SCP levels (root, OU, account), not {len(levels)}")
            for level, docs in enumerate(levels):  # parse them all before changing anything
                for i, doc in enumerate(docs):
                    Policy(doc, name=f"SCP level {level} #{i + 1}")
            chain = self.chain()
            targets = {1: [chain[0]], 2: [chain[0], chain[-1]], 3: chain}[len(levels)]
            with self.own_ids():
                for level, (target, docs) in enumerate(zip(targets, levels)):
                    self.backend.detach_policy(PolicyId=utils.DEFAULT_SCP_POLICY_ID, TargetId=target.id)
                    for i, doc in enumerate(docs):
                        text = doc if isinstance(doc, str) else json.dumps(doc)
                        if json.loads(text) == FULL_AWS_ACCESS:
                            policy_id = utils.DEFAULT_SCP_POLICY_ID
                        else:
                            policy_id = self.backend.create_policy(
                                Name=f"sandbox-level-{level}-{i + 1}", Description="Set with set_scps",
                                Type=SCP, Content=text)["Policy"]["PolicySummary"]["Id"]
                        self.backend.attach_policy(PolicyId=policy_id, TargetId=target.id)


def _account(org: FakeOrganization, account_id: str, name: str, parent_id: str, joined: str) -> FakeAccount:
    """An account record without FakeAccount's side effect (a role made in that account's IAM)."""
    account = FakeAccount.__new__(FakeAccount)
    account.__dict__.update(
        type="ACCOUNT", region=org.region, organization_id=org.id, master_account_id=org.master_account_id,
        create_account_status_id="car-" + account_id, id=account_id, name=name, email=f"{name}@example.com",
        create_time=_CREATED, status="ACTIVE", state="ACTIVE", joined_method=joined, parent_id=parent_id,
        attached_policies=[], tags={})
    return account
