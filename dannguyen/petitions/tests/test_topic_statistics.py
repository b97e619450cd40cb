"""queries.topic_statistics: the letters of a topic counted by kind, status, competent
agency and month, and those with a legal clock overdue — what briefs and research topics
show. Built on a small register whose every count is known."""

from __future__ import annotations

import datetime

import pytest
from django.utils.translation import gettext

from dannguyen.core.models import AdministrativeUnit, Agency, FieldOfWork
from dannguyen.petitions import queries, workflow
from dannguyen.petitions.models import Deadline
from dannguyen.petitions.queries import Tally, TopicStatistics

from .conftest import BRIBERY, DENOUNCER

pytestmark = pytest.mark.django_db

D = datetime.date
LATE = D(2027, 1, 15)  # every clock started in 2026 has run out by then


@pytest.fixture
def places(world):
    wards = list(AdministrativeUnit.objects.filter(parent__code="37").order_by("code")[:2])
    return {"province": AdministrativeUnit.objects.get(code="37"), "a": wards[0], "b": wards[1]}


@pytest.fixture
def letters(register, agencies, places, land_field, corruption_field, department_head):
    """Six letters: four about land compensation (field HC-DD-BT or its parent's subtree),
    one denunciation of corruption mentioning land, one about roads."""
    inspectorate = Agency.objects.get(name="Thanh tra tỉnh Ninh Bình")
    roads = FieldOfWork.objects.get(code="HC-KHAC-GT")
    land_dispute = FieldOfWork.objects.get(code="HC-DD-TC")
    made = {
        "march": register(
            kind="complaint",
            main_field=land_field,
            competent_agency=inspectorate,
            place=places["a"],
            received_on=D(2026, 3, 2),
        ),
        "march_dispute": register(
            kind="petition",
            main_field=land_dispute,
            place=places["b"],
            received_on=D(2026, 3, 20),
            content="Đề nghị giải quyết tranh chấp ranh giới đất giữa hai hộ gia đình.",
        ),
        "april_other_field": register(
            kind="complaint",
            main_field=roads,
            competent_agency=inspectorate,
            place=places["a"],
            received_on=D(2026, 4, 10),
            content="Khiếu nại về bồi thường khi mở rộng đường tỉnh 477.",
        ),
        "unclassified": register(
            main_field=land_field,
            received_on=D(2026, 4, 28),
            content="Đơn đề nghị xem xét lại mức hỗ trợ tái định cư.",
        ),
        "corruption": register(
            people=[DENOUNCER],
            kind="denunciation",
            main_field=corruption_field,
            place=places["a"],
            received_on=D(2026, 5, 5),
            content=BRIBERY,
        ),
        "last_year": register(kind="complaint", main_field=land_field, received_on=D(2025, 12, 30)),
    }
    made["april_other_field"].other_fields.add(land_field)
    workflow.assign(made["march"], to=department_head, by=department_head)
    return made


def test_a_field_counts_its_subtree_and_letters_naming_it_as_another_field(letters, world):
    land = FieldOfWork.objects.get(code="HC-DD")

    found = queries.topic_statistics(fields=[land], since=D(2026, 1, 1), today=D(2026, 3, 2))

    assert found.total == 4
    assert found.by_kind == [
        Tally("complaint", gettext("Complaint"), 2),
        Tally("petition", gettext("Recommendation or feedback"), 1),
        Tally("", gettext("Not yet classified"), 1),
    ]
    assert found.by_status == [
        Tally("received", gettext("Received"), 3),
        Tally("assigned", gettext("Assigned to a specialist"), 1),
    ]
    inspectorate = Agency.objects.get(name="Thanh tra tỉnh Ninh Bình")
    assert found.by_agency == [
        Tally(str(inspectorate.pk), "Thanh tra tỉnh Ninh Bình", 2),
        Tally("", gettext("No competent agency yet"), 2),
    ]
    assert found.by_month == [Tally("2026-03", "03/2026", 2), Tally("2026-04", "04/2026", 2)]
    assert found.overdue == 0


def test_keywords_match_any_phrase_without_accents_and_combine_with_other_criteria(letters):
    by_keyword = queries.topic_statistics(keywords="boi thuong; tái định cư", today=LATE)
    within_april = queries.topic_statistics(
        keywords="bồi thường", since=D(2026, 4, 1), until=D(2026, 4, 30), today=LATE
    )

    # LAND_COMPLAINT (twice: March and last year), the road widening, the resettlement.
    assert by_keyword.total == 4
    assert by_keyword.by_month == [
        Tally("2025-12", "12/2025", 1),
        Tally("2026-03", "03/2026", 1),
        Tally("2026-04", "04/2026", 2),
    ]
    assert within_april.total == 1
    assert within_april.by_kind == [Tally("complaint", gettext("Complaint"), 1)]


def test_an_area_takes_the_ward_or_the_whole_province(letters, places):
    ward = queries.topic_statistics(area=places["a"], today=LATE)
    province = queries.topic_statistics(area=places["province"], today=LATE)

    assert ward.total == 3
    assert [t.key for t in ward.by_kind] == ["complaint", "denunciation"]
    assert province.total == 4


def test_overdue_counts_letters_whose_running_clock_is_past_due(letters):
    running = Deadline.objects.filter(
        petition__in=[letters["march"], letters["unclassified"]], outcome=""
    )
    assert running.count() == 2

    found = queries.topic_statistics(keywords="tái định cư", today=LATE)

    assert found.total == 3
    assert found.overdue == 3
    Deadline.objects.filter(petition=letters["unclassified"]).update(paused_since=D(2026, 5, 1))
    assert queries.topic_statistics(keywords="tái định cư", today=LATE).overdue == 2


def test_statistics_survive_a_round_trip_through_json(letters, world):
    land = FieldOfWork.objects.get(code="HC-DD")
    found = queries.topic_statistics(fields=[land], today=D(2026, 12, 1))

    assert TopicStatistics.from_dict(found.as_dict()) == found
    assert found.as_dict()["by_month"][0] == ["2025-12", "12/2025", 1]


def test_grouped_queries_whatever_the_number_of_letters(letters, world, django_assert_num_queries):
    land = FieldOfWork.objects.get(code="HC-DD")

    # The field tree (HC-DD's children, then theirs: none), the groups, the agencies'
    # names, the overdue letters.
    with django_assert_num_queries(5):
        queries.topic_statistics(fields=[land], keywords="đất", today=LATE)


def test_nothing_found_is_all_zeros(world):
    found = queries.topic_statistics(keywords="không có đơn nào nói điều này", today=LATE)

    assert found == TopicStatistics(
        total=0,
        overdue=0,
        by_kind=[],
        by_status=[],
        by_agency=[],
        by_month=[],
        computed_on=LATE,
    )
