"""Where the proxy may tunnel: public internet addresses only.

A tunnel is for `pip` or a public URL from a notebook. Without this check any client of the proxy
could reach the machine's own services (127.0.0.0/8) or the cloud instance-metadata address
(169.254.169.254, fd00:ec2::254) through it. The host is resolved once here and the tunnel connects
to the checked address, so a name cannot resolve to a public address for the check and a private
one for the connection.
"""
from __future__ import annotations

import ipaddress
import socket


class Refused(Exception):
    """The destination is not public, or the name cannot be a host name (status, message)."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


def public_address(host: str, port: int) -> tuple:
    """The first address of `host` (socket address tuple), if every address it has is public."""
    try:
        infos = socket.getaddrinfo(host.strip("[]"), port, type=socket.SOCK_STREAM)
    except UnicodeError:  # a label IDNA cannot encode (too long, empty, invalid characters)
        raise Refused(400, f"{host!r} is not a valid host name") from None
    except OSError as error:
        raise Refused(502, f"Cannot resolve {host}: {error.strerror or error}") from None
    for *_, address in infos:
        ip = ipaddress.ip_address(address[0].split("%")[0])
        if getattr(ip, "ipv4_mapped", None):
            ip = ip.ipv4_mapped
        if not ip.is_global:
            raise Refused(403, f"Tunnels to {host} ({ip}) are refused: the sandbox tunnels to public addresses only")
    return infos[0][0], infos[0][4]
