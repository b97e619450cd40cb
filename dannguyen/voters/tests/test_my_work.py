# ruff: noqa: F811 -- pytest fixtures imported from the neighbouring tests
""" "Việc của tôi" for voter work: reports due within a week or late, plans not published
in time for their first meeting, answers overdue — in a bounded number of queries."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils.translation import gettext

from dannguyen.voters import queries

from .test_answers import sent  # noqa: F401 -- shared fixtures
from .test_reports import agencies, classified, report  # noqa: F401 -- shared fixtures

pytestmark = pytest.mark.django_db


def test_plans_and_reports_on_my_work(
    report, meetings, voter_contact_officer, outsider, django_assert_max_num_queries
):
    # Meetings on 21 and 22/4/2026 with no plan published: the last day was 9/4.
    with django_assert_max_num_queries(8):
        items = queries.my_work_items(voter_contact_officer, today=datetime.date(2026, 4, 15))
    assert [(i.due_on, i.late, i.url) for i in items] == [
        (datetime.date(2026, 4, 9), True, report.session.get_absolute_url())
    ]
    assert (
        gettext("Contact plan %(round)s not published") % {"round": gettext("Before the session")}
        == items[0].detail
    )
    # A week before the report's due date (29/4) it shows, not late yet.
    later = queries.my_work_items(voter_contact_officer, today=datetime.date(2026, 4, 23))
    assert [(i.due_on, i.late, i.url) for i in later] == [
        (datetime.date(2026, 4, 29), False, report.get_absolute_url())
    ]
    assert queries.my_work_items(outsider, today=datetime.date(2026, 4, 15)) == []


def test_overdue_answers_on_my_work(sent, voter_contact_officer):
    items = queries.my_work_items(voter_contact_officer, today=datetime.date(2026, 7, 10))
    assert sorted(i.url for i in items) == sorted(p.get_absolute_url() for p in sent[1:])
    assert all(i.late and i.due_on == datetime.date(2026, 7, 3) for i in items)


def test_home_page_lists_voter_work_for_the_officer_only(
    client, sent, voter_contact_officer, reception_officer, time_machine
):
    time_machine.move_to(datetime.datetime(2026, 7, 10, 9, 0, tzinfo=datetime.UTC))
    client.force_login(voter_contact_officer)
    html = client.get(reverse("core:home")).content.decode()
    assert gettext("Voter contact: reports, plans and answers due") in html
    assert sent[1].get_absolute_url() in html

    client.force_login(reception_officer)
    other = client.get(reverse("core:home")).content.decode()
    assert gettext("Voter contact: reports, plans and answers due") not in other
