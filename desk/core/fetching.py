"""The one way Supportdesk fetches a URL that a person gave it (bug tracker links, webhooks, …).

Server-side request forgery is how helpdesks leak cloud credentials and reach internal services:
a "webhook" or "avatar" URL pointing at 169.254.169.254, 127.0.0.1 or an intranet host, or a
public name that resolves there (at first or on the second lookup), or a public page redirecting
there. So every hop of a fetch is:

1. parsed: http(s) only (https only in production), no credentials in the URL;
2. resolved once, and every address checked: loopback, private, link-local, shared (CGNAT),
   multicast, reserved and unspecified addresses are refused, also when embedded in IPv6
   (IPv4-mapped, NAT64, 6to4) — unless the settings name the network (tests only);
3. connected to the checked address itself (pinned: a second DNS answer cannot switch it), with
   the original host name for the Host header, SNI and certificate verification;
4. bounded: one deadline for the whole fetch (a timer closes the socket, so a server that drips
   bytes cannot stretch it), a byte limit checked on Content-Length and while reading, no
   compressed bodies, a small number of redirects, each checked like the first hop.

No module of `desk` opens HTTP connections any other way (tests/reliability/test_outbound_fetch.py
checks the imports).
"""

from __future__ import annotations

import contextlib
import http.client
import ipaddress
import logging
import socket
import ssl
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from typing import Final
from urllib.parse import urljoin, urlsplit

import idna
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from desk.core.errors import DeskError

logger = logging.getLogger(__name__)

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
Resolver = Callable[[str, int], Sequence[str]]

REDIRECTS: Final = frozenset({301, 302, 303, 307, 308})
CHUNK: Final = 64 * 1024
NAT64: Final = ipaddress.IPv6Network("64:ff9b::/96")
CREDENTIAL_HEADERS: Final = frozenset({"authorization", "cookie", "proxy-authorization"})
_resolvers = ThreadPoolExecutor(max_workers=4, thread_name_prefix="desk-fetch-dns")


class FetchError(DeskError):
    """A fetch that was refused or failed; `code` says which rule or what happened."""


def invalid_url() -> FetchError:
    return FetchError("fetch_invalid_url", _("Enter a full web address (http:// or https://)."))


def scheme_refused() -> FetchError:
    return FetchError("fetch_scheme_refused", _("Only https:// addresses can be reached."))


def address_refused() -> FetchError:
    return FetchError(
        "fetch_address_refused",
        _("This address points into a private or reserved network; use a public address."),
    )


def unresolvable() -> FetchError:
    return FetchError("fetch_unresolvable", _("This host name could not be found."))


def too_many_redirects() -> FetchError:
    return FetchError("fetch_too_many_redirects", _("The address redirects too many times."))


def too_large(limit: int) -> FetchError:
    return FetchError(
        "fetch_too_large",
        ngettext_lazy(
            "The answer is larger than %(limit)d byte.",
            "The answer is larger than %(limit)d bytes.",
            limit,
        ),
        status=413,
        limit=limit,
    )


def timed_out(seconds: float) -> FetchError:
    return FetchError(
        "fetch_timeout",
        _("The address did not answer within %(seconds)s seconds."),
        status=504,
        seconds=f"{seconds:g}",
    )


def failed() -> FetchError:
    return FetchError("fetch_failed", _("The address could not be reached."), status=502)


@dataclass(frozen=True)
class FetchPolicy:
    allow_http: bool
    allowed_networks: tuple[IPNetwork, ...]
    max_bytes: int
    timeout_seconds: float
    max_redirects: int
    ca_file: str = ""


def policy_from_settings() -> FetchPolicy:
    return FetchPolicy(
        allow_http=settings.DESK_FETCH_ALLOW_HTTP,
        allowed_networks=tuple(
            ipaddress.ip_network(net, strict=False) for net in settings.DESK_FETCH_ALLOWED_NETWORKS
        ),
        max_bytes=settings.DESK_FETCH_MAX_BYTES,
        timeout_seconds=settings.DESK_FETCH_TIMEOUT_SECONDS,
        max_redirects=settings.DESK_FETCH_MAX_REDIRECTS,
        ca_file=settings.DESK_FETCH_CA_FILE,
    )


@dataclass(frozen=True)
class FetchResult:
    url: str  # of the last hop
    status: int
    headers: Mapping[str, str]  # lower-cased names
    body: bytes
    address: str  # the IP address the last hop was connected to
    redirects: tuple[str, ...] = field(default=())


def is_refused_address(address: IPAddress, allowed: Sequence[IPNetwork] = ()) -> bool:
    """True unless the address is a public unicast one (or inside a network the settings allow)."""
    if any(address in network for network in allowed if network.version == address.version):
        return False
    if isinstance(address, ipaddress.IPv6Address):
        embedded = _embedded_ipv4(address)
        if embedded is not None:
            return is_refused_address(embedded, allowed)
    return (
        not address.is_global
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
        or address.is_loopback
        or address.is_link_local
        or address.is_private
    )


def _embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address in NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def system_resolver(host: str, port: int) -> list[str]:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


@dataclass(frozen=True)
class _Target:
    scheme: str
    host: str  # IDNA-encoded name or IP literal, without brackets
    port: int
    path: str  # with the query

    @property
    def origin(self) -> tuple[str, str, int]:
        return (self.scheme, self.host, self.port)


def parse_target(url: str, policy: FetchPolicy) -> _Target:
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:
        raise invalid_url() from exc
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise invalid_url() if scheme == "" else scheme_refused()
    if scheme == "http" and not policy.allow_http:
        raise scheme_refused()
    if parts.username is not None or parts.password is not None or not parts.hostname:
        raise invalid_url()
    try:
        host = _ascii_host(parts.hostname)
    except (idna.IDNAError, UnicodeError) as exc:
        raise invalid_url() from exc
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    if any(ord(char) < 33 or ord(char) == 127 for char in path):
        raise invalid_url()
    return _Target(scheme, host, port or (443 if scheme == "https" else 80), path)


def _ascii_host(hostname: str) -> str:
    try:
        return str(ipaddress.ip_address(hostname))
    except ValueError:
        return idna.encode(hostname.rstrip("."), uts46=True).decode("ascii")


def _checked_addresses(
    target: _Target, policy: FetchPolicy, resolver: Resolver, deadline: float
) -> list[str]:
    """Resolve once, refuse if ANY answer is refused (a name that also points inside is hostile)."""
    future = _resolvers.submit(resolver, target.host, target.port)
    try:
        answers = future.result(timeout=max(deadline - time.monotonic(), 0.001))
    except FutureTimeout as exc:
        raise timed_out(policy.timeout_seconds) from exc
    except (OSError, UnicodeError) as exc:
        raise unresolvable() from exc
    if not answers:
        raise unresolvable()
    addresses = [ipaddress.ip_address(answer.split("%", 1)[0]) for answer in answers]
    refused = [a for a in addresses if is_refused_address(a, policy.allowed_networks)]
    if refused:
        logger.warning(
            "outbound fetch refused: %s://%s:%s resolves to %s",
            target.scheme,
            target.host,
            target.port,
            ", ".join(map(str, refused)),
        )
        raise address_refused()
    return [str(address) for address in addresses]


def check_url(
    url: str, *, policy: FetchPolicy | None = None, resolver: Resolver = system_resolver
) -> str:
    """Refuse `url` before it is stored (a webhook endpoint, …) by the rules every fetch applies
    to its first hop: scheme, no credentials, every address of one lookup public. Returns the
    URL stripped. Fetches check again, at every hop: a name may point elsewhere later."""
    policy = policy or policy_from_settings()
    target = parse_target(url, policy)
    _checked_addresses(target, policy, resolver, time.monotonic() + policy.timeout_seconds)
    return url.strip()


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to the checked address, whatever DNS says now; Host stays the name."""

    def __init__(self, host: str, port: int, *, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self.address = address
        self.opened: socket.socket | None = None  # kept after http.client lets go of `sock`

    def connect(self) -> None:
        self.sock = self.opened = socket.create_connection((self.address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(
        self, host: str, port: int, *, address: str, timeout: float, context: ssl.SSLContext
    ) -> None:
        super().__init__(host, port, timeout=timeout, context=context)
        self.address = address
        self.tls_context = context
        self.opened: socket.socket | None = None

    def connect(self) -> None:
        raw = socket.create_connection((self.address, self.port), self.timeout)
        self.opened = raw  # shutting the raw socket down also ends a blocked TLS read
        self.sock = self.tls_context.wrap_socket(raw, server_hostname=self.host)


def _tls_context(policy: FetchPolicy) -> ssl.SSLContext:
    context = ssl.create_default_context(cafile=policy.ca_file or None)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    return context


class _Watchdog:
    """Shuts the connection's socket at the deadline, so no read can outlive it."""

    def __init__(self, connection: http.client.HTTPConnection, seconds: float) -> None:
        self.connection = connection
        self.fired = False
        self.timer = threading.Timer(max(seconds, 0.0), self._fire)
        self.timer.daemon = True

    def _fire(self) -> None:
        self.fired = True
        # http.client drops `sock` once a response says "Connection: close"; the socket lives on
        # inside the response, so shut the one the pinned connection opened.
        sock = getattr(self.connection, "opened", None)
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def __enter__(self) -> _Watchdog:
        self.timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.timer.cancel()
        self.connection.close()


@dataclass
class _Hop:
    status: int
    headers: dict[str, str]
    body: bytes
    address: str


def fetch(
    url: str,
    *,
    method: str = "GET",
    headers: Mapping[str, str] | None = None,
    body: bytes | None = None,
    policy: FetchPolicy | None = None,
    resolver: Resolver = system_resolver,
) -> FetchResult:
    """Fetch `url` under the guard. Raises FetchError (see the codes above); any HTTP status is
    a result, redirects are followed (each hop checked like the first)."""
    policy = policy or policy_from_settings()
    deadline = time.monotonic() + policy.timeout_seconds
    request_headers = dict(headers or {})
    target = parse_target(url, policy)
    visited: list[str] = []
    for _hop in range(policy.max_redirects + 1):
        hop = _fetch_once(target, method, request_headers, body, policy, resolver, deadline)
        location = hop.headers.get("location")
        if hop.status not in REDIRECTS or not location:
            return FetchResult(url, hop.status, hop.headers, hop.body, hop.address, tuple(visited))
        visited.append(url)
        url = urljoin(url, location)
        next_target = parse_target(url, policy)
        if next_target.origin != target.origin:  # never hand credentials to another origin
            request_headers = {
                k: v for k, v in request_headers.items() if k.lower() not in CREDENTIAL_HEADERS
            }
        if hop.status == 303 or (hop.status in (301, 302) and method == "POST"):
            method, body = "GET", None
        target = next_target
    raise too_many_redirects()


def _fetch_once(
    target: _Target,
    method: str,
    headers: Mapping[str, str],
    body: bytes | None,
    policy: FetchPolicy,
    resolver: Resolver,
    deadline: float,
) -> _Hop:
    addresses = _checked_addresses(target, policy, resolver, deadline)
    last_error: Exception | None = None
    for address in addresses:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise timed_out(policy.timeout_seconds)
        connection = _connection(target, address, remaining, policy)
        watchdog = _Watchdog(connection, remaining)
        with watchdog:
            try:
                hop = _exchange(connection, target, method, headers, body, policy, address)
            except FetchError:
                raise
            except (OSError, http.client.HTTPException, ValueError) as exc:
                if watchdog.fired or deadline - time.monotonic() <= 0:
                    raise timed_out(policy.timeout_seconds) from exc
                last_error = exc
                continue
        if watchdog.fired:  # the socket was shut under a read: what came is cut short
            raise timed_out(policy.timeout_seconds)
        return hop
    raise failed() from last_error


def _connection(
    target: _Target, address: str, timeout: float, policy: FetchPolicy
) -> http.client.HTTPConnection:
    if target.scheme == "https":
        return _PinnedHTTPSConnection(
            target.host, target.port, address=address, timeout=timeout, context=_tls_context(policy)
        )
    return _PinnedHTTPConnection(target.host, target.port, address=address, timeout=timeout)


def _exchange(
    connection: http.client.HTTPConnection,
    target: _Target,
    method: str,
    headers: Mapping[str, str],
    body: bytes | None,
    policy: FetchPolicy,
    address: str,
) -> _Hop:
    sent = {
        "User-Agent": "Supportdesk (+" + settings.SITE_URL + ")",
        "Accept-Encoding": "identity",  # no decompression bombs
        "Connection": "close",
        **headers,
    }
    connection.request(method, target.path, body=body, headers=sent)
    response = connection.getresponse()
    declared = response.getheader("Content-Length")
    if declared is not None and declared.strip().isdigit() and int(declared) > policy.max_bytes:
        raise too_large(policy.max_bytes)
    chunks: list[bytes] = []
    size = 0
    while chunk := response.read1(CHUNK):
        size += len(chunk)
        if size > policy.max_bytes:
            raise too_large(policy.max_bytes)
        chunks.append(chunk)
    names = {name.lower(): value for name, value in response.getheaders()}
    return _Hop(response.status, names, b"".join(chunks), address)
