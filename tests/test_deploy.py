"""The production deployment as documented (issue 10 point 6), checked without Docker:
deploy/compose.yaml parses and fits the subset of the Compose specification it uses, every
command in it exists, the Dockerfile installs the locked dependencies, gunicorn is locked,
and `manage.py deploy` is the one step that checks, migrates and collects static files."""

from __future__ import annotations

import gc
import re
import runpy
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parents[1]
COMPOSE = ROOT / "deploy" / "compose.yaml"
DOCKERFILE = ROOT / "deploy" / "Dockerfile"

_TEXT = {"type": "string"}
_COMMAND = {"type": "array", "items": {"type": "string"}, "minItems": 1}
_DEPENDS = {
    "type": "object",
    "additionalProperties": {
        "type": "object",
        "properties": {
            "condition": {
                "enum": [
                    "service_started",
                    "service_healthy",
                    "service_completed_successfully",
                ]
            }
        },
        "required": ["condition"],
        "additionalProperties": False,
    },
}
_HEALTHCHECK = {
    "type": "object",
    "properties": {
        "test": _COMMAND,
        "interval": {"type": "string", "pattern": r"^\d+s$"},
        "timeout": {"type": "string", "pattern": r"^\d+s$"},
        "retries": {"type": "integer", "minimum": 1},
        "start_period": {"type": "string", "pattern": r"^\d+s$"},
    },
    "required": ["test"],
    "additionalProperties": False,
}
# The part of the Compose specification this project uses, strictly: a typo is an error.
SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "name": {"type": "string", "pattern": "^[a-z0-9][a-z0-9_-]*$"},
        "services": {
            "type": "object",
            "additionalProperties": {
                "type": "object",
                "properties": {
                    "image": {"type": "string"},
                    "build": {
                        "type": "object",
                        "properties": {
                            "context": {"type": "string"},
                            "dockerfile": {"type": "string"},
                        },
                        "required": ["context", "dockerfile"],
                        "additionalProperties": False,
                    },
                    "command": _COMMAND,
                    "environment": {
                        "type": "object",
                        "additionalProperties": {"type": "string"},
                    },
                    "env_file": {"type": "string"},
                    "volumes": {
                        "type": "array",
                        "items": {"type": "string", "pattern": "^[a-z]+:/"},
                    },
                    "ports": {
                        "type": "array",
                        "items": {"type": "string", "pattern": r"^\d+:\d+$"},
                    },
                    "depends_on": _DEPENDS,
                    "healthcheck": _HEALTHCHECK,
                    "restart": {"enum": ["no", "always", "on-failure", "unless-stopped"]},
                    "deploy": {
                        "type": "object",
                        "properties": {"replicas": {"type": "integer", "minimum": 1}},
                        "additionalProperties": False,
                    },
                    "stop_grace_period": {"type": "string", "pattern": r"^\d+s$"},
                },
                "anyOf": [{"required": ["image"]}, {"required": ["build"]}],
                "additionalProperties": False,
            },
        },
        "volumes": {"type": "object"},
    },
    "patternProperties": {"^x-": {}},
    "required": ["services"],
    "additionalProperties": False,
}


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(COMPOSE.read_text())
    return loaded


def test_compose_fits_the_specification_subset(compose):
    jsonschema.validate(compose, SCHEMA)
    assert set(compose["services"]) == {"db", "release", "web", "worker"}
    assert set(compose["volumes"]) == {"pgdata", "media"}


def test_every_volume_and_dependency_is_declared(compose):
    services = compose["services"]
    for name, service in services.items():
        for volume in service.get("volumes", []):
            assert volume.split(":")[0] in compose["volumes"], (name, volume)
        for needed in service.get("depends_on", {}):
            assert needed in services, (name, needed)


def test_release_runs_the_deploy_step_before_web_and_workers(compose):
    services = compose["services"]
    assert services["release"]["command"] == ["python", "manage.py", "deploy"]
    assert services["release"]["restart"] == "no"
    assert services["release"]["depends_on"] == {"db": {"condition": "service_healthy"}}
    for name in ("web", "worker"):
        assert services[name]["depends_on"] == {
            "release": {"condition": "service_completed_successfully"}
        }


def test_web_runs_gunicorn_with_our_config_and_checks_health(compose):
    web = compose["services"]["web"]
    assert web["command"] == ["gunicorn", "-c", "config/gunicorn_conf.py", "config.wsgi"]
    assert (ROOT / "config" / "gunicorn_conf.py").exists()
    assert (ROOT / "config" / "wsgi.py").exists()
    assert "/healthz" in " ".join(web["healthcheck"]["test"])
    assert web["environment"]["DJANGO_SETTINGS_MODULE"] == "config.settings.prod"


def test_workers_run_our_db_worker_without_cron(compose):
    worker = compose["services"]["worker"]
    assert worker["command"][:3] == ["python", "manage.py", "db_worker"]
    assert "--no-reload" in worker["command"]
    # `db_worker` is ours (desk.ops: heartbeat + periodic safety nets), not django-tasks-db's
    assert get_commands()["db_worker"] == "desk.ops"
    assert get_commands()["deploy"] == "desk.ops"


def test_every_variable_the_compose_file_sets_is_documented(compose):
    documented = set(
        re.findall(r"^#? ?([A-Z][A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), re.M)
    )
    documented |= {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "MEDIA_ROOT"}
    postgres = {"POSTGRES_DB", "POSTGRES_USER", "POSTGRES_PASSWORD"}
    for name, service in compose["services"].items():
        names = set(service.get("environment", {}))
        if name == "db":
            assert names == postgres
            continue
        assert names <= documented, (name, names - documented)


def test_the_image_installs_the_locked_dependencies_with_gunicorn():
    dockerfile = DOCKERFILE.read_text()
    makefile = (ROOT / "Makefile").read_text()
    uv_version = re.search(r"^UV_VERSION := (\S+)$", makefile, re.M)
    assert uv_version is not None
    assert f'"uv=={uv_version[1]}"' in dockerfile
    assert "uv pip sync --system requirements.lock" in dockerfile
    assert re.search(r"^gunicorn==", (ROOT / "requirements.lock").read_text(), re.M)
    assert 'CMD ["gunicorn", "-c", "config/gunicorn_conf.py", "config.wsgi"]' in dockerfile


def test_gunicorn_config_reads_the_environment(monkeypatch):
    monkeypatch.setenv("PORT", "9123")
    monkeypatch.setenv("WEB_CONCURRENCY", "5")
    values = runpy.run_path(str(ROOT / "config" / "gunicorn_conf.py"))
    assert (values["bind"], values["workers"]) == ("0.0.0.0:9123", 5)
    assert values["limit_request_line"] == 8190


def test_readme_documents_the_production_commands():
    readme = (ROOT / "README.md").read_text()
    for needle in (
        "manage.py deploy",
        "gunicorn -c config/gunicorn_conf.py config.wsgi",
        "db_worker",
        "/healthz",
        "deploy/compose.yaml",
    ):
        assert needle in readme, needle


def test_deploy_step_collects_the_static_manifest(tmp_path, settings, db):
    # given production's hashed static files storage and an empty STATIC_ROOT
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    from django.core.management import call_command

    # when the deployment step runs
    call_command("deploy", skip_checks_deploy=True, verbosity=0)
    # then the manifest exists (pages can name hashed files)
    assert (tmp_path / "static" / "staticfiles.json").exists()


def test_a_gunicorn_worker_freezes_what_it_loaded():
    # given the hook of the configuration
    values = runpy.run_path(str(ROOT / "config" / "gunicorn_conf.py"))
    gc.unfreeze()
    try:
        # when a worker has loaded the application
        values["post_worker_init"](object())
        # then the collector's passes leave those objects out
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
