"""A production-like cluster for tests: N gunicorn web processes and M task workers
(`manage.py db_worker`) on a fresh PostgreSQL database, run with the real production settings
(`config.settings.prod`), on loopback ports only. Reusable by any test (soak, faults, load):

    from tests.reliability.processes import cluster

    with cluster(web=2, workers=3, env={"EMAIL_PORT": "2525"}) as c:
        response = c.session(0).get("/healthz")      # requests.Session bound to web process 0
        c.kill_worker(0)                               # SIGKILL, as the OOM killer would
        c.run_python("from desk.core.models import WorkerHeartbeat; print(...)")  # in the DB
        rows = c.sql("SELECT count(*) FROM outbox_outboxmail")
        c.rss_kib(c.web[0])                            # resident memory of a process

`cluster()` creates the database `desk_cluster_<random>` on DESK_TEST_POSTGRES_URL (default
postgres://postgres@127.0.0.1:5432/), runs `manage.py deploy` (checks, migrations,
collectstatic) like a release, starts the processes, waits until every web process answers
/healthz with 200 (so a worker beats), and on exit stops them with SIGTERM (SIGKILL after
10 s), closes their logs and drops the database. Process output goes to files under
`tmp_dir` (printed on failure by `logs()`).
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import psycopg
import requests

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
POSTGRES_URL = os.environ.get("DESK_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/")
SECRET = "cluster-test-secret-key-" + "x" * 32  # a test-only key, not a secret
SECRETS_KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="  # 32 test bytes, base64


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def postgres_available() -> bool:
    try:
        with psycopg.connect(POSTGRES_URL + "postgres", connect_timeout=3):
            return True
    except psycopg.Error:
        return False


@dataclass
class Process:
    name: str
    popen: subprocess.Popen[bytes]
    log_path: Path
    log: IO[bytes]
    port: int | None = None

    @property
    def pid(self) -> int:
        return self.popen.pid

    @property
    def alive(self) -> bool:
        return self.popen.poll() is None


@dataclass
class Cluster:
    database: str
    env: dict[str, str]
    tmp_dir: Path
    web: list[Process] = field(default_factory=list)
    workers: list[Process] = field(default_factory=list)

    @property
    def database_url(self) -> str:
        return POSTGRES_URL + self.database

    def url(self, index: int = 0, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.web[index].port}{path}"

    def session(self, index: int = 0) -> _BoundSession:
        return _BoundSession(self.url(index, ""))

    # --- processes ---------------------------------------------------------------------------

    def _spawn(self, name: str, args: list[str], port: int | None = None) -> Process:
        log_path = self.tmp_dir / f"{name}.log"
        log = log_path.open("wb")
        env = {**self.env, **({"PORT": str(port)} if port else {})}
        popen = subprocess.Popen(  # noqa: S603 - our own interpreter and scripts
            args, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        return Process(name, popen, log_path, log, port)

    def start_web(self, count: int = 1, *, concurrency: int = 2) -> list[Process]:
        started = []
        for _ in range(count):
            name = f"web{len(self.web)}"
            args = [str(BIN / "gunicorn"), "-c", "config/gunicorn_conf.py", "config.wsgi"]
            args += ["--workers", str(concurrency), "--bind", f"127.0.0.1:{(port := free_port())}"]
            process = self._spawn(name, args, port)
            self.web.append(process)
            started.append(process)
        return started

    def start_workers(self, count: int = 1) -> list[Process]:
        started = []
        for _ in range(count):
            name = f"worker{len(self.workers)}"
            args = [sys.executable, "manage.py", "db_worker", "--no-reload", "--interval", "0.2"]
            args += ["--no-startup-delay", "--worker-id", f"{name}-{secrets.token_hex(4)}"]
            process = self._spawn(name, args)
            self.workers.append(process)
            started.append(process)
        return started

    def kill_worker(self, index: int) -> None:
        os.kill(self.workers[index].pid, signal.SIGKILL)
        self.workers[index].popen.wait(timeout=10)

    def wait_healthy(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        pending = list(range(len(self.web)))
        while pending and time.monotonic() < deadline:
            for index in list(pending):
                try:
                    if requests.get(self.url(index, "/healthz"), timeout=2).status_code == 200:
                        pending.remove(index)
                except requests.RequestException:
                    pass
            dead = [p.name for p in self.web + self.workers if not p.alive]
            if dead:
                raise RuntimeError(f"{dead} exited during start-up:\n{self.logs()}")
            time.sleep(0.3)
        if pending:
            raise RuntimeError(f"web processes {pending} never became healthy:\n{self.logs()}")

    def stop(self) -> None:
        processes = self.web + self.workers
        for process in processes:
            if process.alive:
                os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + 10
        for process in processes:
            try:
                process.popen.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.popen.wait(timeout=10)
            process.log.close()

    # --- looking inside -----------------------------------------------------------------------

    def sql(self, query: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        with psycopg.connect(self.database_url, autocommit=True) as connection:
            rows = connection.execute(query, params)  # type: ignore[arg-type]
            return list(rows.fetchall()) if rows.description else []

    def run_python(self, code: str, timeout: float = 120) -> str:
        """Run `code` with Django set up on the cluster's database; returns its stdout."""
        done = subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            timeout=timeout,
            check=False,
        )
        if done.returncode:
            raise RuntimeError(done.stderr.decode(errors="replace")[-4000:])
        return done.stdout.decode()

    @staticmethod
    def rss_kib(process: Process) -> int:
        """Resident memory of the process and its children (gunicorn's workers), in KiB."""
        pids = [process.pid, *_children(process.pid)]
        total = 0
        for pid in pids:
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            total += next(
                int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS")
            )
        return total

    def logs(self, tail: int = 60) -> str:
        parts = []
        for process in self.web + self.workers:
            process.log.flush()
            lines = process.log_path.read_text(errors="replace").splitlines()[-tail:]
            parts.append(f"--- {process.name} (pid {process.pid}) ---\n" + "\n".join(lines))
        return "\n".join(parts)


class _BoundSession(requests.Session):
    """A requests.Session whose paths are relative to one web process; it carries the CSRF
    cookie into the X-CSRFToken header and the Referer of unsafe requests, as a browser would."""

    def __init__(self, base: str) -> None:
        super().__init__()
        self.base = base

    def request(self, method: Any, url: Any, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        target = str(url)
        full = self.base + target if target.startswith("/") else target
        headers = dict(kwargs.pop("headers", None) or {})
        token = self.cookies.get("csrftoken")
        secure = headers.get("X-Forwarded-Proto") == "https"  # as if a TLS proxy were in front
        if token and str(method).upper() not in {"GET", "HEAD", "OPTIONS"}:
            headers.setdefault("X-CSRFToken", token)
            origin = self.base.replace("http://", "https://") if secure else self.base
            headers.setdefault("Referer", origin + "/")
        kwargs["headers"] = headers
        kwargs.setdefault("timeout", 30)
        response = super().request(str(method), full, *args, **kwargs)
        for cookie in self.cookies:  # the proxy speaks TLS to the client; we speak HTTP to it
            cookie.secure = False
        return response


def _children(pid: int) -> list[int]:
    try:
        found = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return []
    pids = [int(child) for child in found]
    return pids + [grand for child in pids for grand in _children(child)]


def _environment(database_url: str, static_root: Path, extra: dict[str, str]) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DESK_", "DATABASE_", "PYTEST", "EMAIL_"))
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.prod",
            "SECRET_KEY": SECRET,
            "DESK_SECRETS_KEYS": SECRETS_KEY,
            "DATABASE_URL": database_url,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SITE_URL": "http://127.0.0.1",
            "SECURE_SSL_REDIRECT": "false",  # plain HTTP on loopback, no TLS proxy in front
            "STATIC_ROOT": str(static_root),
            "MEDIA_ROOT": str(static_root.parent / "media"),
            "LOG_LEVEL": "WARNING",
            "WEB_MAX_REQUESTS": "0",
            "PYTHONUNBUFFERED": "1",
        }
    )
    env.update(extra)
    return env


@contextmanager
def cluster(
    *, web: int = 2, workers: int = 3, env: dict[str, str] | None = None, concurrency: int = 2
) -> Iterator[Cluster]:
    database = f"desk_cluster_{secrets.token_hex(4)}"
    admin_url = POSTGRES_URL + "postgres"
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{database}"')
    tmp = Path(tempfile.mkdtemp(prefix="desk-cluster-"))
    environment = _environment(POSTGRES_URL + database, tmp / "static", env or {})
    running = Cluster(database=database, env=environment, tmp_dir=tmp)
    try:
        release = subprocess.run(
            [sys.executable, "manage.py", "deploy", "--skip-checks-deploy"],
            cwd=ROOT,
            env=environment,
            capture_output=True,
            timeout=300,
            check=False,
        )
        if release.returncode:
            raise RuntimeError(release.stderr.decode(errors="replace")[-4000:])
        running.start_workers(workers)
        running.start_web(web, concurrency=concurrency)
        running.wait_healthy()
        yield running
    finally:
        running.stop()
        with psycopg.connect(admin_url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
