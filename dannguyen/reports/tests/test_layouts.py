"""Layouts are data: versions by date, uploads validated, past versions never overwritten."""

from __future__ import annotations

import copy
import datetime
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from dannguyen.reports import layouts, periods, queries
from dannguyen.reports.models import ReportLayout
from dannguyen.reports.reference_data import shipped_layouts

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_msgids(settings):
    # Messages and labels are asserted on their English msgids (pages included); the vi
    # catalogue is checked by lib/tests/test_translations.py.
    settings.LANGUAGE_CODE = "en"
    settings.LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
    with translation.override(None):
        yield


def _document(code: str = "4E") -> dict:
    return copy.deepcopy(next(d for d in shipped_layouts() if d["code"] == code))


def _upload(client, document: object, name: str = "4e.json"):
    raw = document if isinstance(document, bytes) else json.dumps(document).encode()
    return client.post(
        reverse("reports:layout_list"),
        {"file": SimpleUploadedFile(name, raw, content_type="application/json")},
    )


def test_the_version_in_force_on_the_last_day_of_the_period_applies(shipped):
    assert layouts.in_force("02/XLD", datetime.date(2025, 6, 30)).version == 1
    assert layouts.in_force("02/XLD", datetime.date(2025, 9, 29)).version == 1
    assert layouts.in_force("02/XLD", datetime.date(2025, 9, 30)).version == 2
    assert layouts.in_force("02/XLD", datetime.date(2021, 6, 30)) is None


def test_a_new_version_changes_the_report_from_its_date(world, client, department_head):
    document = _document()
    document["version"] = 2
    document["valid_from"] = "2026-10-01"
    document["definition"]["lines"] = [
        {"ms": "A", "label": "Đơn tiếp nhận", "metric": "petitions.received"},
        {
            "ms": "B",
            "label": "Trong đó: tố cáo",
            "metric": "petitions.received",
            "filters": {"kind": "denunciation"},
            "percent_of": "A",
        },
    ]
    client.force_login(department_head)
    response = _upload(client, document)
    assert response.status_code == 302
    saved = ReportLayout.objects.get(code="4E", version=2)
    assert saved.uploaded_by == department_head
    # Quarter III still uses version 1; quarter IV uses version 2.
    old = queries.build(
        layouts.in_force("4E", periods.quarter(2026, 3).end), periods.quarter(2026, 3)
    )
    assert old.layout.version == 1
    assert old.total.values["1"] == 4
    new = queries.build(
        layouts.in_force("4E", periods.quarter(2026, 4).end), periods.quarter(2026, 4)
    )
    assert new.layout.version == 2
    assert new.total.values == {"A": 1, "B": 0}
    assert new.total.percents == {"B": 0.0}


def _errors(response) -> list[str]:
    return response.context["form"].errors["file"]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda d: d["definition"]["lines"][1].update(metric="petitions.nothing"),
            "Line 2 (MS 1): unknown metric “petitions.nothing”.",
        ),
        (
            lambda d: d["definition"]["lines"][3].update(filters={"kind": ["lawsuit"]}),
            "Line 4 (MS 1.1): unknown value(s) for “kind”: lawsuit.",
        ),
        (
            lambda d: d["definition"]["lines"][3].update(filters={"field": ["XX"]}),
            "Line 4 (MS 1.1): unknown value(s) for “field”: XX.",
        ),
        (
            lambda d: d["definition"]["lines"][3].update(filters={"outcome": ["explained"]}),
            "Line 4 (MS 1.1): the metric petitions.received cannot be filtered by “outcome”.",
        ),
        (
            lambda d: d["definition"]["lines"][3].update(ms="1"),
            "Line 4 (MS 1): the code is used twice.",
        ),
        (
            lambda d: d["definition"]["lines"][3].update(percent_of="99"),
            "MS 1.1 refers to unknown code(s) 99.",
        ),
        (lambda d: d["definition"].update(shape="pie"), "“shape” must be “list” or “table”."),
        (lambda d: d["definition"].update(group_by="agency"), "Only a table can be grouped."),
        (lambda d: d.update(version=0), "“version” must be a whole number from 1 to 999."),
        (
            lambda d: d.update(valid_from="01/10/2026"),
            "“valid_from” must be a date written YYYY-MM-DD.",
        ),
        (
            lambda d: d["definition"]["lines"].extend(
                [
                    {"ms": "X", "label": "x", "formula": {"op": "sum", "of": ["Y"]}},
                    {"ms": "Y", "label": "y", "formula": {"op": "sum", "of": ["X"]}},
                ]
            ),
            "The formulas refer to each other in a circle: X → Y → X.",
        ),
        (
            lambda d: d["definition"]["lines"].append(
                {"ms": "Z", "label": "z", "formula": {"op": "percent", "of": ["1"]}}
            ),
            "Line 28 (MS Z): a percentage needs exactly two codes.",
        ),
    ],
)
def test_invalid_layouts_are_refused_with_the_reason(
    client, shipped, department_head, change, expected
):
    document = _document()
    document["version"] = 7
    change(document)
    client.force_login(department_head)
    response = _upload(client, document)
    assert response.status_code == 200
    assert expected in _errors(response)
    assert not ReportLayout.objects.filter(code="4E", version__in=[0, 7]).exists()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00", "The file is not a JSON text file."),
        (b"[1, 2, 3]", "The layout must be a JSON object."),
        (b"{", "The file is not a JSON text file."),
        (b" " * (600 * 1024), "The file is too large (at most 512 KB)."),
    ],
)
def test_files_that_are_not_layouts_are_refused(client, shipped, department_head, raw, expected):
    client.force_login(department_head)
    response = _upload(client, raw, name="4e.json")
    assert response.status_code == 200
    assert _errors(response) == [expected]


def test_an_existing_version_is_never_overwritten(client, shipped, department_head):
    document = _document()
    document["title"] = "Đã sửa"
    client.force_login(department_head)
    response = _upload(client, document)
    assert response.status_code == 200
    assert _errors(response) == ["Version 1 of 4E exists; give the new one a higher number."]
    assert ReportLayout.objects.get(code="4E", version=1).title != "Đã sửa"


def test_a_table_grouping_a_metric_that_cannot_be_grouped_so(shipped):
    definition = {
        "shape": "table",
        "group_by": "place",
        "lines": [{"ms": "1", "label": "Buổi", "metric": "reception.sessions"}],
    }
    assert layouts.validate_definition(definition) == [
        "Line 1 (MS 1): the metric reception.sessions cannot be grouped by “place”."
    ]


def test_shipped_layouts_are_valid_and_loaded_idempotently(shipped):
    from dannguyen.core.reference_data import LoadReport
    from dannguyen.reports import reference_data

    for document in shipped_layouts():
        layouts.validate_document(document)
    report = LoadReport()
    reference_data.load(report)
    assert report.created == {} and report.updated == {}
    assert ReportLayout.objects.count() == len(shipped_layouts()) == 10
