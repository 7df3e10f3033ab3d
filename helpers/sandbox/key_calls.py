"""What IAM is asked, and would decide, for a Bedrock call made with an API key, without making the call.

    call = key_call("Converse", model, region, account, "SHORT_TERM", now, destination="us-east-2")
    for need, decision in call.decisions(policies):   # in order; stops at the first refused
        ...
    call.refusal                                      # the sandbox's answer before IAM (an unknown model id)

The server decides a call as it arrives: `app` authenticates the key and requires `bearer_need`, the
handlers resolve the model and require each resource. A predictor (the workbook's `decide`) has only
the call's description, so this module answers it from the same code (`bearer_need`,
`runtime.resolve_operation`, `mantle.inference_request`, `authorize.context_keys`) and a prediction and
the sandbox cannot drift apart. Only the caller's identity policies are evaluated: SCPs, boundaries and
session policies are the server's to add.
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from helpers.policy import Decision, Policy, evaluate

from .authorize import context_keys
from .bedrock.mantle import inference_request
from .bedrock.runtime import ACTIONS, OPERATIONS, resolve_operation
from .call import Principal
from .errors import AwsError
from .routing import Router

MANTLE = "Messages on bedrock-mantle"  # inference on bedrock-mantle, asked as one operation
KEY_TYPES = {"SHORT_TERM": "bearer-short", "LONG_TERM": "bearer-long"}  # bedrock:BearerTokenType -> how it authenticated


@dataclass(frozen=True)
class Need:
    """One authorization request of a call: an action on a resource, with the condition keys it adds."""

    action: str
    resource: str
    context: Mapping[str, object] = field(default_factory=dict)


def bearer_need(service: str, key_type: str) -> Need:
    """The first request of every key call: using a key at all (reference §4; mantle has its own prefix)."""
    prefix = "bedrock-mantle" if service == "bedrock-mantle" else "bedrock"
    return Need(f"{prefix}:CallWithBearerToken", "*", {f"{prefix}:BearerTokenType": key_type})


@dataclass(frozen=True)
class KeyCall:
    """A described key call: who makes it, the context IAM sees, and every request IAM decides, in order."""

    principal: Principal
    context: Mapping[str, object]
    needs: tuple[Need, ...]
    refusal: AwsError | None = None  # the sandbox's refusal once `needs` are allowed (none: IAM decides all)

    def decisions(self, policies: list[Policy]) -> Iterator[tuple[Need, Decision]]:
        """Each need with IAM's decision over `policies` (identity policies), up to the first refused."""
        for need in self.needs:
            decision = evaluate(need.action, need.resource, {**self.context, **need.context},
                                identity_policies=policies)
            yield need, decision
            if not decision.allowed:
                return


def key_call(operation: str, model: str, region: str, account: str, key_type: str, now: datetime,
             user: str = "key-user", destination: str | None = None, source_ip: str = "127.0.0.1",
             secure: bool = True) -> KeyCall:
    """The call `user` of `account` makes with a `key_type` key: `operation` one of runtime's OPERATIONS
    (on bedrock-runtime in `region`) or MANTLE, `destination` the Region a profile call is routed to
    (None: the sandbox's default routing); `source_ip` and `secure` as a sandbox call arrives (loopback, TLS)."""
    if key_type not in KEY_TYPES:
        raise ValueError(f"key_type must be one of {tuple(KEY_TYPES)}, not {key_type!r}")
    if operation != MANTLE and operation not in OPERATIONS:
        raise ValueError(f"operation must be one of {(*OPERATIONS, MANTLE)}, not {operation!r}")
    service = "bedrock-mantle" if operation == MANTLE else "bedrock-runtime"
    principal = Principal(arn=f"arn:aws:iam::{account}:user/{user}", kind="user", name=user, account=account,
                          user_id=user, auth=KEY_TYPES[key_type])
    needs = [bearer_need(service, key_type)]
    refusal = None
    if operation == MANTLE:
        needs.append(Need(*inference_request(region, account, model)))
    else:
        router = Router()
        router.route_to(destination)
        segment = OPERATIONS[operation]
        try:
            target = resolve_operation(segment, model, region, account, router)
            needs += [Need(ACTIONS[segment], resource, extra or {}) for resource, extra in target.resources]
        except AwsError as error:
            refusal = error
    context = context_keys(principal, region, now, source_ip, secure)
    return KeyCall(principal, context, tuple(needs), refusal)
