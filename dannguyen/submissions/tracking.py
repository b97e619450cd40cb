"""Tracking codes and the keyed hashes a lookup compares.

A tracking code is random, not derived from the register number, so holding one code says
nothing about any other petition. Only HMACs keyed with SECRET_KEY are stored: a database
copy without the key cannot be tested against lists of phone numbers (ten digits are few
enough to enumerate), and SECRET_KEY_FALLBACKS keep old hashes findable after a rotation.
"""

from __future__ import annotations

import re
import secrets

from django.conf import settings
from django.utils.crypto import salted_hmac

from dannguyen.lib.vietnamese import fold, normalize
from dannguyen.petitions import identity

# No 0/O, 1/I/L: a code read over the phone or copied from paper cannot be mistyped into
# another valid one. 31^10 ≈ 8·10^14 codes, against at most LOOKUPS_PER_HOUR tries.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 10
PREFIX = "DN"
_SALT = "dannguyen.submissions."
_SEPARATORS = re.compile(r"[\s\-–—_.]+")
_NOT_ID = re.compile(r"[^0-9A-Z]")


def new_code() -> str:
    """A fresh code, grouped for reading aloud: DN-7KQ4M-X2PZR."""
    chars = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    half = CODE_LENGTH // 2
    return f"{PREFIX}-{chars[:half]}-{chars[half:]}"


def code_material(text: str) -> str:
    """The code as typed, reduced to its random part; "" when it cannot be a code."""
    compact = _SEPARATORS.sub("", normalize(text or "")).upper()
    if len(compact) == CODE_LENGTH + len(PREFIX) and compact.startswith(PREFIX):
        compact = compact[len(PREFIX) :]
    if len(compact) != CODE_LENGTH or any(c not in ALPHABET for c in compact):
        return ""
    return compact


def phone_material(text: str) -> str:
    return identity.normalize_phone(text or "")


def id_number_material(text: str) -> str:
    """CCCD, CMND or passport number, whatever the spacing and case."""
    return _NOT_ID.sub("", normalize(text or "").upper())


def content_material(text: str) -> str:
    """The content as far as a repeat is concerned: accents, case and spacing ignored."""
    return " ".join(fold(text or "").split())


def keyed(purpose: str, value: str) -> str:
    """The hash stored for VALUE (under the current SECRET_KEY)."""
    return salted_hmac(_SALT + purpose, value, algorithm="sha256").hexdigest()


def keyed_all(purpose: str, value: str) -> list[str]:
    """The hashes VALUE may be stored under: the current key, then each fallback."""
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return [
        salted_hmac(_SALT + purpose, value, secret=key, algorithm="sha256").hexdigest()
        for key in keys
    ]
