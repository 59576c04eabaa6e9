"""One spelling per address: NFKC then casefold, so look-alikes (KELVIN SIGN "K", full-width
letters, "ß"/"ss") collapse to the form we store and compare. An address that only *looks*
alike after another normalisation (dotless "ı", Cyrillic letters) stays a different address:
it is another mailbox, and nothing of the real account is ever sent to it (issue 14)."""

from __future__ import annotations

import unicodedata


def canonical_email(value: str) -> str:
    return unicodedata.normalize("NFKC", value).strip().casefold()
