"""Where a petitioner lives, as written, mapped to today's ward (xã/phường) and province.

Letters still carry the three-level addresses of before 1 July 2025 ("xã Gia Sinh, huyện Gia
Viễn"); those go through core.addresses.convert_old_address, which knows the merger tables.
Addresses already written the new way are parsed against the 2025 units directly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Case, Q, QuerySet, Value, When
from vietnamadminunits import parse_address

from dannguyen.core.addresses import convert_old_address
from dannguyen.core.models import AdministrativeUnit
from dannguyen.core.queries import search_units
from dannguyen.lib.vietnamese import fold

# A district-level part means the address predates the reform ("huyện", "quận", "thị xã",
# or a "thành phố" that is not the province itself).
_OLD_MARKERS = re.compile(r"(?:^|[\s,])(?:huyen|quan|thi xa|thi tran|h\.|q\.|tx\.)\s")
_CITY_PART = re.compile(r"(?:^|,)\s*(?:thanh pho|tp\.?)\s+([^,]+)")
_PROVINCE_CITIES = {"ha noi", "ho chi minh", "hai phong", "da nang", "can tho", "hue"}
MAX_ADDRESS = 300


@dataclass(frozen=True)
class MappedAddress:
    written: str
    street: str
    ward: AdministrativeUnit | None
    province: AdministrativeUnit | None
    was_old: bool

    @property
    def current(self) -> str:
        parts = [self.street, self.ward.name if self.ward else "", self._province_name()]
        return ", ".join(p for p in parts if p)

    def _province_name(self) -> str:
        return self.province.name if self.province else ""


def looks_old(text: str) -> bool:
    folded = fold(text)
    if _OLD_MARKERS.search(folded):
        return True
    return any(city.strip() not in _PROVINCE_CITIES for city in _CITY_PART.findall(folded))


def _map_old(text: str) -> MappedAddress | None:
    """Convert an old address without ever sending it anywhere.

    When an old ward was split between several new ones and the address has a street,
    vietnamadminunits asks an online geocoder (ArcGIS) where the street is. A petitioner's
    address must not leave the office (and the intranet has no Internet), so only the
    administrative part is converted — a split ward then maps to its default new ward,
    which the officer can correct — and the street is put back.
    """
    try:
        old = parse_address(text, mode="LEGACY", keep_street=True, level=3)
    except Exception:  # the library raises assorted errors on input it cannot parse
        return None
    units = [getattr(old, name, None) for name in ("ward", "district", "province")]
    administrative = ", ".join(u for u in units if u)
    if not administrative:
        return None
    converted = convert_old_address(administrative)
    if converted is None or converted.province is None:
        return None
    street = getattr(old, "street", None) or ""
    return MappedAddress(text, street, converted.ward, converted.province, True)


def map_address(text: str) -> MappedAddress | None:
    """Today's ward and province for an address as written, or None when not recognised."""
    text = " ".join((text or "").split())[:MAX_ADDRESS]
    if not text:
        return None
    if looks_old(text):
        return _map_old(text)
    try:
        parsed = parse_address(text, mode="FROM_2025", level=2)
    except Exception:  # the library raises assorted errors on input it cannot parse
        return None
    if not getattr(parsed, "province_code", None):
        return None
    province = AdministrativeUnit.objects.filter(
        code=str(parsed.province_code),
        kind__in=AdministrativeUnit.PROVINCE_KINDS,
        valid_to__isnull=True,
    ).first()
    if province is None:
        return None
    ward = None
    if parsed.ward_code:
        ward = AdministrativeUnit.objects.filter(
            code=str(parsed.ward_code), parent=province, valid_to__isnull=True
        ).first()
    return MappedAddress(text, parsed.street or "", ward, province, False)


def units_like(q: str) -> QuerySet[AdministrativeUnit]:
    """Today's units whose name has every word of Q, the office's own province first."""
    home = f"{settings.OFFICE_PROVINCE_CODE:02d}"
    return (
        search_units(q)
        .annotate(
            elsewhere=Case(
                When(Q(parent__code=home) | Q(code=home), then=Value(0)), default=Value(1)
            )
        )
        .order_by("elsewhere", "parent__code", "name")
    )
