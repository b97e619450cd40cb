"""A petitioner's identity: normalised forms, keyed lookup hashes, masking and redaction.

Identity columns are encrypted at rest (core.fields.EncryptedTextField), so they cannot be
searched. Finding a petitioner again therefore compares keyed hashes (HMAC-SHA256) of the
normalised identity number, of the folded name + address and of the folded name. The HMAC
key is derived from the field key: a database dump without the key cannot be tested against
a list of identity numbers, which a plain hash would allow (12-digit CCCDs are few enough
to enumerate). Lookups try every configured key, so rotating DANNGUYEN_FIELD_KEY keeps old
hashes findable until the rows are saved again under the new key.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from dannguyen.lib.vietnamese import fold, normalize

if TYPE_CHECKING:
    from dannguyen.core.models import AdministrativeUnit

    from .models import Petitioner

# Luật Tố cáo Art 47(1)(a), 56(1): the denouncer's name, address, handwriting and other
# personal information are kept secret. Shown wherever a protected value would be.
PROTECTED = _("(kept confidential)")

_HASH_CONTEXT = b"dannguyen.petitions.identity.v1"
_NOT_DIGITS = re.compile(r"\D")
_NOT_WORD = re.compile(r"[^\w]+")


def normalize_id_number(value: str) -> str:
    """Digits only: "037 123 456 789" and "037.123.456.789" are the same CCCD."""
    return _NOT_DIGITS.sub("", normalize(value or ""))


def normalize_phone(value: str) -> str:
    """A Vietnamese phone number in its national form: +84 912… and 84912… become 0912…."""
    digits = _NOT_DIGITS.sub("", normalize(value or ""))
    if digits.startswith("84") and len(digits) in (11, 12):
        digits = "0" + digits[2:]
    return digits


def normalize_name(value: str) -> str:
    """Title-cased, single-spaced, NFC: how a name is stored and shown."""
    words = normalize(value or "").split()
    return " ".join(w[:1].upper() + w[1:].lower() for w in words)


def address_key(address: str, ward_code: str = "") -> str:
    """What makes two written addresses "the same" for finding a person again.

    With a mapped ward, ADDRESS is the street part the mapping left over and the key is the
    ward code plus that part folded, so "Xóm 3, xã Gia Vân, Ninh Bình" and "xom 3, Gia Van,
    tinh Ninh Binh" agree; without one it is the whole address, folded, punctuation removed.
    """
    folded = " ".join(_NOT_WORD.sub(" ", fold(address)).split())
    return f"{ward_code}|{folded}" if ward_code else folded


def _keys() -> list[bytes]:
    derived = []
    for key in settings.FIELD_ENCRYPTION_KEYS:
        derived.append(hmac.new(key.encode("ascii"), _HASH_CONTEXT, hashlib.sha256).digest())
    return derived


def _hmac(key: bytes, value: str) -> str:
    return hmac.new(key, value.encode("utf-8"), hashlib.sha256).hexdigest()


def keyed_hash(value: str) -> str:
    """The hash stored beside the ciphertext (under the current key); "" for no value."""
    return _hmac(_keys()[0], value) if value else ""


def lookup_hashes(value: str) -> list[str]:
    """The hashes VALUE may be stored under, one per configured key (rotation)."""
    return [_hmac(k, value) for k in _keys()] if value else []


def id_number_material(id_number: str) -> str:
    return normalize_id_number(id_number)


def name_material(full_name: str) -> str:
    return fold(full_name)


def name_address_material(full_name: str, street: str, ward_code: str = "") -> str:
    name = fold(full_name)
    place = address_key(street, ward_code)
    return f"{name}|{place}" if name and place else ""


@dataclass(frozen=True)
class ShownIdentity:
    """What a page, an export or the API may show of one petitioner."""

    full_name: str
    id_number: str
    phone: str
    address: str
    place: str
    is_masked: bool


def masked() -> ShownIdentity:
    text = str(PROTECTED)
    return ShownIdentity(text, text, text, text, text, True)


def mask_id_number(value: str) -> str:
    """Enough to tell two people apart on a lookup, not enough to copy: ••••••••6789."""
    digits = normalize_id_number(value)
    return "•" * max(len(digits) - 4, 0) + digits[-4:] if digits else ""


def redact(text: str, secrets: list[str]) -> str:
    """TEXT with every occurrence of SECRETS (names, numbers) replaced by the protected mark.

    Letters of denunciation often sign off "Người tố cáo: Nguyễn Văn A, CCCD …"; the working
    copy shown to other staff must not carry it (Luật Tố cáo Art 56(1)(b)). Matching ignores
    case and the spacing inside numbers.
    """
    mark = str(PROTECTED)
    for secret in sorted({s.strip() for s in secrets if s and len(s.strip()) >= 3}, key=len)[::-1]:
        if secret.replace(" ", "").isdigit():
            pattern = r"[\s.]?".join(re.escape(c) for c in secret.replace(" ", ""))
        else:
            pattern = r"\s+".join(re.escape(w) for w in secret.split())
        text = re.sub(pattern, mark, text, flags=re.IGNORECASE)
    return text


@dataclass(frozen=True)
class PersonInput:
    """A signer as typed on the form, sent to the API or read from an import file."""

    full_name: str = ""
    id_number: str = ""
    phone: str = ""
    address: str = ""
    ward: AdministrativeUnit | None = None
    existing: Petitioner | None = None

    @property
    def is_empty(self) -> bool:
        return not (self.full_name or self.id_number or self.phone or self.address)
