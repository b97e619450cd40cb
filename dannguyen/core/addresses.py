"""Addresses written before the 1 July 2025 reform, converted to today's two-level units."""

from __future__ import annotations

from dataclasses import dataclass

from vietnamadminunits import convert_address, parse_address

from .models import AdministrativeUnit


@dataclass(frozen=True)
class ConvertedAddress:
    old_address: str
    street: str
    ward_name: str
    province_name: str
    ward: AdministrativeUnit | None
    province: AdministrativeUnit | None

    @property
    def new_address(self) -> str:
        parts = [self.street, self.ward_name, self.province_name]
        return ", ".join(p for p in parts if p)


def convert_old_address(text: str) -> ConvertedAddress | None:
    """Map an old "xã, huyện, tỉnh" address to the current ward and province, or None.

    vietnamadminunits does the matching (it knows the 2025 merger tables); we then attach
    our own AdministrativeUnit rows by code so the result can be stored as a foreign key.

    Only the administrative part is given to the converter: for an old ward split between
    several new ones it would otherwise send the street address to an online geocoder
    (ArcGIS). Citizens' addresses must not leave the office, and an intranet has no
    Internet; a split ward maps to its default new ward, which staff can correct.
    """
    text = " ".join(text.split())
    if not text:
        return None
    try:
        old = parse_address(text, mode="LEGACY", keep_street=True, level=3)
        units = [getattr(old, name, None) for name in ("ward", "district", "province")]
        administrative = ", ".join(u for u in units if u)
        if not administrative:
            return None
        result = convert_address(administrative)
    except Exception:  # the library raises assorted errors on input it cannot parse
        return None
    street = getattr(old, "street", None) or ""
    if not getattr(result, "province", None):
        return None
    ward = None
    province = AdministrativeUnit.objects.filter(
        code=str(result.province_code or ""),
        kind__in=AdministrativeUnit.PROVINCE_KINDS,
        valid_to__isnull=True,
    ).first()
    if result.ward_code:
        ward = (
            AdministrativeUnit.objects.filter(
                code=result.ward_code, valid_to__isnull=True, parent__isnull=False
            )
            .exclude(kind__in=AdministrativeUnit.PROVINCE_KINDS)
            .first()
        )
    return ConvertedAddress(
        old_address=text,
        street=street,
        ward_name=result.ward or "",
        province_name=result.province or "",
        ward=ward,
        province=province,
    )
