"""Outreach workflow: the only module that changes `Programme.status` or what a programme
lists (households, gifts, sources, photos), each time with a `ProgrammeEvent` in the same
transaction.

Who may move a programme (the table below):

* APPROVER — the office's managers, and the delegation / Thường trực HĐND leaders whose
  visit it is: they approve a plan or send it back;
* STAFF — the office's staff, who prepare the programme, record the visits and report.

Budget rule (decided with the office's practice in mind): the gifts of a programme may
never add up to more than its funding sources. A gift that would overdraw the budget is
refused, and so is removing or lowering a source below what was already given; when a
sponsor adds money on the day, the office records that source first, then the gift. So
every report balances, and the refusal says exactly what is missing.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from dannguyen.accounts.models import Role
from dannguyen.accounts.permissions import OFFICE_MANAGERS, OFFICE_STAFF, has_any_role
from dannguyen.matching.identity import normalize_name

from .models import (
    MAX_BUDGET_VND,
    Beneficiary,
    FundingSource,
    Gift,
    Photo,
    Programme,
    ProgrammeAction,
    ProgrammeEvent,
    ProgrammeStatus,
)

APPROVER = "approver"
STAFF = "staff"

S = ProgrammeStatus
APPROVERS = OFFICE_MANAGERS | frozenset({Role.Code.DELEGATION_LEADER, Role.Code.COUNCIL_LEADER})

TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    (S.PLANNED, S.APPROVED): frozenset({APPROVER}),
    (S.APPROVED, S.PLANNED): frozenset({APPROVER}),
    (S.APPROVED, S.CARRIED_OUT): frozenset({STAFF}),
    (S.CARRIED_OUT, S.REPORTED): frozenset({STAFF}),
}
ACTIONS: dict[tuple[str, str], str] = {
    (S.PLANNED, S.APPROVED): ProgrammeAction.APPROVED,
    (S.APPROVED, S.PLANNED): ProgrammeAction.RETURNED,
    (S.APPROVED, S.CARRIED_OUT): ProgrammeAction.CARRIED_OUT,
    (S.CARRIED_OUT, S.REPORTED): ProgrammeAction.REPORTED,
}

# Where each kind of work may be recorded: once reported, the programme is a closed record.
EDITABLE = frozenset({S.PLANNED, S.APPROVED, S.CARRIED_OUT})
PHOTOS_OPEN = frozenset({S.APPROVED, S.CARRIED_OUT})

PROGRAMME_FIELDS = (
    "title",
    "occasion",
    "lead_body",
    "starts_on",
    "ends_on",
    "description",
    "guest_participants",
)
HOUSEHOLD_FIELDS = ("head_name", "address", "commune", "category", "phone", "note")


class WorkflowError(Exception):
    pass


def kinds_of(user: Any) -> frozenset[str]:
    kinds = set()
    if has_any_role(user, APPROVERS):
        kinds.add(APPROVER)
    if has_any_role(user, OFFICE_STAFF):
        kinds.add(STAFF)
    return frozenset(kinds)


def may_move(user: Any, programme: Programme, to: str) -> bool:
    allowed = TRANSITIONS.get((programme.status, to), frozenset())
    return bool(allowed & kinds_of(user))


def _actor(by: Any) -> Any:
    return by if getattr(by, "pk", None) else None


def _event(programme: Programme, action: str, *, by: Any, note: str = "", frm: str = "") -> None:
    ProgrammeEvent.objects.create(
        programme=programme,
        at=timezone.now(),
        actor=_actor(by),
        action=action,
        from_status=frm or programme.status,
        to_status=programme.status,
        note=note[:1000],
    )


def _check(condition: bool, message: str) -> None:
    if not condition:
        raise WorkflowError(message)


def _lock(programme: Programme) -> Programme:
    """The stored row, locked: two people acting at once cannot both pass a check."""
    stored = Programme.objects.select_for_update().get(pk=programme.pk)
    _check(
        stored.status == programme.status,
        _("The programme was changed by someone else meanwhile: reload the page."),
    )
    return stored


def _check_period(starts_on: datetime.date, ends_on: datetime.date) -> None:
    _check(ends_on >= starts_on, _("The programme cannot end before it starts."))


def _editable(programme: Programme) -> None:
    _check(
        programme.status in EDITABLE,
        _("A reported programme can no longer be changed."),
    )


# ------------------------------------------------------------------------- money


def budget(programme: Programme) -> int:
    return int(programme.sources.aggregate(total=Sum("amount"))["total"] or 0)


def given(programme: Programme) -> int:
    totals = Gift.objects.filter(beneficiary__programme=programme).aggregate(
        money=Sum("money"), goods=Sum("goods_value")
    )
    return int(totals["money"] or 0) + int(totals["goods"] or 0)


def _check_budget(programme: Programme, *, extra: int = 0, budget_change: int = 0) -> None:
    total_budget = budget(programme) + budget_change
    total_given = given(programme) + extra
    _check(
        total_given <= total_budget,
        _(
            "Gifts would total %(given)s VND, above the budget of %(budget)s VND: record the "
            "additional funding source first."
        )
        % {
            "given": f"{total_given:,}".replace(",", "."),
            "budget": f"{total_budget:,}".replace(",", "."),
        },
    )


# ------------------------------------------------------------------------- programmes


@transaction.atomic
def create_programme(
    *,
    values: dict[str, Any],
    leaders: Any,
    participants: Any,
    by: Any,
) -> Programme:
    _check_period(values["starts_on"], values["ends_on"])
    programme = Programme(created_by=_actor(by), status=S.PLANNED)
    for name in PROGRAMME_FIELDS:
        if name in values:
            setattr(programme, name, values[name])
    programme.save()
    programme.leaders.set(leaders)
    programme.participants.set(participants)
    _event(programme, ProgrammeAction.CREATED, by=by)
    return programme


@transaction.atomic
def update_programme(
    programme: Programme,
    *,
    values: dict[str, Any],
    leaders: Any,
    participants: Any,
    by: Any,
) -> Programme:
    stored = _lock(programme)
    _editable(stored)
    _check_period(values["starts_on"], values["ends_on"])
    for name in PROGRAMME_FIELDS:
        if name in values:
            setattr(stored, name, values[name])
    stored.save()
    stored.leaders.set(leaders)
    stored.participants.set(participants)
    _event(stored, ProgrammeAction.EDITED, by=by)
    return stored


@transaction.atomic
def move(
    programme: Programme,
    *,
    to: str,
    by: Any,
    note: str = "",
    report_number: str = "",
    reported_on: datetime.date | None = None,
    result_summary: str = "",
) -> Programme:
    """Approve, return, mark carried out or report, as TRANSITIONS allows BY."""
    stored = _lock(programme)
    key = (stored.status, to)
    _check(key in TRANSITIONS, _("This step is not possible from the programme's status."))
    _check(may_move(by, stored, to), _("You may not take this step."))
    if to == S.CARRIED_OUT:
        _check(
            stored.beneficiaries.exists(),
            _("List the households visited before marking the programme carried out."),
        )
    if to == S.REPORTED:
        _check(reported_on is not None, _("Give the date of the report."))
        assert reported_on is not None
        _check(
            reported_on >= stored.starts_on,
            _("The report cannot be dated before the programme starts."),
        )
        stored.report_number = report_number
        stored.reported_on = reported_on
        stored.result_summary = result_summary
    previous = stored.status
    stored.status = to
    stored.save()
    _event(stored, ACTIONS[key], by=by, note=note, frm=previous)
    programme.status = stored.status
    return stored


# ------------------------------------------------------------------------- households


def _household_values(values: dict[str, Any]) -> dict[str, Any]:
    out = {name: values[name] for name in HOUSEHOLD_FIELDS if name in values}
    out["name_key"] = normalize_name(values["head_name"])
    return out


def _check_unique(programme: Programme, values: dict[str, Any], exclude: int | None) -> None:
    if not values["name_key"]:
        return
    twins = programme.beneficiaries.filter(name_key=values["name_key"], commune=values["commune"])
    if exclude is not None:
        twins = twins.exclude(pk=exclude)
    _check(
        not twins.exists(),
        _("This household is already on the programme's list."),
    )


@transaction.atomic
def add_household(programme: Programme, *, values: dict[str, Any], by: Any) -> Beneficiary:
    stored = _lock(programme)
    _editable(stored)
    data = _household_values(values)
    _check_unique(stored, data, None)
    household = Beneficiary.objects.create(programme=stored, **data)
    _event(stored, ProgrammeAction.HOUSEHOLD_ADDED, by=by, note=household.head_name)
    return household


@transaction.atomic
def update_household(household: Beneficiary, *, values: dict[str, Any], by: Any) -> Beneficiary:
    stored = _lock(household.programme)
    _editable(stored)
    data = _household_values(values)
    _check_unique(stored, data, household.pk)
    for name, value in data.items():
        setattr(household, name, value)
    household.save()
    _event(stored, ProgrammeAction.HOUSEHOLD_EDITED, by=by, note=household.head_name)
    return household


@transaction.atomic
def remove_household(household: Beneficiary, *, by: Any) -> None:
    stored = _lock(household.programme)
    _editable(stored)
    name = household.head_name
    household.delete()
    _event(stored, ProgrammeAction.HOUSEHOLD_REMOVED, by=by, note=name)


# ------------------------------------------------------------------------- gifts and money


@transaction.atomic
def record_gift(
    programme: Programme,
    *,
    household: Beneficiary,
    money: int,
    goods: str,
    goods_value: int,
    given_on: datetime.date | None,
    by: Any,
) -> Gift:
    stored = _lock(programme)
    _editable(stored)
    _check(
        household.programme_id == stored.pk,
        _("This household is not on the programme's list."),
    )
    _check(money >= 0 and goods_value >= 0, _("Amounts cannot be negative."))
    _check(money + goods_value > 0, _("Give an amount of money or the value of the goods."))
    _check(goods_value == 0 or bool(goods.strip()), _("Describe the goods whose value is given."))
    if given_on is not None:
        _check(
            stored.starts_on <= given_on <= stored.ends_on,
            _("The gift must be given within the programme's period."),
        )
    _check_budget(stored, extra=money + goods_value)
    gift = Gift.objects.create(
        beneficiary=household,
        money=money,
        goods=goods.strip(),
        goods_value=goods_value,
        given_on=given_on,
        created_by=_actor(by),
    )
    _event(
        stored,
        ProgrammeAction.GIFT_RECORDED,
        by=by,
        note=f"{household.head_name}: {gift.total}",
    )
    return gift


@transaction.atomic
def remove_gift(gift: Gift, *, by: Any) -> None:
    stored = _lock(gift.beneficiary.programme)
    _editable(stored)
    note = f"{gift.beneficiary.head_name}: {gift.total}"
    gift.delete()
    _event(stored, ProgrammeAction.GIFT_REMOVED, by=by, note=note)


@transaction.atomic
def add_source(programme: Programme, *, name: str, amount: int, by: Any) -> FundingSource:
    stored = _lock(programme)
    _editable(stored)
    _check(amount > 0, _("The amount must be above zero."))
    _check(
        budget(stored) + amount <= MAX_BUDGET_VND,
        _("The budget cannot exceed %(max)s VND.")
        % {"max": f"{MAX_BUDGET_VND:,}".replace(",", ".")},
    )
    source = FundingSource.objects.create(programme=stored, name=name.strip(), amount=amount)
    _event(stored, ProgrammeAction.SOURCE_ADDED, by=by, note=f"{source.name}: {amount}")
    return source


@transaction.atomic
def remove_source(source: FundingSource, *, by: Any) -> None:
    stored = _lock(source.programme)
    _editable(stored)
    _check_budget(stored, budget_change=-source.amount)
    note = f"{source.name}: {source.amount}"
    source.delete()
    _event(stored, ProgrammeAction.SOURCE_REMOVED, by=by, note=note)


@transaction.atomic
def add_photo(
    programme: Programme,
    *,
    upload: UploadedFile,
    content_type: str,
    caption: str,
    by: Any,
) -> Photo:
    stored = _lock(programme)
    _check(
        stored.status in PHOTOS_OPEN,
        _("Photos are added once the programme is approved and before it is reported."),
    )
    photo = Photo(
        programme=stored,
        content_type=content_type,
        caption=caption,
        uploaded_by=_actor(by),
    )
    extension = ".png" if content_type == "image/png" else ".jpg"
    photo.image.save(f"photo{extension}", upload, save=False)
    photo.save()
    _event(stored, ProgrammeAction.PHOTO_ADDED, by=by, note=caption)
    return photo
