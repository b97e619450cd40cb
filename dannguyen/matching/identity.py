"""Keyed hashes of who a text is from: the index never holds a readable identity.

A denouncer's identity must not be recoverable from the matching index (Luật Tố cáo 2018
Art 47–48, domain.md §1.9), yet intake must find "the same person" again. So each
identity value is normalised and replaced by an HMAC-SHA256 under a key derived from the
office's field-encryption key (settings.FIELD_ENCRYPTION_KEYS, see core/fields.py):
without that key the digests cannot be tested against guesses (names and identity
numbers are few enough to enumerate, so an unkeyed hash would not protect them).

Keys rotate like the field key: digests are written under the first key and looked up
under every configured key, so items indexed before a rotation are still found; a
re-index of the caller's items moves them to the new key.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dannguyen.lib.vietnamese import fold

__all__ = [
    "KeyKind",
    "Person",
    "PersonKey",
    "lookup_digests",
    "normalize_address",
    "normalize_id_number",
    "normalize_name",
    "normalize_phone",
    "person_keys",
]


@dataclass(frozen=True)
class Person:
    """Who wrote or signed a text, as the caller knows them (any field may be empty)."""

    full_name: str = ""
    id_number: str = ""
    address: str = ""
    phone: str = ""


class KeyKind(models.TextChoices):
    ID_NUMBER = "id", _("identity number")
    NAME_ADDRESS = "name_address", _("name and address")
    PHONE = "phone", _("phone number")
    NAME = "name", _("name")


@dataclass(frozen=True, slots=True)
class PersonKey:
    kind: str
    value: str  # normalised clear value: never stored, only hashed


# Only titles that are never surnames (Hồ, Chu, Cù, Đinh are surnames).
_HONORIFICS = frozenset({"ong", "ba", "anh", "chi", "bac"})
# Words that name an address level; dropped where a part of the address begins with them
# ("thôn Đông Hạ" -> "dong ha") but kept inside names ("Nho Quan", "Thanh Hóa").
_LEVEL_WORDS = frozenset(
    {
        "so", "nha", "can", "ho", "duong", "pho", "ngo", "ngach", "hem", "kiet", "to",
        "tdp", "thon", "xom", "ap", "ban", "buon", "lang", "khu", "khom", "xa", "phuong",
        "thi", "tran", "dac", "huyen", "quan", "thanh", "tinh", "tp", "tx", "tt", "dia",
        "chi", "thuong", "tru", "tam", "tai", "o", "dan",
    }
)  # fmt: skip


def normalize_id_number(value: str) -> str:
    """Digits and letters only, upper case: "0371 0900 1234" and "037109001234" match.

    CCCD/định danh numbers have 12 digits, old CMND 9, passports a letter and 7 digits;
    anything shorter than 6 characters is too weak to identify anyone and is dropped.
    """
    cleaned = re.sub(r"[^0-9A-Z]", "", fold(value).upper())
    return cleaned if len(cleaned) >= 6 else ""


def normalize_phone(value: str) -> str:
    digits = re.sub(r"\D", "", value)
    if digits.startswith("84") and len(digits) >= 11:
        digits = "0" + digits[2:]
    return digits if len(digits) >= 9 else ""


def normalize_name(value: str) -> str:
    """Folded syllables without leading honorifics ("Ông Nguyễn Văn An" -> "nguyen van an")."""
    words = re.findall(r"[a-z0-9]+", fold(value))
    while len(words) > 2 and words[0] in _HONORIFICS:
        words.pop(0)
    return " ".join(words) if len(words) >= 2 else ""


def normalize_address(value: str) -> str:
    """The first two parts of an address (house or hamlet, then commune), folded, without
    the words that name the level ("thôn", "xã"…).

    Two parts, not all: the same person writes "thôn Đông, xã Yên Mô" one year and
    "thôn Đông, xã Yên Mô, tỉnh Ninh Bình" the next. Callers should pass the address as
    converted to the current units (core.addresses), so a letter from before the 2025
    reform and one after it agree.
    """
    parts = [p for p in re.split(r"[,;\n]|\s-\s", fold(value)) if p.strip()]
    words: list[str] = []
    for part in parts[:2]:
        tokens = re.findall(r"[a-z0-9]+", part)
        while tokens and tokens[0] in _LEVEL_WORDS:
            tokens.pop(0)
        words += [t for t in tokens if t != "so"]
    return " ".join(words)


def person_keys(people: Sequence[Person]) -> list[PersonKey]:
    keys: dict[tuple[str, str], None] = {}
    for person in people:
        id_number = normalize_id_number(person.id_number or "")
        name = normalize_name(person.full_name or "")
        address = normalize_address(person.address or "")
        phone = normalize_phone(person.phone or "")
        if id_number:
            keys[(KeyKind.ID_NUMBER.value, id_number)] = None
        if name and address:
            keys[(KeyKind.NAME_ADDRESS.value, f"{name}|{address}")] = None
        if phone:
            keys[(KeyKind.PHONE.value, phone)] = None
        if name:
            keys[(KeyKind.NAME.value, name)] = None
    return [PersonKey(kind, value) for kind, value in keys]


def _hmac_keys() -> list[bytes]:
    return [
        hmac.new(k.encode("utf-8"), b"dannguyen.matching.person-key.v1", hashlib.sha256).digest()
        for k in settings.FIELD_ENCRYPTION_KEYS
    ]


def digest(key: PersonKey, secret: bytes | None = None) -> str:
    """The stored form: hex HMAC-SHA256 of kind and value (hex: 64 characters)."""
    secret = secret if secret is not None else _hmac_keys()[0]
    message = f"{key.kind}\x00{key.value}".encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


def lookup_digests(key: PersonKey) -> list[str]:
    """The digests to look KEY up by: one per configured field key (rotation)."""
    return list(dict.fromkeys(digest(key, secret) for secret in _hmac_keys()))
