"""The brief's path from request to delivery, its history, and what the workflow refuses."""

from __future__ import annotations

import datetime
import itertools

import pytest
from django.utils.translation import gettext

from dannguyen.briefs import demo, workflow
from dannguyen.briefs.models import Brief, BriefHistory, BriefStatus
from dannguyen.core import demo as core_demo
from dannguyen.core.models import FieldOfWork
from dannguyen.petitions.models import AppendOnly

from .conftest import D, request_values

pytestmark = pytest.mark.django_db

S = BriefStatus


def history(brief):
    return list(
        BriefHistory.objects.filter(brief=brief).values_list("action", "from_status", "to_status")
    )


def test_the_status_table_is_exactly_this():
    assert set(workflow.TRANSITIONS) == {
        (S.REQUESTED, S.IN_PROGRESS),
        (S.IN_PROGRESS, S.COMPILED),
        (S.COMPILED, S.IN_PROGRESS),
        (S.COMPILED, S.DELIVERED),
        (S.REQUESTED, S.CANCELLED),
        (S.IN_PROGRESS, S.CANCELLED),
        (S.COMPILED, S.CANCELLED),
    }
    unreachable = {
        (a, b)
        for a, b in itertools.product(S.values, S.values)
        if (a, b) not in workflow.TRANSITIONS
    }
    assert (S.DELIVERED, S.IN_PROGRESS) in unreachable
    assert (S.REQUESTED, S.COMPILED) in unreachable


def test_a_deputys_request_is_for_them_whatever_they_typed(world, deputy, information_officer):
    brief = workflow.request(
        values=request_values(
            recipient_kind="council_committee",
            recipient_name="Ban Pháp chế",
            owner=information_officer,
        ),
        by=deputy,
    )

    assert (brief.recipient_kind, brief.deputy, brief.recipient_name, brief.owner) == (
        "deputy",
        deputy,
        "Đỗ Thị Đại Biểu",
        None,
    )
    assert brief.requested_by == deputy
    assert history(brief) == [("requested", "requested", "requested")]


def test_staff_request_for_a_body(world, information_officer):
    brief = workflow.request(
        values=request_values(
            recipient_kind="council_standing", recipient_name="Thường trực HĐND tỉnh"
        ),
        by=information_officer,
    )

    assert (brief.recipient_kind, brief.recipient_name, brief.deputy) == (
        "council_standing",
        "Thường trực HĐND tỉnh",
        None,
    )


def test_a_request_naming_someone_who_is_not_a_deputy_is_refused(
    world, information_officer, outsider
):
    with pytest.raises(workflow.BriefError) as refused:
        workflow.request(values=request_values(deputy=outsider), by=information_officer)

    assert str(refused.value) == gettext("%(name)s is not a deputy.") % {"name": "Người Ngoài"}
    assert Brief.objects.count() == 0


def test_request_due_before_it_is_asked_is_refused(world, information_officer):
    with pytest.raises(workflow.BriefError):
        workflow.request(
            values=request_values(recipient_name="Ông A", due_on=D(2026, 11, 1)),
            by=information_officer,
        )


def test_the_whole_path_with_its_history(
    compiling, information_officer, department_head, law, world
):
    brief = compiling
    assert brief.owner == information_officer
    workflow.add_document(brief, document=law, note="Điều 9, 28", by=information_officer)
    workflow.set_statistics_filter(
        brief,
        fields=[FieldOfWork.objects.get(code="HC-DD")],
        keywords="",
        since=None,
        until=None,
        area=None,
        by=information_officer,
    )
    brief.refresh_from_db()

    workflow.compile_brief(brief, version=brief.version, by=information_officer)
    brief.refresh_from_db()
    workflow.deliver(
        brief, version=brief.version, by=department_head, on=D(2026, 11, 20), method="email"
    )
    brief.refresh_from_db()

    assert brief.status == "delivered"
    assert (brief.delivered_on, brief.delivery_method) == (D(2026, 11, 20), "email")
    assert history(brief) == [
        ("requested", "requested", "requested"),
        ("started", "requested", "in_progress"),
        ("document_added", "in_progress", "in_progress"),
        ("statistics_refreshed", "in_progress", "in_progress"),
        ("compiled", "in_progress", "compiled"),
        ("delivered", "compiled", "delivered"),
    ]


def test_compiling_freezes_the_statistics(compiling, register, information_officer, land_field):
    brief = compiling
    register(kind="complaint", main_field=land_field)
    workflow.set_statistics_filter(
        brief,
        fields=[land_field],
        keywords="",
        since=None,
        until=None,
        area=None,
        by=information_officer,
    )
    brief.refresh_from_db()
    workflow.compile_brief(brief, version=brief.version, by=information_officer)
    register(kind="complaint", main_field=land_field)
    brief.refresh_from_db()

    assert brief.statistics["total"] == 1
    with pytest.raises(workflow.BriefError):
        workflow.refresh_statistics(brief, by=information_officer)
    brief.refresh_from_db()
    assert brief.statistics["total"] == 1

    workflow.return_for_work(
        brief, version=brief.version, by=information_officer, note="Thêm số liệu mới"
    )
    workflow.refresh_statistics(brief, by=information_officer)
    brief.refresh_from_db()
    assert brief.statistics["total"] == 2


def test_an_empty_brief_cannot_be_compiled(compiling, information_officer):
    with pytest.raises(workflow.BriefError) as refused:
        workflow.compile_brief(compiling, version=compiling.version, by=information_officer)

    assert str(refused.value) == gettext(
        "The brief is empty: add documents, voters' petitions, statistics or notes first."
    )
    compiling.refresh_from_db()
    assert compiling.status == "in_progress"


def test_contents_change_only_while_compiling(brief, information_officer, law):
    with pytest.raises(workflow.BriefError) as refused:
        workflow.add_document(brief, document=law, by=information_officer)

    assert str(refused.value) == gettext("Start compiling the brief before changing its contents.")


def test_a_document_is_chosen_once_and_a_provision_must_be_its_own(
    compiling, information_officer, law, decree
):
    article = law.provisions.get(kind="article", number="9")
    workflow.add_document(compiling, document=law, by=information_officer)
    workflow.add_document(compiling, document=law, provision=article, by=information_officer)

    with pytest.raises(workflow.BriefError):
        workflow.add_document(compiling, document=law, by=information_officer)
    with pytest.raises(workflow.BriefError):
        workflow.add_document(compiling, document=decree, provision=article, by=information_officer)
    assert [(c.document, c.provision) for c in compiling.documents.all()] == [
        (law, None),
        (law, article),
    ]


def test_voter_petitions_are_added_once(compiling, information_officer, voter_petitions):
    chosen = [voter_petitions["compensation"], voter_petitions["road"]]
    workflow.add_petitions(compiling, petitions=chosen, by=information_officer)

    again = workflow.add_petitions(
        compiling,
        petitions=[voter_petitions["road"], voter_petitions["resettlement"]],
        by=information_officer,
    )

    assert [link.petition for link in again] == [voter_petitions["resettlement"]]
    assert [link.order for link in compiling.petition_links.all()] == [1, 2, 3]
    with pytest.raises(workflow.BriefError):
        workflow.add_petitions(compiling, petitions=chosen, by=information_officer)


def test_sections_are_kept_in_order_and_rewritten(compiling, information_officer):
    first = workflow.save_section(
        compiling, heading="Đánh giá chung", text="Số đơn tăng.", by=information_officer
    )
    workflow.save_section(
        compiling, heading="Kiến nghị", text="Đề nghị giám sát.", by=information_officer
    )
    workflow.save_section(
        compiling,
        section=first,
        heading="Đánh giá",
        text="Số đơn tăng 20%.",
        by=information_officer,
    )

    assert [(s.order, s.heading, s.text) for s in compiling.sections.all()] == [
        (1, "Đánh giá", "Số đơn tăng 20%."),
        (2, "Kiến nghị", "Đề nghị giám sát."),
    ]


def test_a_stale_version_is_refused(compiling, information_officer):
    stale = compiling.version
    workflow.save_section(compiling, heading="A", text="B", by=information_officer)

    with pytest.raises(workflow.BriefError) as refused:
        workflow.cancel(compiling, version=stale, by=information_officer, reason="Không cần nữa")

    assert str(refused.value) == gettext(
        "The brief was changed by someone else meanwhile: reload the page."
    )


def test_delivery_needs_a_method_and_a_date_not_in_the_future(compiling, information_officer):
    workflow.save_section(compiling, heading="A", text="B", by=information_officer)
    compiling.refresh_from_db()
    workflow.compile_brief(compiling, version=compiling.version, by=information_officer)
    compiling.refresh_from_db()

    with pytest.raises(workflow.BriefError):
        workflow.deliver(
            compiling, version=None, by=information_officer, on=D(2026, 11, 20), method="fax"
        )
    with pytest.raises(workflow.BriefError):
        workflow.deliver(
            compiling, version=None, by=information_officer, on=D(2026, 11, 21), method="paper"
        )
    compiling.refresh_from_db()
    assert compiling.status == "compiled"


def test_cancelling_needs_a_reason_and_ends_the_brief(brief, information_officer):
    with pytest.raises(workflow.BriefError):
        workflow.cancel(brief, version=brief.version, by=information_officer, reason=" ")

    workflow.cancel(brief, version=brief.version, by=information_officer, reason="Đã có tài liệu")
    brief.refresh_from_db()

    assert (brief.status, brief.cancelled_reason) == ("cancelled", "Đã có tài liệu")
    with pytest.raises(workflow.BriefError):
        workflow.start(brief, version=brief.version, by=information_officer)


def test_history_is_append_only(brief):
    row = BriefHistory.objects.get(brief=brief)

    with pytest.raises(AppendOnly):
        row.save()
    with pytest.raises(AppendOnly):
        BriefHistory.objects.filter(brief=brief).delete()


def test_statistics_without_field_or_keyword_store_nothing(compiling, information_officer):
    workflow.refresh_statistics(compiling, by=information_officer)
    compiling.refresh_from_db()

    assert compiling.statistics == {}
    assert compiling.statistics_at is not None


def test_overdue_follows_the_due_date(brief):
    assert brief.is_open
    assert brief.due_on > datetime.date(2026, 11, 20)


def test_the_demo_makes_three_briefs_in_different_states_once(world, make_user):
    core_demo.seed()

    created = demo.seed(today=D(2026, 11, 20))

    assert created == 3
    assert sorted(Brief.objects.values_list("status", flat=True)) == [
        "delivered",
        "in_progress",
        "requested",
    ]
    delivered = Brief.objects.get(status="delivered")
    assert (delivered.deputy.username, delivered.delivery_method) == ("daibieu", "email")
    assert delivered.statistics["computed_on"] == "2026-11-20"
    assert demo.seed(today=D(2026, 11, 20)) == 0


def test_starting_and_returning_each_leave_from_their_own_status(compiling, information_officer):
    workflow.save_section(compiling, heading="A", text="B", by=information_officer)
    compiling.refresh_from_db()

    with pytest.raises(workflow.BriefError):
        workflow.return_for_work(compiling, version=None, by=information_officer, note="Thêm")
    workflow.compile_brief(compiling, version=None, by=information_officer)
    compiling.refresh_from_db()
    with pytest.raises(workflow.BriefError):
        workflow.start(compiling, version=None, by=information_officer)

    compiling.refresh_from_db()
    assert compiling.status == "compiled"
    assert history(compiling)[-1] == ("compiled", "in_progress", "compiled")
