"""Where the proxy may tunnel: public internet addresses only.

A tunnel is for `pip` or a public URL from a notebook. Without this check any client of the proxy
could reach the machine's own services (127.0.0.0/8) or the cloud instance-metadata address
(169.254.169.254, fd00:ec2::254) through it. The host is resolved once here and the tunnel connects
to the checked address, so a name cannot resolve to a public address for the check and a private
one for the connection; a name with any non-public address is refused whole.

Python's `is_global` is not enough: it calls `192.0.0.192`, `::127.0.0.1`, `2002:7f00:1::` and
`64:ff9b::7f00:1` public. An IPv6 address that carries an IPv4 address (IPv4-mapped and
-compatible, 6to4, Teredo, NAT64) is public only if what it carries is, and the IANA special-purpose
ranges (RFC 6890 and its updates) that are not globally reachable are refused by name.
"""
from __future__ import annotations

import ipaddress
import socket

# IANA special-purpose registries: ranges that are not global destinations (or not unicast).
_SPECIAL = tuple(ipaddress.ip_network(n) for n in (
    "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
    "192.0.0.0/24", "192.0.2.0/24", "192.31.196.0/24", "192.52.193.0/24", "192.88.99.0/24",
    "192.168.0.0/16", "192.175.48.0/24", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24",
    "224.0.0.0/4", "240.0.0.0/4",
    "::/96", "::ffff:0:0/96", "64:ff9b:1::/48", "100::/64", "2001::/23", "2001:db8::/32", "2002::/16",
    "3fff::/20", "5f00::/16", "fc00::/7", "fe80::/10", "ff00::/8",
))
_ENDS_IN_IPV4 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("::/96"))  # NAT64, IPv4-compatible


class Refused(Exception):
    """The destination is not public, or the name cannot be a host name (status, message)."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


def _carried(ip: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """The IPv4 addresses an IPv6 address carries (mapped, compatible, 6to4, Teredo, NAT64)."""
    carried = [ip.ipv4_mapped, ip.sixtofour, *(ip.teredo or ())]
    if any(ip in network for network in _ENDS_IN_IPV4):
        carried.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    return [address for address in carried if address is not None]


def is_public(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """True for an address the open internet routes to, and whatever it carries too."""
    if ip.version == 6:
        carried = _carried(ip)
        if carried:
            return all(is_public(inner) for inner in carried)
    return ip.is_global and not any(ip in network for network in _SPECIAL)


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
        if not is_public(ip):
            raise Refused(403, f"Tunnels to {host} ({ip}) are refused: the sandbox tunnels to public addresses only")
    return infos[0][0], infos[0][4]
