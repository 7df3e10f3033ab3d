"""Long-term Bedrock API keys: `Authorization: Bearer ABSK<base64 of alias:secret>`.

The alias names the IAM user (`<user>-at-<account>`); the whole presented key is compared in
constant time with every stored key of that alias (at most two), and with a dummy when there is
none, so an unknown alias costs the same as a wrong secret. Only an authentic key's state is told:
inactive, revoked or deleted read as invalid, past its CredentialAgeDays as expired.
"""
from __future__ import annotations

import base64
import binascii

from ..call import Principal
from . import errors
from ._common import same

PREFIX = "ABSK"


def _alias(token: str) -> str:
    """The alias the key names (the text before its colon). It only says whose keys to compare with:
    the whole presented key is then compared, so a key of another shape matches none."""
    try:
        return base64.b64decode(token[len(PREFIX):]).decode().partition(":")[0]
    except (binascii.Error, ValueError):  # not base64 of UTF-8 text: no key's
        raise errors.key_invalid() from None


def authenticate(token: str, world) -> Principal:
    alias = _alias(token)
    match = None
    dummy = "A" * len(token)
    for credential in world.service_credentials(alias) or [None]:
        if same(credential.secret if credential else dummy, token):  # the dummy, "AAAA...", is no key
            match = credential
    if match is None or match.status == "Inactive":
        raise errors.key_invalid()
    if match.status == "Expired":
        raise errors.key_expired()
    return world.user_principal(match.user_name, "bearer-long")  # DeleteConflict keeps the user while it has keys
