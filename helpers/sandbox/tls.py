"""A private certificate authority, made at start-up, so clients verify the sandbox as they verify AWS.

Clients keep TLS verification on (botocore refuses bearer tokens over plain HTTP anyway). Most
trust the sandbox through a CA bundle that holds this CA plus the usual public roots, so other
HTTPS hosts a notebook reaches through the proxy still verify. botocore alone gets the CA on its
own: it only reaches AWS hosts, which the sandbox answers, and urllib3 reads the bundle again for
every new connection (the ~150 public roots cost 10-30 ms each time, this CA well under 1 ms).

Private keys never touch the disk: the CA key stays in memory and the server's key is loaded from
an in-memory file (Linux memfd; elsewhere a file removed as soon as it is read). Only the public
CA bundle is written, in a directory named after the process, and `sweep_stale` removes the
directories of processes that were killed before they could clean up.
"""
import datetime
import ipaddress
import os
import re
import shutil
import ssl
import tempfile
from dataclasses import dataclass
from pathlib import Path

import botocore.loaders
import certifi
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID



def _aws_regions() -> tuple[str, ...]:
    """The Regions of botocore's endpoint data whose hosts end in amazonaws.com (aws, aws-us-gov):
    the ones a real client can reach, so the certificate covers them and nothing else exists."""
    partitions = botocore.loaders.create_loader().load_data("endpoints")["partitions"]
    return tuple(sorted(region for partition in partitions if partition["dnsSuffix"] == "amazonaws.com"
                        for region in partition["regions"]))


REGIONS = _aws_regions()


@dataclass(frozen=True)
class Certificates:
    ca_bundle: Path  # what clients trust: the sandbox CA plus the public roots
    ca_file: Path    # the sandbox CA alone: what botocore trusts (AWS hosts only)
    server_context: ssl.SSLContext  # what the sandbox serves with


DIRECTORY_PREFIX = "bedrock-sandbox-"
_OWNED = re.compile(re.escape(DIRECTORY_PREFIX) + r"(\d+)-")


def sweep_stale(root: str | None = None) -> None:
    """Remove sandbox directories left by processes that no longer run (killed, not stopped)."""
    root = Path(root or tempfile.gettempdir())
    for directory in root.glob(DIRECTORY_PREFIX + "*"):
        match = _OWNED.match(directory.name)
        if match and directory.is_dir() and not _alive(int(match[1])):
            shutil.rmtree(directory, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


def _load_chain(context: ssl.SSLContext, pem: bytes) -> None:
    """load_cert_chain reads only files: give it one that lives in memory."""
    if hasattr(os, "memfd_create"):
        with open(os.memfd_create("bedrock-sandbox-server"), "wb") as file:
            file.write(pem)
            file.flush()
            context.load_cert_chain(f"/proc/self/fd/{file.fileno()}")
        return
    with tempfile.NamedTemporaryFile(suffix=".pem") as file:  # mode 0600, removed on close
        file.write(pem)
        file.flush()
        context.load_cert_chain(file.name)


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def make_certificates(directory: Path) -> Certificates:
    """Make a CA and one server certificate for the AWS host names the sandbox answers for."""
    now = datetime.datetime.now(datetime.timezone.utc)
    start, end = now - datetime.timedelta(days=1), now + datetime.timedelta(days=30)

    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = _name("Bedrock API Keys Workbook sandbox CA")
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )

    names = ["amazonaws.com", "*.amazonaws.com", "localhost"]
    names += [f"*.{region}.amazonaws.com" for region in REGIONS]
    names += [f"*.{region}.api.aws" for region in REGIONS]  # dual-stack hosts, and bedrock-mantle's
    names += ["iam.global.api.aws"]  # IAM's dual-stack host
    leaf_key = ec.generate_private_key(ec.SECP256R1())
    leaf_cert = (
        x509.CertificateBuilder()
        .subject_name(_name("*.amazonaws.com"))
        .issuer_name(ca_name)
        .public_key(leaf_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName(n) for n in names] + [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )

    pem = serialization.Encoding.PEM
    ca_pem = ca_cert.public_bytes(pem)
    bundle, alone = directory / "ca-bundle.pem", directory / "sandbox-ca.pem"
    bundle.write_bytes(ca_pem + b"\n" + Path(certifi.where()).read_bytes())
    alone.write_bytes(ca_pem)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    _load_chain(context, leaf_cert.public_bytes(pem) + ca_pem
                + leaf_key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    return Certificates(ca_bundle=bundle, ca_file=alone, server_context=context)
