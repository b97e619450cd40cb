"""Model fields encrypted at rest with the office's field key (DANNGUYEN_FIELD_KEY).

Used for what must not be readable from a database dump or backup: a denouncer's identity,
identity-document numbers. Values are Fernet tokens (AES-128-CBC + HMAC); several keys may
be configured so an old key keeps decrypting after rotation.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

PREFIX = "fernet:"


@lru_cache(maxsize=4)
def _cipher(keys: tuple[str, ...]) -> MultiFernet:
    try:
        return MultiFernet([Fernet(k.encode("ascii")) for k in keys])
    except (ValueError, TypeError) as exc:
        raise ImproperlyConfigured(
            "DANNGUYEN_FIELD_KEY must be one or more comma-separated Fernet keys."
        ) from exc


def cipher() -> MultiFernet:
    return _cipher(tuple(settings.FIELD_ENCRYPTION_KEYS))


def encrypt(value: str) -> str:
    return PREFIX + cipher().encrypt(value.encode("utf-8")).decode("ascii")


def decrypt(stored: str) -> str:
    if not stored.startswith(PREFIX):
        raise InvalidToken("value is not an encrypted field")
    return cipher().decrypt(stored[len(PREFIX) :].encode("ascii")).decode("utf-8")


class EncryptedTextField(models.TextField):
    """A text field stored encrypted. It cannot be searched or indexed by its clear value."""

    description = "Text encrypted at rest"

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(str(value))

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None or value == "":
            return value
        return decrypt(value)

    def get_lookup(self, lookup_name: str) -> Any:
        # Equality on ciphertext can never match (random IV), so refuse it loudly.
        if lookup_name not in {"isnull"}:
            return None
        return super().get_lookup(lookup_name)
