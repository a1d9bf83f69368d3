"""TLS is verified: a server whose certificate no CA vouches for is refused, once, saying why."""

import datetime
import ipaddress
import ssl

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from desktop.services.backpack.errors import BackpackUnavailable
from desktop.services.backpack.http import Transport
from tests.standins.backpack import BackpackStandIn


@pytest.fixture
def self_signed(tmp_path):
    """A server context holding a self-signed certificate for 127.0.0.1."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_file, key_file)
    return context


def test_an_untrusted_certificate_is_refused_without_retrying(self_signed):
    waits = []
    with BackpackStandIn(tls=self_signed) as server, Transport(server.url, sleep=waits.append) as transport:
        assert server.url.startswith("https://127.0.0.1:")
        with pytest.raises(BackpackUnavailable) as raised:
            transport.get_json("/api/v1/status")
    assert str(raised.value).startswith(f"GET /api/v1/status: TLS certificate of {server.url} not trusted (")
    assert waits == [] and server.requests == []
