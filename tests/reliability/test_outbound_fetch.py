"""Outbound fetches family: server-side request forgery (issue 14).

Helpdesk advisories (osTicket, FreeScout, Zammad webhooks and avatar/link fetchers) show the same
pattern: a URL a person gave is fetched from inside the network, reaching cloud metadata
(169.254.169.254), admin ports on 127.0.0.1 or intranet hosts — directly, through a name that
resolves there, through a second DNS answer (rebinding) or through a redirect. Every test here
drives `desk.core.fetching.fetch` against real sockets on 127.0.0.1 (test settings allow that
network; each refusal test takes the permission away as production has it).
"""

from __future__ import annotations

import ast
import datetime as dt
import ipaddress
import json
import os
import ssl
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from desk.core.fetching import FetchError, fetch, is_refused_address, policy_from_settings

ROOT = Path(__file__).resolve().parents[2]
LOOPBACK_ONLY = ["127.0.0.1/32"]


class Target(BaseHTTPRequestHandler):
    """Paths: /ok, /echo, /redirect?to=URL, /loop, /declared-huge, /stream-huge, /drip, /silent."""

    hits: list[str]
    protocol_version = "HTTP/1.1"

    def log_message(self, *args: object) -> None:  # keep test output clean
        pass

    def do_GET(self) -> None:
        self.server.hits.append(self.path)  # type: ignore[attr-defined]
        route = urlsplit(self.path)
        name = route.path.strip("/").replace("-", "_")
        getattr(self, f"route_{name}", self.route_missing)(parse_qs(route.query))

    do_POST = do_GET  # noqa: N815 — the name http.server looks up

    def answer(self, status: int, body: bytes, **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def route_missing(self, query) -> None:
        self.answer(404, b"missing")

    def route_ok(self, query) -> None:
        self.answer(200, b"hello from the target")

    def route_echo(self, query) -> None:
        self.answer(200, json.dumps(dict(self.headers.items())).encode())

    def route_redirect(self, query) -> None:
        self.answer(int(query.get("status", ["302"])[0]), b"", Location=query["to"][0])

    def route_loop(self, query) -> None:
        self.answer(302, b"", Location="/loop")

    def route_declared_huge(self, query) -> None:
        self.send_response(200)
        self.send_header("Content-Length", str(50 * 1024 * 1024))
        self.end_headers()
        self.wfile.write(b"x" * 1024)

    def route_stream_huge(self, query) -> None:
        self.send_response(200)
        self.send_header("Connection", "close")  # no length: read until the peer closes
        self.end_headers()
        try:
            for _ in range(512):  # 32 MiB at most
                self.wfile.write(b"y" * 65536)
                self.server.streamed += 65536  # type: ignore[attr-defined]
        except OSError:
            pass  # the client hung up, as it should
        self.close_connection = True

    def route_drip(self, query) -> None:
        self.send_response(200)
        self.send_header("Connection", "close")
        self.end_headers()
        try:
            for _ in range(60):  # one byte every 0.1 s for 6 s
                self.wfile.write(b".")
                self.wfile.flush()
                time.sleep(0.1)
        except OSError:
            pass
        self.close_connection = True

    def route_silent(self, query) -> None:
        time.sleep(4)  # accepts, then says nothing
        self.close_connection = True


@pytest.fixture
def target() -> Iterator[ThreadingHTTPServer]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Target)
    server.daemon_threads = True
    server.hits = []  # type: ignore[attr-defined]
    server.streamed = 0  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def url_of(server: ThreadingHTTPServer, path: str, scheme: str = "http", host: str = "") -> str:
    return f"{scheme}://{host or '127.0.0.1'}:{server.server_address[1]}{path}"


def refusal(url: str, **kwargs) -> str:
    with pytest.raises(FetchError) as caught:
        fetch(url, **kwargs)
    return caught.value.code


# --- addresses --------------------------------------------------------------------------------

REFUSED_LITERALS = [
    "http://127.0.0.1/",  # loopback
    "http://127.8.9.10/",
    "http://10.0.0.1/",  # private
    "http://172.16.0.1/",
    "http://192.168.1.1/",
    "http://169.254.169.254/latest/meta-data/",  # link-local: cloud metadata
    "http://100.64.0.1/",  # shared address space (CGNAT)
    "http://0.0.0.0/",  # unspecified: the local host on Linux
    "http://224.0.0.1/",  # multicast
    "http://240.0.0.1/",  # reserved
    "http://255.255.255.255/",  # broadcast
    "http://192.0.2.10/",  # documentation
    "http://[::1]/",
    "http://[::]/",
    "http://[fe80::1]/",
    "http://[fc00::1]/",
    "http://[ff02::1]/",
    "http://[::ffff:127.0.0.1]/",  # IPv4-mapped
    "http://[::ffff:a9fe:a9fe]/",  # IPv4-mapped metadata
    "http://[64:ff9b::a9fe:a9fe]/",  # NAT64 of 169.254.169.254
    "http://[2002:7f00:1::]/",  # 6to4 of 127.0.0.1
    "http://2130706433/",  # 127.0.0.1 as one decimal number (the resolver reads it)
    "http://0177.0.0.1/",  # octal
    "http://0x7f.0.0.1/",  # hexadecimal
    "http://127.1/",  # short form
]


@pytest.mark.parametrize("url", REFUSED_LITERALS)
def test_private_loopback_link_local_multicast_and_reserved_targets_are_refused(settings, url):
    # given production's rule: no network is allowed beyond the public internet
    settings.DESK_FETCH_ALLOWED_NETWORKS = []
    # when the URL is fetched, then it is refused after resolution, before any connection
    assert refusal(url) == "fetch_address_refused"


@pytest.mark.parametrize(
    "address", ["93.184.216.34", "1.1.1.1", "2606:2800:220:1:248:1893:25c8:1946", "8.8.4.4"]
)
def test_public_addresses_pass_the_address_rule(address):
    assert is_refused_address(ipaddress.ip_address(address)) is False


def test_a_name_that_resolves_to_loopback_is_refused_and_nothing_is_sent(settings, target):
    # given a server on 127.0.0.1 and production's rule
    settings.DESK_FETCH_ALLOWED_NETWORKS = []
    # when a URL names it through "localhost" (resolved by the system resolver, /etc/hosts)
    code = refusal(url_of(target, "/ok", host="localhost"))
    # then the check after resolution refuses it and the server never saw a request
    assert code == "fetch_address_refused"
    assert target.hits == []


def test_a_name_with_one_private_answer_among_public_ones_is_refused(settings):
    # given a name whose DNS answers mix a public and a private address
    def resolver(host, port):
        return ["93.184.216.34", "10.0.0.7"]

    # then the fetch is refused as a whole (no picking the good answer)
    assert refusal("http://mixed.example/", resolver=resolver) == "fetch_address_refused"


def test_dns_rebinding_cannot_switch_the_checked_address(settings, target):
    # given a name whose first answer is the allowed target and whose next answers point elsewhere
    settings.DESK_FETCH_ALLOWED_NETWORKS = LOOPBACK_ONLY
    answers = [["127.0.0.1"], ["10.0.0.1"], ["10.0.0.1"]]
    asked: list[str] = []

    def rebinding_resolver(host, port):
        asked.append(host)
        return answers[len(asked) - 1]

    # when the name is fetched
    result = fetch(url_of(target, "/echo", host="rebind.example"), resolver=rebinding_resolver)
    # then DNS was asked once, the connection went to the checked address, Host kept the name
    assert asked == ["rebind.example"]
    assert result.address == "127.0.0.1"
    assert json.loads(result.body)["Host"] == f"rebind.example:{target.server_address[1]}"


def test_an_unknown_host_is_reported_as_such():
    assert refusal("https://no-such-host.invalid/") == "fetch_unresolvable"


# --- schemes and URL shapes -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "code"),
    [
        ("file:///etc/passwd", "fetch_scheme_refused"),
        ("gopher://127.0.0.1:6379/_INFO", "fetch_scheme_refused"),
        ("ftp://example.com/", "fetch_scheme_refused"),
        ("dict://127.0.0.1:11211/stat", "fetch_scheme_refused"),
        ("//example.com/", "fetch_invalid_url"),
        ("http://user:secret@example.com/", "fetch_invalid_url"),
        ("http://example.com:99999/", "fetch_invalid_url"),
        ("http:///path", "fetch_invalid_url"),
        ("http://exa mple.com/", "fetch_invalid_url"),
        ("http://example.com/a\r\nX-Injected: 1", "fetch_invalid_url"),
    ],
)
def test_only_plain_http_and_https_urls_are_fetched(url, code):
    assert refusal(url) == code


def test_plain_http_is_refused_when_the_settings_want_https_only(settings, target):
    # given production's scheme rule
    settings.DESK_FETCH_ALLOW_HTTP = False
    # then http:// is refused before resolution, and a redirect from https to http would be too
    assert refusal(url_of(target, "/ok")) == "fetch_scheme_refused"
    assert target.hits == []


def test_production_settings_allow_https_only_and_no_private_network():
    # when the production settings are loaded in a fresh process
    script = (
        "import django; django.setup();"
        "from desk.core.fetching import policy_from_settings as p;"
        "print(p().allow_http, list(p().allowed_networks), p().max_redirects)"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.prod",
        SECRET_KEY="x" * 50,
        DESK_SECRETS_KEYS="AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        DESK_FETCH_ALLOW_HTTP="true",  # an operator cannot switch it back on
    )
    out = subprocess.run(  # noqa: S603 — our own interpreter, fixed script
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    # then plain http and every private network stay refused
    assert out.stdout.split() == ["False", "[]", "3"]


# --- redirects ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "location",
    [
        "http://169.254.169.254/latest/meta-data/iam/",
        "http://10.0.0.1/admin",
        "http://[::1]/",
        "http://127.0.0.2/",  # loopback, outside the one address this test allows
    ],
)
def test_a_redirect_into_a_private_network_is_refused(settings, target, location):
    # given an allowed server that redirects into a private network
    settings.DESK_FETCH_ALLOWED_NETWORKS = LOOPBACK_ONLY
    # when it is fetched, then the redirect's target is checked like the first hop
    assert refusal(url_of(target, f"/redirect?to={location}")) == "fetch_address_refused"
    assert len(target.hits) == 1


def test_redirects_are_followed_a_bounded_number_of_times(settings, target):
    # given a server that redirects to itself forever
    settings.DESK_FETCH_MAX_REDIRECTS = 3
    # when it is fetched, then the chain stops after the limit
    assert refusal(url_of(target, "/loop")) == "fetch_too_many_redirects"
    assert target.hits == ["/loop"] * 4


def test_an_allowed_redirect_is_followed_and_credentials_stay_with_their_origin(target):
    # given a redirect to another origin (same server, other host name)
    there = url_of(target, "/echo", host="localhost")
    # when it is fetched with an Authorization header
    result = fetch(url_of(target, f"/redirect?to={there}"), headers={"Authorization": "Bearer s"})
    # then the body comes from the second hop, without the credential
    assert result.status == 200
    assert result.redirects == (url_of(target, f"/redirect?to={there}"),)
    assert "Authorization" not in json.loads(result.body)


# --- size and time -----------------------------------------------------------------------------


def test_a_body_declared_larger_than_the_limit_is_refused_before_reading(settings, target):
    settings.DESK_FETCH_MAX_BYTES = 1024 * 1024
    started = time.monotonic()
    assert refusal(url_of(target, "/declared-huge")) == "fetch_too_large"
    assert time.monotonic() - started < 2


def test_a_streamed_body_is_cut_at_the_limit(settings, target):
    # given a server streaming 32 MiB without a length, and a 256 KiB limit
    settings.DESK_FETCH_MAX_BYTES = 256 * 1024
    # when it is fetched, then the fetch stops once the limit is passed
    assert refusal(url_of(target, "/stream-huge")) == "fetch_too_large"
    time.sleep(0.2)
    assert target.streamed < 32 * 1024 * 1024


def test_a_server_that_drips_bytes_is_cut_at_the_deadline(settings, target):
    # given a server sending one byte every 0.1 s for 6 s, and a 1 s deadline
    settings.DESK_FETCH_TIMEOUT_SECONDS = 1
    started = time.monotonic()
    # then the fetch ends as a timeout near the deadline, not when the server stops
    assert refusal(url_of(target, "/drip")) == "fetch_timeout"
    assert 0.9 < time.monotonic() - started < 2


def test_a_server_that_never_answers_is_cut_at_the_deadline(settings, target):
    settings.DESK_FETCH_TIMEOUT_SECONDS = 1
    started = time.monotonic()
    assert refusal(url_of(target, "/silent")) == "fetch_timeout"
    assert time.monotonic() - started < 2


def test_a_refused_connection_is_a_failure_not_a_crash(settings):
    # given an allowed address where nothing listens (a port just closed)
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    assert refusal(f"http://127.0.0.1:{port}/") == "fetch_failed"


# --- https ----------------------------------------------------------------------------------------


def self_signed(tmp_path: Path, name: str) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(hours=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = tmp_path / f"{name}.pem", tmp_path / f"{name}.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


@pytest.fixture
def tls_target(tmp_path, target) -> Iterator[tuple[ThreadingHTTPServer, Path]]:
    """The same routes over TLS, with a certificate for `tracker.example` only."""
    cert, key = self_signed(tmp_path, "tracker.example")
    server = ThreadingHTTPServer(("127.0.0.1", 0), Target)
    server.daemon_threads = True
    server.hits = []  # type: ignore[attr-defined]
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server, cert
    server.shutdown()
    server.server_close()


def test_https_connects_to_the_checked_address_and_verifies_the_name(settings, tls_target, target):
    # given a TLS server whose certificate names tracker.example, trusted through the settings
    server, cert = tls_target
    settings.DESK_FETCH_CA_FILE = str(cert)
    settings.DESK_FETCH_ALLOW_HTTP = False
    settings.DESK_FETCH_ALLOWED_NETWORKS = LOOPBACK_ONLY
    pinned = lambda host, port: ["127.0.0.1"]  # noqa: E731 — the name's one DNS answer
    # when it is fetched by name, then SNI and verification use the name and the body arrives
    ok = fetch(url_of(server, "/ok", "https", "tracker.example"), resolver=pinned)
    assert (ok.status, ok.body, ok.address) == (200, b"hello from the target", "127.0.0.1")
    # and a redirect from https down to plain http is refused before it is followed
    down = url_of(target, "/ok")
    code = refusal(
        url_of(server, f"/redirect?to={down}", "https", "tracker.example"), resolver=pinned
    )
    assert (code, target.hits) == ("fetch_scheme_refused", [])
    # and a name the certificate does not cover fails verification
    code = refusal(url_of(server, "/ok", "https", "other.example"), resolver=pinned)
    assert code == "fetch_failed"


def test_no_module_opens_http_connections_except_the_guarded_fetch():
    # given every module of the product
    clients = {"urllib.request", "http.client", "requests", "httpx", "urllib3", "aiohttp", "pycurl"}
    offenders: dict[str, set[str]] = {}
    for path in sorted((ROOT / "desk").rglob("*.py")):
        if "tests" in path.parts or path.name == "fetching.py":
            continue
        imported: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                imported |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module)
        if hits := {name for name in imported if name.split(".")[0] in clients or name in clients}:
            offenders[str(path.relative_to(ROOT))] = hits
    # then only desk/core/fetching.py fetches URLs (Stripe's SDK talks to Stripe's fixed API)
    assert offenders == {}
    assert policy_from_settings().max_bytes > 0


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("en", "This address points into a private or reserved network; use a public address."),
        ("ru", "Этот адрес ведёт в частную или зарезервированную сеть; укажите публичный адрес."),
    ],
)
def test_a_refusal_has_a_stable_code_and_a_message_in_the_viewers_language(settings, lang, message):
    from django.utils import translation

    settings.DESK_FETCH_ALLOWED_NETWORKS = []
    with pytest.raises(FetchError) as caught, translation.override(lang):
        fetch("http://169.254.169.254/")
    with translation.override(lang):
        assert caught.value.as_dict() == {"code": "fetch_address_refused", "message": message}
