"""The app as separate processes for the long reliability tests: `manage.py` commands, gunicorn
(optionally serving TLS itself, so the production settings run unchanged: secure cookies, HTTPS
redirect, HSTS) and `db_worker` processes, all on loopback, each stopped when its block ends.
Process memory is read from /proc (resident set size)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from tests.reliability.private_postgres import free_port

ROOT = Path(__file__).resolve().parents[2]


def clean_environment(**overrides: str) -> dict[str, str]:
    """This process's environment without the test run's Django settings, plus `overrides`."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DESK_TEST", "DATABASE_URL", "PYTEST"))
    }
    env.update(overrides)
    return env


def manage(env: dict[str, str], *args: str, timeout: float = 300) -> str:
    done = subprocess.run(  # noqa: S603 — our own manage.py
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert done.returncode == 0, f"manage.py {' '.join(args)}:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def rss_kib(pid: int) -> int:
    """Resident memory of a process in KiB (VmRSS)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError(f"no VmRSS for {pid}")


def child_pids(pid: int) -> set[int]:
    return {int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()}


def self_signed_certificate(folder: Path, host: str = "127.0.0.1") -> tuple[Path, Path]:
    """A certificate for `host` (IP address) valid for a day; returns (cert, key) paths."""
    import ipaddress

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, host)])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address(host))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "server.pem", folder / "server.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


@dataclass
class Gunicorn:
    process: subprocess.Popen[bytes]
    base: str
    log: Path

    def worker_pids(self) -> set[int]:
        return child_pids(self.process.pid)


@contextmanager
def stopping(process: subprocess.Popen[bytes]) -> Iterator[subprocess.Popen[bytes]]:
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@contextmanager
def gunicorn(
    env: dict[str, str],
    log: Path,
    *,
    workers: int = 2,
    tls: tuple[Path, Path] | None = None,
    verify: str | bool = True,
) -> Iterator[Gunicorn]:
    """gunicorn with sync workers on a free loopback port; waits until a page answers."""
    port = free_port()
    command = [
        sys.executable, "-m", "gunicorn", "config.wsgi:application",
        "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--timeout", "30",
    ]  # fmt: skip
    if tls:
        command += ["--certfile", str(tls[0]), "--keyfile", str(tls[1])]
    scheme = "https" if tls else "http"
    with log.open("wb") as out:
        process = subprocess.Popen(  # noqa: S603 — our own server
            command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT
        )
    with stopping(process):
        server = Gunicorn(process, f"{scheme}://127.0.0.1:{port}", log)
        deadline = time.monotonic() + 60
        while True:
            try:
                answer = requests.get(server.base + "/pricing/", timeout=10, verify=verify)
                if answer.status_code == 200:
                    break
            except requests.RequestException:
                pass
            assert process.poll() is None, "gunicorn exited:\n" + log.read_text()[-3000:]
            assert time.monotonic() < deadline, (
                "gunicorn did not answer:\n" + log.read_text()[-3000:]
            )
            time.sleep(0.3)
        while len(server.worker_pids()) < workers:
            time.sleep(0.1)
        yield server


@contextmanager
def db_workers(
    env: dict[str, str], folder: Path, count: int
) -> Iterator[list[subprocess.Popen[bytes]]]:
    """`manage.py db_worker` processes (the production task worker)."""
    with ExitStack() as stack:
        processes = []
        for n in range(count):
            out = stack.enter_context((folder / f"worker-{n}.log").open("wb"))
            process = subprocess.Popen(
                [sys.executable, "manage.py", "db_worker", "--interval", "0.5"],
                cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
            )  # fmt: skip
            processes.append(stack.enter_context(stopping(process)))
        yield processes
