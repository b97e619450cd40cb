from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Path, Query, Router, Schema
from ninja.pagination import paginate

from dannguyen.accounts.permissions import require
from dannguyen.core import permissions, queries
from dannguyen.core.models import Agency, FieldOfWork
from dannguyen.lib.formfields import MAX_ID

from ..pagination import PagePagination

router = Router(tags=["reference data"])


class AgencyOut(Schema):
    id: int
    name: str
    short_name: str
    level: str
    kind: str
    parent_id: int | None
    administrative_unit_code: str | None = Field(None, alias="administrative_unit.code")
    address: str
    phone: str
    email: str
    website: str
    is_active: bool


class AgencyFilter(Schema):
    q: str = Field("", max_length=200)
    level: str = Field("", max_length=20)


class UnitOut(Schema):
    code: str
    name: str
    kind: str
    parent_code: str | None = Field(None, alias="parent.code")
    parent_name: str | None = Field(None, alias="parent.name")


class UnitFilter(Schema):
    q: str = Field("", max_length=100)
    province: str = Field("", max_length=10)


class FieldOut(Schema):
    code: str
    name: str
    parent_code: str | None = Field(None, alias="parent.code")
    petition_kinds: list[str]
    is_active: bool


@router.get("/agencies", response=list[AgencyOut], summary="Agencies directory")
@paginate(PagePagination)
def list_agencies(request: HttpRequest, filters: Query[AgencyFilter]) -> QuerySet[Agency]:
    require(permissions.can_view_reference_data(request.user))
    return queries.search_agencies(filters.q, level=filters.level)


@router.get("/agencies/{agency_id}", response=AgencyOut, summary="One agency")
def get_agency(request: HttpRequest, agency_id: int = Path(..., ge=1, le=MAX_ID)) -> Agency:
    require(permissions.can_view_reference_data(request.user))
    return get_object_or_404(Agency.objects.select_related("administrative_unit"), pk=agency_id)


@router.get(
    "/administrative-units", response=list[UnitOut], summary="Provinces and communes (current)"
)
@paginate(PagePagination)
def list_units(request: HttpRequest, filters: Query[UnitFilter]) -> QuerySet[Any]:
    require(permissions.can_view_reference_data(request.user))
    return queries.search_units(filters.q, province=filters.province)


@router.get("/fields", response=list[FieldOut], summary="The lĩnh vực tree, parents first")
@paginate(PagePagination)
def list_fields(request: HttpRequest) -> QuerySet[FieldOfWork]:
    require(permissions.can_view_reference_data(request.user))
    return FieldOfWork.objects.select_related("parent").order_by("order", "code")
