"""Which addresses the proxy tunnels to, address by address (the CONNECT tests show it end to end)."""
import ipaddress
import socket

import pytest

from helpers.sandbox import destinations

PUBLIC = ["8.8.8.8", "52.94.1.1", "2606:4700:4700::1111", "::ffff:8.8.8.8", "64:ff9b::808:808",
          "2002:808:808::1", "::8.8.8.8", "2001:0:4136:e378:8000:63bf:b7f7:f7f7"]
NOT_PUBLIC = ["127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "0.0.0.0", "100.64.0.1",
              "192.0.0.192", "192.0.2.1", "198.18.0.1", "198.51.100.1", "203.0.113.1", "224.0.0.1", "240.0.0.1",
              "255.255.255.255", "192.88.99.1", "::1", "::", "fe80::1", "fc00::1", "fd00:ec2::254", "ff02::1",
              "2001:db8::1", "100::1", "::127.0.0.1", "::ffff:127.0.0.1", "::ffff:169.254.169.254",
              "2002:7f00:1::", "2002:a9fe:a9fe::1", "64:ff9b::7f00:1", "64:ff9b::a9fe:a9fe", "64:ff9b:1::808:808",
              "2001:0:4136:e378:8000:63bf:3fff:fdd2", "2001:0:4136:e378:8000:63bf:80ff:fefe", "3fff::1", "5f00::1"]


@pytest.mark.parametrize("address", PUBLIC)
def test_public(address):
    assert destinations.is_public(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", NOT_PUBLIC)
def test_not_public(address):
    assert not destinations.is_public(ipaddress.ip_address(address))


def resolving(monkeypatch, *addresses, name=None):
    def resolve(host, port, *args, **kwargs):
        assert kwargs.get("type") == socket.SOCK_STREAM
        assert name is None or host == name
        return [(socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "",
                 (a, port, 0, 0) if ":" in a else (a, port)) for a in addresses]
    monkeypatch.setattr(destinations.socket, "getaddrinfo", resolve)


def test_any_private_address_refuses_the_name(monkeypatch):
    resolving(monkeypatch, "8.8.8.8", "52.94.1.1", "10.0.0.1")
    with pytest.raises(destinations.Refused) as refused:
        destinations.public_address("mixed.example", 443)
    assert refused.value.status == 403
    assert str(refused.value) == ("Tunnels to mixed.example (10.0.0.1) are refused: "
                                  "the sandbox tunnels to public addresses only")


def test_a_scoped_ipv6_address_is_judged_without_its_scope(monkeypatch):
    resolving(monkeypatch, "fe80::1%eth0")
    with pytest.raises(destinations.Refused):
        destinations.public_address("scoped.example", 443)


def test_the_first_of_public_addresses_is_used(monkeypatch):
    resolving(monkeypatch, "8.8.8.8", "2606:4700:4700::1111", name="Xdns.exampleX")
    assert destinations.public_address("[Xdns.exampleX]", 80) == (socket.AF_INET, ("8.8.8.8", 80))


def test_names_that_cannot_resolve_or_cannot_be_names(monkeypatch):
    def unresolvable(*args, **kwargs):
        raise socket.gaierror(-2, "Name or service not known")
    monkeypatch.setattr(destinations.socket, "getaddrinfo", unresolvable)
    with pytest.raises(destinations.Refused) as refused:
        destinations.public_address("nowhere.example", 443)
    assert (refused.value.status, str(refused.value)) == (502, "Cannot resolve nowhere.example: Name or service not known")

    def bad_label(*args, **kwargs):
        raise UnicodeError("label too long")
    monkeypatch.setattr(destinations.socket, "getaddrinfo", bad_label)
    with pytest.raises(destinations.Refused) as refused:
        destinations.public_address("a" * 64 + ".example", 443)
    assert refused.value.status == 400 and str(refused.value).endswith("is not a valid host name")
