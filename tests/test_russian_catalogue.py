"""Every message in the source has a Russian translation (issue 2 §9).

The catalogue is extracted afresh from a copy of the source tree, so a string added without a
translation fails here even if nobody ran `makemessages`.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent


def _fresh_catalogue(tmp_path: Path) -> polib.POFile:
    for name in ("desk", "templates", "config", "locale"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("*.mo"))
    shutil.copy(ROOT / "manage.py", tmp_path / "manage.py")
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "--locale",
            "ru",
            "--no-location",
            "--ignore",
            "*/tests/*",
        ],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        env={"DJANGO_SETTINGS_MODULE": "config.settings.test", "PATH": "/usr/bin:/bin"},
    )
    return polib.pofile(str(tmp_path / "locale" / "ru" / "LC_MESSAGES" / "django.po"))


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="gettext is not installed")
def test_every_message_has_a_russian_translation(tmp_path):
    # given the source as it is now / when its messages are extracted
    catalogue = _fresh_catalogue(tmp_path)
    # then none is missing, fuzzy or missing a plural form
    missing = [entry.msgid for entry in catalogue if not entry.obsolete and not entry.translated()]
    assert len(catalogue) > 100
    assert missing == []


def test_committed_catalogue_fills_every_russian_plural_form():
    # given the committed catalogue (Django's Russian rule: one, few, many, other)
    catalogue = polib.pofile(str(ROOT / "locale" / "ru" / "LC_MESSAGES" / "django.po"))
    assert "nplurals=4" in catalogue.metadata["Plural-Forms"]
    # then every plural message has all four forms filled
    plurals = [entry for entry in catalogue if entry.msgid_plural and not entry.obsolete]
    incomplete = [
        e.msgid
        for e in plurals
        if sorted(e.msgstr_plural) != [0, 1, 2, 3] or not all(e.msgstr_plural.values())
    ]
    assert plurals
    assert incomplete == []
