"""What the stack costs before a request does any work (issue 11 pt 2): `python -m bench.floor
--database-url postgres://…/h_run [--seconds 20]`.

Serves the production settings with two bare endpoints added (`bench.floor_urls`) under the same
gunicorn and wrk as `bench.web`, and drives, as the seeded customer: a signed-in POST answered
with nothing done, one that commits a single INSERT, then the two real creations. The first two
are the ceiling any creation could reach on this machine. Never `make test`.
"""

from __future__ import annotations

from bench import web


@web.register
def floor_noop(target: web.Target) -> web.Scenario:
    return web.Scenario(
        "floor: signed-in POST, no work",
        "/bench/floor/noop",
        "customer",
        "POST",
        "{}",
        "application/json",
    )


@web.register
def floor_insert(target: web.Target) -> web.Scenario:
    return web.Scenario(
        "floor: POST + one INSERT committed",
        "/bench/floor/insert",
        "customer",
        "POST",
        "{}",
        "application/json",
    )


def main() -> None:
    web.SETTINGS = "bench.floor_settings"
    import sys

    argv = sys.argv[1:]
    if not any(a.startswith("--only") for a in argv):
        argv += ["--only", "floor_noop,floor_insert,create_by_api,create_by_form"]
    web.main(argv)


if __name__ == "__main__":
    main()
