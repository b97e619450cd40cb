"""Agency accountability (issue #5 item 7): per agency, what was sent and what came back,
on time or not; petitions sent round without an answer stand out."""

from __future__ import annotations

import datetime
import io
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from dannguyen.core.models import Agency
from dannguyen.petitions import accountability, workflow
from dannguyen.reports.periods import custom, whole_year

pytestmark = pytest.mark.django_db

D = datetime.date
URL = "petitions:accountability"
INSPECTORATE = "Thanh tra tỉnh Ninh Bình"


def at(day: str) -> time_machine.travel:
    return time_machine.travel(datetime.datetime.fromisoformat(f"{day}T09:00:00+07:00"), tick=False)


@pytest.fixture
def classified(register, department_head, land_field):
    """A complaint received 02/3/2026, classified eligible and outside the office's competence."""

    def make():
        petition = register(kind="complaint")
        workflow.classify(
            petition,
            kind="complaint",
            main_field=land_field,
            eligibility="eligible",
            competence="outside",
            competent_agency=None,
            procedure_stage="first_resolved",
            by=department_head,
        )
        return petition

    return make


def answer(petition, forwarding, by, received_on):
    workflow.record_answer(
        petition,
        forwarding=forwarding,
        kind="result",
        number=f"{petition.pk}/TL",
        issued_on=received_on,
        received_on=received_on,
        summary="Đã giải quyết",
        by=by,
    )


@pytest.fixture
def small_world(classified, department_head, provincial_inspectorate):
    """Two agencies. The inspectorate answers one petition on time (in 15 days) and is sent
    it again; the commune answers one late (61 days, after two urgings) and never another;
    a fourth petition goes to both and neither answers. Agency answers fall due 30 days +
    7 working days after forwarding (05/3 → 24/4)."""
    inspectorate = provincial_inspectorate
    commune = Agency.objects.exclude(pk=inspectorate.pk).order_by("id").first()
    by = department_head
    with at("2026-03-05"):
        on_time, late, never, both = (classified() for _ in range(4))
        (first,) = workflow.forward(on_time, agencies=[inspectorate], by=by)
        (slow,) = workflow.forward(late, agencies=[commune], by=by)
        workflow.forward(never, agencies=[commune], by=by)
        workflow.forward(both, agencies=[inspectorate, commune], by=by)
    with at("2026-03-20"):
        answer(on_time, first, by, D(2026, 3, 20))
    with at("2026-04-27"):
        workflow.urge(late, forwarding=slow, by=by)
    with at("2026-04-29"):
        workflow.urge(late, forwarding=slow, by=by)
    with at("2026-05-05"):
        answer(late, slow, by, D(2026, 5, 5))
    with at("2026-05-10"):
        workflow.forward(on_time, agencies=[inspectorate], by=by, note="Chuyển lại")
    return {
        "inspectorate": inspectorate,
        "commune": commune,
        "on_time": on_time,
        "late": late,
        "never": never,
        "both": both,
    }


def figures(records):
    return [
        (
            r.name,
            r.forwarded,
            r.answered,
            r.on_time,
            r.late,
            r.unanswered,
            r.median_days,
            r.overdue,
            r.urged,
        )
        for r in records
    ]


def test_each_agencys_exact_figures_most_overdue_first(small_world, department_head):
    records = accountability.agency_records(
        department_head, D(2026, 1, 1), D(2026, 12, 31), D(2026, 6, 1)
    )

    commune = small_world["commune"].name
    assert figures(records) == [
        # late (answered 05/5, due 24/4), never and both: the last two overdue on 01/6.
        (commune, 3, 1, 0, 1, 2, 61, 2, 2),
        # on_time (20/3), both (overdue), on_time again on 10/5 (due in June: not yet).
        (INSPECTORATE, 3, 1, 1, 0, 2, 15, 1, 0),
    ]


def test_the_period_counts_by_forwarding_date(small_world, department_head):
    records = accountability.agency_records(
        department_head, D(2026, 5, 1), D(2026, 5, 31), D(2026, 6, 1)
    )

    assert figures(records) == [(INSPECTORATE, 1, 0, 0, 0, 1, None, 0, 0)]


def test_a_paused_or_not_yet_due_clock_is_not_overdue(small_world, department_head):
    before_due = accountability.agency_records(
        department_head, D(2026, 1, 1), D(2026, 12, 31), D(2026, 4, 24)
    )

    assert [(r.name, r.overdue) for r in before_due] == [
        (small_world["commune"].name, 0),
        (INSPECTORATE, 0),
    ]


def test_petitions_sent_round_without_an_answer_stand_out(small_world, department_head):
    repeated = accountability.repeatedly_forwarded(department_head, D(2026, 1, 1), D(2026, 12, 31))

    w = small_world
    with translation.override("en"):
        reasons = [(r.petition, r.reasons) for r in repeated]
    assert reasons == [
        (w["late"], ["urged 2 times"]),
        (w["on_time"], ["sent to the same agency again"]),
        (w["both"], ["forwarded 2 times, no answer"]),
    ]
    assert repeated[2].agency_names == sorted([INSPECTORATE, w["commune"].name])


def _screen(html: str, testid: str) -> list[list[str]]:
    table = html.split(f'data-testid="{testid}"', 1)[1].split("</table>", 1)[0]
    body = table.split("<tbody>", 1)[1]
    return [
        [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row)]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    ]


def test_the_page_shows_the_table_the_chart_and_the_list(client, small_world, office_leader):
    client.force_login(office_leader)
    with at("2026-06-01"):
        response = client.get(reverse(URL))

    html = response.content.decode()
    commune = small_world["commune"].name
    assert response.status_code == 200
    assert _screen(html, "accountability") == [
        [commune, "3", "1", "0", "61", "2", "2"],
        [INSPECTORATE, "3", "1", "1", "15", "1", "0"],
    ]
    chart = html.split('data-testid="chart"', 1)[1].split("</svg>", 1)[0]
    # Both agencies were sent 3: the full bar is 420 wide, 140 per forwarding.
    assert re.findall(r'<rect x="\d+" y="\d+" width="(\d+)" height="18"', chart) == [
        "0",
        "140",
        "280",
        "140",
        "0",
        "280",
    ]
    assert "<script" not in chart
    listed = [row[0] for row in _screen(html, "repeated")]
    w = small_world
    assert listed == [w["late"].code, w["on_time"].code, w["both"].code]


def test_the_spreadsheet_reads_back_as_the_screen(client, small_world, department_head):
    client.force_login(department_head)
    with at("2026-06-01"):
        screen = client.get(reverse(URL), {"date_from": "01/01/2026", "date_to": "31/12/2026"})
        response = client.get(
            reverse(URL), {"date_from": "01/01/2026", "date_to": "31/12/2026", "format": "xlsx"}
        )

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True) if any(v is not None for v in r)]
    # The title, the period, then the header row and the table.
    assert rows[2] == accountability.table_columns()
    cells = [["—" if v is None else str(v) for v in r] for r in rows[3:]]
    assert cells == _screen(screen.content.decode(), "accountability")
    assert len(cells) == 2


def test_an_empty_or_wrong_period_is_not_an_error(client, department_head):
    client.force_login(department_head)
    with at("2026-06-01"):
        empty = client.get(reverse(URL))
        wrong = client.get(reverse(URL), {"date_from": "31/12/2026", "date_to": "01/01/2026"})
        nonsense = client.get(reverse(URL), {"date_from": "hôm qua", "format": "xlsx"})
        too_long = client.get(reverse(URL), {"date_from": "01/01/1990", "date_to": "01/01/2026"})
        from_may = client.get(reverse(URL), {"date_from": "01/05/2026"})

    statuses = [r.status_code for r in (empty, wrong, nonsense, too_long, from_may)]
    assert statuses == [200] * 5
    assert too_long.context["form"].errors["date_to"]
    assert too_long.context["period"] == whole_year(2026).label
    # One end given: the rest of that year.
    assert from_may.context["period"] == custom(D(2026, 5, 1), D(2026, 12, 31)).label
    assert empty.context["rows"] == []
    assert empty.context["period"] == whole_year(2026).label
    assert wrong.context["form"].errors["date_to"]


@pytest.mark.parametrize("persona", ["department_head", "office_leader", "reception_officer"])
def test_the_office_and_its_leaders_read_it(client, request, persona):
    client.force_login(request.getfixturevalue(persona))

    assert client.get(reverse(URL)).status_code == 200


@pytest.mark.parametrize("persona", ["deputy", "outsider"])
def test_deputies_and_outsiders_may_not(client, request, persona):
    client.force_login(request.getfixturevalue(persona))

    assert client.get(reverse(URL)).status_code == 403
    assert client.get(reverse(URL), {"format": "xlsx"}).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client):
    assert client.get(reverse(URL)).status_code == 302


def test_many_agencies_in_a_bounded_number_of_queries(
    client, classified, department_head, agencies, django_assert_max_num_queries
):
    many = list(Agency.objects.order_by("id")[:15])
    with at("2026-03-05"):
        first, second = classified(), classified()
        sent = workflow.forward(first, agencies=many, by=department_head)
        workflow.forward(second, agencies=many, by=department_head)
    with at("2026-03-20"):
        for forwarding in sent[:5]:
            answer(first, forwarding, department_head, D(2026, 3, 20))
    client.force_login(department_head)

    # Session, user and roles (3), the session saved (3), the figures (2), the list (3):
    # the same whatever the number of agencies.
    with at("2026-06-01"), django_assert_max_num_queries(11):
        response = client.get(reverse(URL))

    assert len(response.context["rows"]) == 15
    # The first petition has answers back: only the second went round unanswered.
    assert [r.petition for r in response.context["repeated"]] == [second]
