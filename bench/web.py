"""The web benchmark (issue 11): `make bench-web N=100000 DB=pg` (or `DB=sqlite`).

1. A database of N requests: `bench_<N>` on PostgreSQL (`BENCH_PG`, default the local server)
   or `/tmp/bench-<N>.sqlite3`, migrated and filled by `manage.py seed_load --requests N` once;
   later runs reuse it (drop it to rebuild).
2. The production settings served by gunicorn (`config/gunicorn_conf.py`, 2 workers: the
   machine has 2 cores), HTTPS as a proxy would announce it.
3. Each scenario driven by wrk (Debian's `wrk`) for `DURATION` seconds at `CONNECTIONS`
   connections, then req/s and p50/p95/p99 latency printed per scenario, with the load average
   (the load generator runs on the same machine).

Never part of `make test`. Scenarios are the `SCENARIOS` list: another module adds its own
through `register` (search adds "search" this way).
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote_plus

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
# The checkout that is served; `--app-root` points at another one (an older commit, to measure
# "before" on a copy of the same database; the copy must be migrated back first).
APP = ROOT
ENGINEER = "erin.walsh@supportdesk.example"
# What gunicorn serves; `bench.floor` serves the same settings with two bare endpoints added.
SETTINGS = "config.settings.prod"
TMP = Path(tempfile.gettempdir())
PSQL = shutil.which("psql") or "/usr/bin/psql"
WRK = shutil.which("wrk") or "/usr/bin/wrk"


@dataclass(frozen=True)
class Target:
    """What a scenario needs to know about the seeded database and the signed-in sessions."""

    base: str
    engineer_cookie: str
    customer_cookie: str
    csrf: str
    ticket_ids: list[int]
    store_id: int
    department: str


@dataclass(frozen=True)
class Scenario:
    name: str
    path: str
    who: str  # "engineer" or "customer"
    method: str = "GET"
    body: str = ""
    content_type: str = ""
    paths: list[str] = field(default_factory=list)  # rotated through when given


ScenarioFactory = Callable[[Target], Scenario]
SCENARIOS: list[ScenarioFactory] = []


def register(factory: ScenarioFactory) -> ScenarioFactory:
    SCENARIOS.append(factory)
    return factory


@register
def queue_all(target: Target) -> Scenario:
    return Scenario("console queue: all open", "/console/?view=all", "engineer")


@register
def queue_department(target: Target) -> Scenario:
    return Scenario(
        "console queue: one department", f"/console/?department={target.department}", "engineer"
    )


@register
def queue_mine(target: Target) -> Scenario:
    return Scenario("console queue: mine", "/console/?view=mine", "engineer")


@register
def request_view(target: Target) -> Scenario:
    paths = [f"/console/requests/{pk}/" for pk in target.ticket_ids]
    return Scenario("request view (console)", paths[0], "engineer", paths=paths)


@register
def customer_requests(target: Target) -> Scenario:
    return Scenario("customer requests list", "/requests/", "customer")


@register
def create_by_form(target: Target) -> Scenario:
    body = (
        f"store={target.store_id}&subject=Checkout+fails&body=The+payment+page+shows+an+error."
        "&category=troubleshooting&language=en&csrfmiddlewaretoken=" + target.csrf
    )
    return Scenario(
        "create by form",
        "/requests/new/",
        "customer",
        "POST",
        body,
        "application/x-www-form-urlencoded",
    )


@register
def create_by_api(target: Target) -> Scenario:
    body = json.dumps(
        {
            "store_id": target.store_id,
            "subject": "Checkout fails",
            "body": "The payment page shows an error.",
            "category": "troubleshooting",
        }
    )
    return Scenario("create by API", "/api/tickets", "customer", "POST", body, "application/json")


# Search (issue 11 pt 3): a common word, a rarer one, two words, and a Russian stem that must
# find "Платёж" / "платежи" in the seeded subjects and bodies.
SEARCH_WORDS = tuple(quote_plus(q) for q in ("payment", "germany", "images upgrade", "платежи"))


@register
def search_console(target: Target) -> Scenario:
    paths = [f"/console/search/?q={q}" for q in SEARCH_WORDS]
    return Scenario("search (console)", paths[0], "engineer", paths=paths)


@register
def search_portal(target: Target) -> Scenario:
    paths = [f"/requests/search/?q={q}" for q in SEARCH_WORDS]
    return Scenario("search (portal, my requests)", paths[0], "customer", paths=paths)


@register
def search_api(target: Target) -> Scenario:
    paths = [f"/api/console/search?q={q}" for q in SEARCH_WORDS]
    return Scenario("search (API, console)", paths[0], "engineer", paths=paths)


# --- the database -------------------------------------------------------------------------


def database_url(db: str, requests: int) -> str:
    if db == "pg":
        server = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
        return f"{server}/bench_{requests}"
    return f"sqlite:////tmp/bench-{requests}.sqlite3"


def environment(url: str, port: int) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE=SETTINGS,
        DATABASE_URL=url,
        SECRET_KEY=env.get("SECRET_KEY", "bench-" + "x" * 40),
        # a fixed key for a throw-away database (prod settings insist on one)
        DESK_SECRETS_KEYS=env.get(
            "DESK_SECRETS_KEYS", "YmVuY2gtb25seS1rZXktZm9yLXRocm93LWF3YXktZGI="
        ),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SITE_URL=f"http://127.0.0.1:{port}",
        DESK_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO=https",
        SECURE_SSL_REDIRECT="false",
        SECURE_HSTS_SECONDS="0",
        PORT=str(port),
        HOST="127.0.0.1",
        WEB_CONCURRENCY=env.get("WEB_CONCURRENCY", "2"),
        WEB_MAX_REQUESTS="0",
        STATIC_ROOT=env.get("BENCH_STATIC_ROOT", str(TMP / "bench-static")),
        MEDIA_ROOT=env.get("BENCH_MEDIA_ROOT", str(TMP / "bench-media")),
    )
    return env


def prepare(db: str, requests: int, env: dict[str, str]) -> None:
    if db == "pg":
        name = env["DATABASE_URL"].rsplit("/", 1)[1]
        server = env["DATABASE_URL"].rsplit("/", 1)[0] + "/postgres"
        exists = subprocess.run(  # noqa: S603
            [PSQL, server, "-Atc", "SELECT datname FROM pg_database"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        if name not in exists:
            subprocess.run([PSQL, server, "-c", f"CREATE DATABASE {name}"], check=True)  # noqa: S603
    manage = [PY, str(APP / "manage.py")]
    subprocess.run(  # noqa: S603
        [*manage, "collectstatic", "--noinput", "-v0"], env=env, check=True, cwd=APP
    )
    if APP != ROOT:  # another checkout serves a database prepared by this one
        return
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True, cwd=ROOT)  # noqa: S603
    seeded = _django(
        env, "print(Ticket.objects.filter(customer__email__endswith='@seed.example').count())"
    )
    if int(seeded or 0) < requests:
        started = time.monotonic()
        subprocess.run(  # noqa: S603
            [*manage, "seed_load", "--requests", str(requests - int(seeded or 0))],
            env=env,
            check=True,
            cwd=ROOT,
        )
        print(f"seeded in {time.monotonic() - started:.0f} s")
    if db == "pg":
        subprocess.run(  # noqa: S603
            [PSQL, env["DATABASE_URL"], "-qc", "VACUUM ANALYZE"],
            check=True,
        )


def _django(env: dict[str, str], code: str) -> str:
    """Run `code` in a Django shell of the bench database; its printed output."""
    prelude = "import django; django.setup()\nfrom desk.tickets.models import Ticket\n"
    done = subprocess.run(  # noqa: S603
        [PY, "-c", prelude + code], env=env, capture_output=True, text=True, check=True, cwd=APP
    )
    return done.stdout.strip()


SESSIONS = """
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from desk.accounts.models import User, Engineer
from desk.tickets.models import OPEN_STATUSES
import json

def session(email):
    user = User.objects.get(email=email)
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key, user

engineer_key, engineer = session(ENGINEER)
customer_key, customer = session("customer0@seed.example")
ids = list(Ticket.objects.filter(status__in=OPEN_STATUSES).order_by("-id")
           .values_list("id", flat=True)[:200])
store = customer.stores.order_by("pk").first()
print(json.dumps({"engineer": engineer_key, "customer": customer_key, "ids": ids,
                  "store": store.pk}))
"""


def sign_in(env: dict[str, str], base: str) -> Target:
    found = json.loads(_django(env, f"ENGINEER = {ENGINEER!r}\n" + SESSIONS).splitlines()[-1])
    csrf = secrets.token_hex(16)
    return Target(
        base,
        f"sessionid={found['engineer']}; csrftoken={csrf}",
        f"sessionid={found['customer']}; csrftoken={csrf}",
        csrf,
        found["ids"],
        found["store"],
        "customer-service",
    )


# --- serving and driving ------------------------------------------------------------------


def serve(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    base = f"http://127.0.0.1:{env['PORT']}"
    if _answers(base):
        raise SystemExit(f"something already listens on {base}: set BENCH_PORT")
    with log.open("wb") as out:
        server = subprocess.Popen(  # noqa: S603
            [GUNICORN, "-c", "config/gunicorn_conf.py", "config.wsgi"],
            env=env,
            cwd=APP,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    for _ in range(120):
        if server.poll() is not None:
            break
        if _answers(base):
            return server
        time.sleep(0.5)
    server.terminate()
    server.wait(timeout=30)
    raise SystemExit(f"gunicorn did not answer; see {log}")


def _answers(base: str) -> bool:
    try:
        with urllib.request.urlopen(base + "/pricing/", timeout=10) as answer:  # noqa: S310
            return int(answer.status) == 200
    except urllib.error.HTTPError:
        return True  # it answers, wrongly: the caller sees it in the log
    except OSError:  # refused, reset, timed out
        return False


LUA = """
local paths = {%(paths)s}
local headers = {
  ["Cookie"] = "%(cookie)s",
  ["X-Forwarded-Proto"] = "https",
  ["X-CSRFToken"] = "%(csrf)s",
  ["Referer"] = "https://127.0.0.1:%(port)s/",
  %(content_type)s
}
local n = 0
local codes = {}
request = function()
  n = n + 1
  return wrk.format("%(method)s", paths[(n %% #paths) + 1], headers, %(body)s)
end
response = function(status, headers, body)
  codes[status] = (codes[status] or 0) + 1
end
done = function(summary, latency, requests)
  local bad = summary.errors.status + summary.errors.connect + summary.errors.read
    + summary.errors.write + summary.errors.timeout
  io.write(string.format(
    "JSON {\\"requests\\": %%d, \\"seconds\\": %%f, \\"p50\\": %%f, "
    .. "\\"p95\\": %%f, \\"p99\\": %%f, \\"errors\\": %%d}\\n",
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1e3,
    latency:percentile(95) / 1e3, latency:percentile(99) / 1e3, bad))
end
"""


def _lua(scenario: Scenario, target: Target, port: str) -> str:
    paths = scenario.paths or [scenario.path]
    cookie = target.engineer_cookie if scenario.who == "engineer" else target.customer_cookie
    return LUA % {
        "paths": ", ".join(json.dumps(path) for path in paths),
        "cookie": cookie,
        "csrf": target.csrf,
        "port": port,
        "method": scenario.method,
        "body": json.dumps(scenario.body) if scenario.body else "nil",
        "content_type": (
            f'["Content-Type"] = "{scenario.content_type}",' if scenario.content_type else ""
        ),
    }


def check(scenario: Scenario, target: Target, port: str) -> int:
    """One request as wrk will send it: its status (a refused form would answer 200 with
    errors, so creation must redirect (form) or answer 201 (API))."""
    cookie = target.engineer_cookie if scenario.who == "engineer" else target.customer_cookie
    request = urllib.request.Request(  # noqa: S310
        target.base + (scenario.paths or [scenario.path])[0],
        data=scenario.body.encode() if scenario.body else None,
        method=scenario.method,
        headers={
            "Cookie": cookie,
            "X-Forwarded-Proto": "https",
            "X-CSRFToken": target.csrf,
            "Referer": f"https://127.0.0.1:{port}/",
            **({"Content-Type": scenario.content_type} if scenario.content_type else {}),
        },
    )

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: object, **kwargs: object) -> None:
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=30) as answer:
            return int(answer.status)
    except urllib.error.HTTPError as error:
        return error.code


def drive(
    scenario: Scenario,
    target: Target,
    port: str,
    seconds: int,
    connections: int,
    warmup: int = 0,
) -> dict[str, float]:
    """wrk against one scenario; `warmup` seconds of the same load first, not counted (the
    workers' caches and the database's buffers reach their steady state)."""
    status = check(scenario, target, port)
    expected = {"GET": (200,), "POST": (201, 302)}[scenario.method]
    if status not in expected:
        raise SystemExit(f"{scenario.name}: {scenario.path} answered {status}")
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(_lua(scenario, target, port))
    try:
        for duration in (warmup, seconds) if warmup else (seconds,):
            done = subprocess.run(  # noqa: S603
                [
                    WRK,
                    "-t2",
                    f"-c{connections}",
                    f"-d{duration}s",
                    "--timeout",
                    "10s",
                    "-s",
                    script.name,
                    target.base,
                ],
                capture_output=True,
                text=True,
                check=True,
            )
    finally:
        Path(script.name).unlink()
    line = next(row for row in done.stdout.splitlines() if row.startswith("JSON "))
    found: dict[str, float] = json.loads(line[5:])
    found["rps"] = found["requests"] / found["seconds"]
    return found


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", "-n", type=int, default=int(os.environ.get("N", "10000")))
    parser.add_argument("--db", choices=["pg", "sqlite"], default=os.environ.get("DB", "pg"))
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("DURATION", "20")))
    parser.add_argument("--connections", type=int, default=int(os.environ.get("CONNECTIONS", "4")))
    parser.add_argument(
        "--warmup",
        type=int,
        default=int(os.environ.get("WARMUP", "3")),
        help="seconds of load before each scenario's measured run (0: none)",
    )
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", "8790")))
    parser.add_argument("--only", default="", help="comma-separated scenario function names")
    parser.add_argument("--app-root", default="", help="serve this checkout instead")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", ""),
        help="instead of the seeded bench_<N> (env BENCH_DATABASE_URL)",
    )
    args = parser.parse_args(argv)
    global APP  # one run serves one checkout
    APP = Path(args.app_root).resolve() if args.app_root else ROOT
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install wrk")
    url = args.database_url or database_url(args.db, args.requests)
    env = environment(url, args.port)
    prepare(args.db, args.requests, env)
    log = Path(tempfile.gettempdir()) / f"bench-web-{args.db}-{args.requests}.log"
    server = serve(env, log)
    try:
        target = sign_in(env, f"http://127.0.0.1:{args.port}")
        chosen = [f for f in SCENARIOS if not args.only or f.__name__ in args.only.split(",")]
        print(
            f"N={args.requests} DB={args.db} wrk -t2 -c{args.connections} -d{args.seconds}s "
            f"after {args.warmup} s of warm-up; gunicorn {env['WEB_CONCURRENCY']} workers; "
            f"{os.cpu_count()} cores"
        )
        heads = ("req/s", "p50 ms", "p95 ms", "p99 ms")
        print(f"{'scenario':34} " + " ".join(f"{h:>8}" for h in heads) + f" {'errors':>6}  load")
        for factory in chosen:
            scenario = factory(target)
            found = drive(
                scenario, target, str(args.port), args.seconds, args.connections, args.warmup
            )
            load = os.getloadavg()[0]
            print(
                f"{scenario.name:34} {found['rps']:8.1f} {found['p50']:8.1f} {found['p95']:8.1f} "
                f"{found['p99']:8.1f} {int(found['errors']):6d}  {load:.2f}",
                flush=True,
            )
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
