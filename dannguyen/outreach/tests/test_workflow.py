from __future__ import annotations

import datetime

import pytest
from django.db import IntegrityError, transaction

from dannguyen.outreach import queries, workflow
from dannguyen.outreach.models import Gift, Programme, ProgrammeEvent

from .conftest import TET_FROM, TET_UNTIL, household


def _gift(programme, who, by, money=500_000, goods="", goods_value=0, given_on=None):
    return workflow.record_gift(
        programme,
        household=who,
        money=money,
        goods=goods,
        goods_value=goods_value,
        given_on=given_on,
        by=by,
    )


def test_programme_walks_through_its_statuses_with_history(
    programme, households, information_officer, delegation_leader
):
    workflow.move(programme, to="approved", by=delegation_leader)
    workflow.move(programme, to="carried_out", by=information_officer)
    workflow.move(
        programme,
        to="reported",
        by=information_officer,
        report_number="12/BC-ĐĐBQH",
        reported_on=datetime.date(2026, 2, 15),
        result_summary="Đã thăm 2 hộ.",
    )
    programme.refresh_from_db()
    assert programme.status == "reported"
    assert programme.reported_on == datetime.date(2026, 2, 15)
    actions = [e.action for e in ProgrammeEvent.objects.filter(programme=programme)]
    assert actions == [
        "created",
        "source_added",
        "household_added",
        "household_added",
        "approved",
        "carried_out",
        "reported",
    ]


def test_staff_cannot_approve_and_approver_cannot_skip(
    programme, information_officer, delegation_leader
):
    with pytest.raises(workflow.WorkflowError):
        workflow.move(programme, to="approved", by=information_officer)
    with pytest.raises(workflow.WorkflowError):
        workflow.move(programme, to="carried_out", by=delegation_leader)
    programme.refresh_from_db()
    assert programme.status == "planned"


def test_carried_out_needs_households(programme, information_officer, delegation_leader):
    workflow.move(programme, to="approved", by=delegation_leader)
    with pytest.raises(workflow.WorkflowError):
        workflow.move(programme, to="carried_out", by=information_officer)
    assert Programme.objects.get(pk=programme.pk).status == "approved"


def test_stale_status_is_refused(programme, delegation_leader):
    stale = Programme.objects.get(pk=programme.pk)
    workflow.move(programme, to="approved", by=delegation_leader)
    with pytest.raises(workflow.WorkflowError):
        workflow.move(stale, to="approved", by=delegation_leader)
    assert ProgrammeEvent.objects.filter(programme=programme, action="approved").count() == 1


def test_dates_in_wrong_order_refused(communes, information_officer):
    with pytest.raises(workflow.WorkflowError):
        workflow.create_programme(
            values={"title": "X", "starts_on": TET_UNTIL, "ends_on": TET_FROM},
            leaders=[],
            participants=[],
            by=information_officer,
        )
    assert Programme.objects.count() == 0


def test_database_refuses_wrong_order_too(programme):
    programme.ends_on = datetime.date(2020, 1, 1)
    with pytest.raises(IntegrityError), transaction.atomic():
        programme.save()


def test_gift_within_budget_recorded(programme, households, information_officer):
    gift = _gift(programme, households[0], information_officer, money=2_000_000)
    assert gift.total == 2_000_000
    assert workflow.given(programme) == 2_000_000


def test_gift_overdrawing_budget_refused_nothing_saved(programme, households, information_officer):
    _gift(programme, households[0], information_officer, money=9_000_000)
    with pytest.raises(workflow.WorkflowError) as error:
        _gift(
            programme,
            households[1],
            information_officer,
            money=500_000,
            goods="Gạo",
            goods_value=600_000,
        )
    assert "10.100.000" in str(error.value)
    assert Gift.objects.count() == 1
    assert ProgrammeEvent.objects.filter(action="gift_recorded").count() == 1
    # Recording the sponsor's money first lets the gift through.
    workflow.add_source(
        programme, name="Doanh nghiệp tài trợ", amount=1_000_000, by=information_officer
    )
    _gift(
        programme,
        households[1],
        information_officer,
        money=500_000,
        goods="Gạo",
        goods_value=600_000,
    )
    assert workflow.given(programme) == 10_100_000


def test_removing_a_source_that_pays_for_gifts_refused(programme, households, information_officer):
    _gift(programme, households[0], information_officer, money=1_000_000)
    source = programme.sources.get()
    with pytest.raises(workflow.WorkflowError):
        workflow.remove_source(source, by=information_officer)
    assert programme.sources.count() == 1


def test_gift_to_household_of_another_programme_refused(
    programme, households, communes, information_officer
):
    other = workflow.create_programme(
        values={"title": "Khác", "starts_on": TET_FROM, "ends_on": TET_UNTIL},
        leaders=[],
        participants=[],
        by=information_officer,
    )
    workflow.add_source(other, name="Quỹ", amount=5_000_000, by=information_officer)
    with pytest.raises(workflow.WorkflowError):
        _gift(other, households[0], information_officer)
    assert Gift.objects.count() == 0


@pytest.mark.parametrize(
    ("money", "goods", "goods_value"),
    [(-1, "", 0), (0, "", 0), (0, "", 100_000), (0, "Gạo", -5)],
)
def test_bad_amounts_refused(programme, households, information_officer, money, goods, goods_value):
    with pytest.raises(workflow.WorkflowError):
        _gift(
            programme,
            households[0],
            information_officer,
            money=money,
            goods=goods,
            goods_value=goods_value,
        )
    assert Gift.objects.count() == 0


def test_absurd_gift_refused_by_database(households):
    with pytest.raises(IntegrityError), transaction.atomic():
        Gift.objects.create(beneficiary=households[0], money=10**12)


def test_gift_outside_period_refused(programme, households, information_officer):
    with pytest.raises(workflow.WorkflowError):
        _gift(programme, households[0], information_officer, given_on=datetime.date(2026, 3, 1))


def test_same_household_twice_in_a_programme_refused(
    programme, households, communes, information_officer
):
    with pytest.raises(workflow.WorkflowError):
        household(programme, information_officer, "nguyễn thị hoa", communes["Xã Gia Vân"])
    assert programme.beneficiaries.count() == 2


def test_household_supported_by_overlapping_programme_is_found(
    programme, households, communes, information_officer
):
    other = workflow.create_programme(
        values={
            "title": "Quỹ vì người nghèo",
            "starts_on": datetime.date(2026, 2, 1),
            "ends_on": datetime.date(2026, 2, 28),
        },
        leaders=[],
        participants=[],
        by=information_officer,
    )
    twin = household(other, information_officer, "NGUYỄN THỊ HOA", communes["Xã Gia Vân"])
    # Same name in another commune: a different family.
    household(other, information_officer, "Trần Văn Bình", communes["Xã Gia Vân"])
    found = queries.overlaps(programme, list(programme.beneficiaries.all()))
    assert found == {households[0].pk: [twin]}
    later = workflow.create_programme(
        values={
            "title": "27/7",
            "starts_on": datetime.date(2026, 7, 20),
            "ends_on": datetime.date(2026, 7, 27),
        },
        leaders=[],
        participants=[],
        by=information_officer,
    )
    household(later, information_officer, "Nguyễn Thị Hoa", communes["Xã Gia Vân"])
    assert queries.overlaps(programme, list(programme.beneficiaries.all())) == {
        households[0].pk: [twin]
    }


def test_totals_per_commune_and_category(programme, households, information_officer):
    _gift(programme, households[0], information_officer, money=1_000_000)
    _gift(programme, households[0], information_officer, money=0, goods="Gạo", goods_value=300_000)
    _gift(programme, households[1], information_officer, money=500_000)
    by_commune = queries.totals_by_commune(programme)
    assert [(r["commune__name"], r["households"], r["money"], r["goods"]) for r in by_commune] == [
        ("Xã Gia Vân", 1, 1_000_000, 300_000),
        ("Xã Nho Quan", 1, 500_000, 0),
    ]
    by_category = queries.totals_by_category(programme)
    assert [(r["category"], r["households"], r["money"]) for r in by_category] == [
        ("meritorious", 1, 1_000_000),
        ("poor", 1, 500_000),
    ]


def test_reported_programme_is_closed_for_changes(
    programme, households, information_officer, delegation_leader, communes
):
    workflow.move(programme, to="approved", by=delegation_leader)
    workflow.move(programme, to="carried_out", by=information_officer)
    workflow.move(
        programme, to="reported", by=information_officer, reported_on=datetime.date(2026, 2, 15)
    )
    with pytest.raises(workflow.WorkflowError):
        household(programme, information_officer, "Lê Văn Cường", communes["Xã Gia Vân"])
    with pytest.raises(workflow.WorkflowError):
        _gift(programme, households[0], information_officer)
