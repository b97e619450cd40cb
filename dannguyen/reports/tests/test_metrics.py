"""Exact figures of the shipped layouts over the hand-built quarter (see conftest)."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.utils import translation

from dannguyen.petitions.models import Deadline, DeadlineStep
from dannguyen.reports import layouts, periods, queries
from dannguyen.reports.metrics import REGISTRY, Computation

from .conftest import Q3, d

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_msgids(settings):
    # Messages and labels are asserted on their English msgids (pages included); the vi
    # catalogue is checked by lib/tests/test_translations.py.
    settings.LANGUAGE_CODE = "en"
    settings.LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
    with translation.override(None):
        yield


def report(code: str, period: periods.Period = Q3, subject: str = "") -> queries.Report:
    layout = layouts.in_force(code, period.end)
    assert layout is not None
    return queries.build(layout, period, subject=subject)


def totals(result: queries.Report) -> dict[str, object]:
    return result.total.values


def test_4e_counts_and_percentages_of_the_quarter(world):
    result = report("4E")
    values, percents = totals(result), result.total.percents
    assert {ms: values[ms] for ms in ("1", "1.1", "1.2", "1.3", "1.4")} == {
        "1": 4,
        "1.1": 1,
        "1.2": 1,
        "1.3": 1,
        "1.4": 1,
    }
    assert percents["1.1"] == 25.0
    assert {ms: values[ms] for ms in ("2.1", "2.2", "2.3", "2.4", "2.5")} == {
        "2.1": 1,  # P3 (HC-DD-BT, under Hành chính)
        "2.2": 0,
        "2.3": 0,
        "2.4": 1,  # P4 (TN-DD)
        "2.5": 1,  # P5 (KHAC-DS); P6 is not classified
    }
    assert {ms: values[ms] for ms in ("3.1", "3.2", "3.2.1", "3.3")} == {
        "3.1": 2,
        "3.2": 1,
        "3.2.1": 1,
        "3.3": 1,
    }
    assert percents["3.2.1"] == 100.0
    # Outcomes of eligible letters in the quarter; P1 (carried over, eligible) is still studied.
    assert {ms: values[ms] for ms in ("4", "5", "6", "7", "8", "9", "10")} == {
        "4": 2,
        "5": 1,
        "6": 0,
        "7": 1,
        "8": 0,
        "9": 1,
        "10": 1,  # P5 filed (ineligible); P2 was filed in the previous quarter
    }
    assert percents["4"] == 100.0
    assert percents["7"] == 50.0


def test_02_xld_carried_over_received_processed(world):
    result = report("02/XLD")
    assert result.layout.version == 2
    assert result.shape == "table"
    assert [row.label for row in result.rows] == ["Total"]
    values = totals(result)
    assert {ms: values[ms] for ms in ("1", "2", "3", "4", "5")} == {
        "1": 5,  # P1 carried over (P2 was filed before the quarter) + 4 received
        "2": 1,
        "3": 4,
        "4": 3,  # P3, P4 forwarded, P5 filed
        "5": 60.0,
    }
    assert {ms: values[ms] for ms in ("6", "7", "8", "9", "10", "11", "13", "14")} == {
        "6": 3,  # P1, P3, P4
        "7": 2,  # P1, P3
        "8": 3,
        "9": 2,
        "10": 0,
        "11": 2,
        "13": 0,
        "14": 0,
    }
    assert {ms: values[ms] for ms in ("16", "17", "18", "20", "22", "24", "25", "26")} == {
        "16": 1,
        "17": 0,
        "18": 0,
        "20": 1,
        "22": 0,
        "24": 0,
        "25": 1,  # P4 urged
        "26": 1,  # the inspectorate's answer on P3
    }


def test_handled_letters_add_up(world):
    """Carried over + received = processed in the period + still pending at its end."""
    computation = Computation(Q3)
    to_handle = computation.value("petitions.to_handle")
    assert to_handle == 5
    assert computation.value("petitions.processed") + computation.value("petitions.pending") == 5


def test_receiving_subject_filter(world):
    values = totals(report("4E", subject="na_delegation"))
    assert (values["1"], values["1.2"], values["4"], values["5"]) == (1, 1, 1, 1)
    values = totals(report("4E", subject="office"))
    assert (values["1"], values["1.2"], values["3.2.1"]) == (3, 0, 1)


def test_citizen_reception_report(world):
    result = report("TCD")
    values, percents = totals(result), result.total.percents
    assert {ms: values[ms] for ms in ("1", "1.1", "1.5", "2", "3", "4", "4.1")} == {
        "1": 2,  # the cancelled session is not counted
        "1.1": 1,
        "1.5": 1,
        "2": 10,
        "3": 3,
        "4": 1,
        "4.1": 7,
    }
    assert (percents["1.1"], percents["4"], percents["4.1"]) == (50.0, 33.3, 70.0)
    assert {ms: values[ms] for ms in ("5", "6", "9", "12", "14", "15", "16")} == {
        "5": 2,
        "6": 1,
        "9": 2,
        "12": 1,
        "14": 1,
        "15": 1,
        "16": 1,
    }


def test_reception_subject_follows_the_host(world):
    values = totals(report("TCD", subject="na_deputy"))
    assert (values["1"], values["2"], values["3"], values["4"]) == (1, 8, 2, 1)


def test_unanswered_by_agency(world):
    result = report("3B")
    assert [row.label for row in result.rows] == ["Thanh tra tỉnh Ninh Bình", "Total"]
    assert result.rows[0].values == {"1": 1, "2": 1, "3": 1, "4": 1}
    # P4's answer clock (from the shipped rules) runs out in September: overdue at the end of
    # the quarter, not yet at the end of August, when P3 was already answered (20/08).
    due = Deadline.objects.get(
        forwarding__petition=world.petitions["P4"], step=DeadlineStep.AGENCY_ANSWER
    ).due_on
    assert d(8, 31) <= due < d(9, 30)
    august = report("3B", periods.month(2026, 8))
    assert august.total.values == {"1": 1, "2": 0, "3": 1, "4": 0}
    july = report("3B", periods.month(2026, 7))
    assert july.total.values == {"1": 2, "2": 0, "3": 2, "4": 0}


def test_urging_letters_by_agency(world):
    result = report("3F")
    assert result.total.values == {"1": 1, "2": 1, "3": 1}


def test_grouped_by_locality_and_by_field(world):
    by_place = report("4B")
    assert [row.label for row in by_place.rows] == [world.ward.name, "Not specified", "Total"]
    place_row = by_place.rows[0]
    assert place_row.values["4"] == 1  # P3 (one signer, this quarter)
    assert place_row.values["3"] == 1  # P1 (one signer, carried over)
    assert by_place.total.values["2"] == 1  # P4: three signers
    assert by_place.total.values["5"] == 5
    by_field = report("3C")
    assert [row.label for row in by_field.rows] == ["Tham nhũng", "Total"]


def test_period_labels():
    with translation.override("en"):
        assert periods.quarter(2026, 3).label == "Quarter III of 2026"
        assert periods.half(2026, 1).label == "First 6 months of 2026"
        assert periods.half(2026, 2).label == "Last 6 months of 2026"
        assert periods.nine_months(2026).label == "First 9 months of 2026"
        assert periods.whole_year(2026).label == "Year 2026"
        assert periods.month(2026, 2).end.day == 28
        assert periods.parse("2026-Q4").start.isoformat() == "2026-10-01"
        assert periods.parse("2026-9M").end.isoformat() == "2026-09-30"


@pytest.mark.parametrize("code", ["2026-Q5", "26", "2026-13", "abc", "2026-H3"])
def test_bad_period_codes_are_refused(code):
    with pytest.raises(periods.PeriodError):
        periods.parse(code)


def test_every_metric_has_a_label_and_known_sources():
    assert len(REGISTRY) >= 20
    assert all(str(metric.label) for metric in REGISTRY.values())


@pytest.mark.parametrize("today", ["2026-10-05", "2036-10-05"])
def test_the_backlog_is_the_same_whichever_index_reads_it(world, today):
    """Seen from just after the quarter the backlog is read from the letters processed after
    it; ten years later, from the letters received before it: the same letters."""
    with time_machine.travel(datetime.datetime.fromisoformat(f"{today}T09:00:00+07:00")):
        computation = Computation(Q3)
        figures = [computation.value(f"petitions.{m}") for m in ("carried_over", "pending")]

    assert figures == [1, 2]
