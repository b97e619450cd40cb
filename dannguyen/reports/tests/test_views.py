"""The report pages, the files and the API give the same numbers; who may open what."""

from __future__ import annotations

import html
import io
import json
import re

import openpyxl
import pytest
from django.urls import reverse
from docx import Document

from dannguyen.accounts.models import Role
from dannguyen.reception.tests.conftest import bearer

pytestmark = pytest.mark.django_db

Q3_QUERY = {"period": "quarter", "year": "2026", "number": "3"}
ALLOWED = ["department_head", "reception_officer", "supervision_officer", "office_leader"]
FORBIDDEN = ["deputy", "outsider"]


def _show(code: str) -> str:
    return reverse("reports:report", args=[code])


@pytest.mark.parametrize("persona", ALLOWED)
@pytest.mark.parametrize("name", ["index", "report", "report_xlsx", "report_docx"])
def test_staff_and_leaders_read_reports(client, request, shipped, persona, name):
    client.force_login(request.getfixturevalue(persona))
    url = reverse(f"reports:{name}", args=[] if name == "index" else ["4E"])
    assert client.get(url, Q3_QUERY).status_code == 200


@pytest.mark.parametrize("persona", FORBIDDEN)
@pytest.mark.parametrize("name", ["index", "report", "report_xlsx", "report_docx", "layout_list"])
def test_others_may_not(client, request, shipped, persona, name):
    client.force_login(request.getfixturevalue(persona))
    url = reverse(f"reports:{name}", args=["4E"] if name.startswith("report") else [])
    assert client.get(url).status_code == 403


@pytest.mark.parametrize(
    ("persona", "status"),
    [("department_head", 200), ("reception_officer", 403), ("office_leader", 403)],
)
def test_only_managers_manage_layouts(client, request, shipped, persona, status):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("reports:layout_list")).status_code == status
    response = client.post(reverse("reports:layout_list"), {})
    assert response.status_code == status


def test_anonymous_visitors_are_sent_to_sign_in(client, shipped):
    response = client.get(_show("4E"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_unknown_code_is_404(client, shipped, reception_officer):
    client.force_login(reception_officer)
    assert client.get(_show("9Z"), Q3_QUERY).status_code == 404


def test_the_index_lists_the_layouts_in_force(client, shipped, reception_officer):
    client.force_login(reception_officer)
    response = client.get(reverse("reports:index"))
    codes = [layout.code for layout in response.context["layouts"]]
    assert codes == ["4E", "4B", "4C", "02/XLD", "3B", "3C", "3D", "3F", "TCD"]


@pytest.mark.parametrize(
    "query",
    [
        {"period": "quarter", "year": "2026", "number": "9"},
        {"period": "month", "year": "99999", "number": "1"},
        {"period": "custom", "date_from": "31/12/2026", "date_to": "01/01/2026"},
        {"period": "custom", "date_from": "not a date"},
        {"period": "weekly"},
        {"subject": "nobody"},
    ],
)
def test_bad_filters_show_the_current_quarter_with_the_error(
    client, shipped, reception_officer, query
):
    client.force_login(reception_officer)
    response = client.get(_show("4E"), query)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert response.context["report"].period.kind == "quarter"


def test_htmx_gets_only_the_results(client, shipped, reception_officer):
    client.force_login(reception_officer)
    response = client.get(_show("4E"), Q3_QUERY, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert b"<form" not in response.content
    assert b'data-testid="report"' in response.content


def _screen_rows(page: str) -> list[list[str]]:
    table = page.split('data-testid="report"', 1)[1].split("<tbody>", 1)[1].split("</tbody>")[0]
    return [
        re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S)
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table, flags=re.S)
    ]


def _xlsx_numbers(content: bytes) -> list[list[object]]:
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    return rows


def _docx_rows(content: bytes) -> list[list[str]]:
    document = Document(io.BytesIO(content))
    table = max(document.tables, key=lambda t: len(t.rows))
    return [[cell.text for cell in row.cells] for row in table.rows]


def _docx_number(text: str) -> object:
    if not text:
        return None
    if "," in text:
        return float(text.replace(",", "."))
    return int(text.replace(".", ""))


@pytest.mark.parametrize("code", ["4E", "02/XLD", "TCD", "3B", "4B"])
def test_screen_excel_word_and_api_carry_the_same_numbers(client, world, reception_officer, code):
    client.force_login(reception_officer)
    screen = client.get(_show(code), Q3_QUERY)
    grid = screen.context["grid"]
    numbers = [[v for v in row if not isinstance(v, str)] for row in grid.body]
    assert any(n for row in numbers for n in row)
    assert _screen_rows(screen.content.decode()) == [
        [html.escape(cell) for cell in row] for row in grid.shown
    ]

    excel = _xlsx_numbers(client.get(reverse("reports:report_xlsx", args=[code]), Q3_QUERY).content)
    body = excel[-len(grid.body) :]
    assert [row[grid.text_columns :] for row in body] == [
        row[grid.text_columns :] for row in grid.body
    ]

    word = _docx_rows(client.get(reverse("reports:report_docx", args=[code]), Q3_QUERY).content)
    word_body = word[-len(grid.body) :]
    label_columns = grid.text_columns
    assert [[_docx_number(t) for t in row[label_columns:]] for row in word_body] == [
        row[label_columns:] for row in grid.body
    ]

    api = client.get(f"/api/v1/reports/{code}", {"period": "2026-Q3"}, **bearer(reception_officer))
    assert api.status_code == 200
    assert api.json() == json.loads(json.dumps(screen.context["report"].as_dict()))


def test_merged_header_cells_in_excel(client, world, reception_officer):
    client.force_login(reception_officer)
    content = client.get(reverse("reports:report_xlsx", args=["02/XLD"]), Q3_QUERY).content
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    merged = {str(r) for r in sheet.merged_cells.ranges}
    # "Tổng số đơn phải xử lý" over MS 1–3, the unit column over two header rows.
    assert "B4:D4" in merged
    assert "A4:A5" in merged
    assert sheet["B4"].value == "Tổng số đơn phải xử lý"
    assert [sheet.cell(row=6, column=c).value for c in (2, 3, 4)] == ["(1)", "(2)", "(3)"]


def test_word_report_follows_the_nd30_layout(client, world, reception_officer):
    client.force_login(reception_officer)
    content = client.get(reverse("reports:report_docx", args=["4E"]), Q3_QUERY).content
    text = "\n".join(p.text for p in Document(io.BytesIO(content)).paragraphs)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in "\n".join(
        cell.text
        for t in Document(io.BytesIO(content)).tables
        for row in t.rows
        for cell in row.cells
    )
    assert "Báo cáo tổng hợp tình hình tiếp nhận, xử lý, giám sát đơn" in text


def test_navigation_entry(client, shipped, reception_officer, deputy, department_head):
    client.force_login(reception_officer)
    items = client.get(reverse("reports:index")).context["nav_items"]
    reports = next(i for i in items if i["key"] == "reports")
    assert [c["url"] for c in reports["children"]] == [reverse("reports:index")]
    client.force_login(department_head)
    items = client.get(reverse("reports:index")).context["nav_items"]
    reports = next(i for i in items if i["key"] == "reports")
    assert reverse("reports:layout_list") in [c["url"] for c in reports["children"]]
    client.force_login(deputy)
    items = client.get(reverse("core:home")).context["nav_items"]
    assert "reports" not in [i["key"] for i in items]


# ------------------------------------------------------------------------- API


def test_api_forbidden_and_unauthenticated(client, shipped, deputy):
    assert client.get("/api/v1/reports/4E", {"period": "2026"}).status_code == 401
    response = client.get("/api/v1/reports/4E", {"period": "2026"}, **bearer(deputy))
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ({"period": "2026-Q7"}, 422),
        ({}, 422),
        ({"from": "2026-01-01"}, 422),
        ({"from": "2026-02-01", "to": "2026-01-01"}, 422),
        ({"from": "yesterday", "to": "2026-01-01"}, 422),
        ({"period": "2026", "subject": "nobody"}, 422),
    ],
)
def test_api_bad_input(client, shipped, reception_officer, query, status):
    response = client.get("/api/v1/reports/4E", query, **bearer(reception_officer))
    assert response.status_code == status
    assert response.json()["message"]


def test_api_custom_range_and_subject(client, world, office_leader):
    response = client.get(
        "/api/v1/reports/4E",
        {"from": "2026-07-01", "to": "2026-09-30", "subject": "na_delegation"},
        **bearer(office_leader),
    )
    assert response.status_code == 200
    body = response.json()
    assert body["period"]["from"] == "2026-07-01"
    assert body["rows"][-1]["values"]["1"] == 1
    assert body["rows"][-1]["values"]["1.2"] == 1


def test_api_unknown_code(client, shipped, reception_officer):
    response = client.get("/api/v1/reports/NOPE", {"period": "2026"}, **bearer(reception_officer))
    assert response.status_code == 404


def test_api_lists_layouts(client, shipped, reception_officer):
    response = client.get("/api/v1/reports", **bearer(reception_officer))
    assert response.status_code == 200
    assert [row["code"] for row in response.json()][:2] == ["4E", "4B"]


def test_role_list_is_the_charter():
    # Reports are read by the office's staff and the leaders only (permissions.READERS).
    from dannguyen.reports.permissions import READERS

    assert Role.Code.DEPUTY not in READERS
    assert Role.Code.SYSTEM_ADMIN not in READERS


@pytest.mark.parametrize("code", ["x" * 500, "4E/../../etc", "4E%00", "02/XLD/extra"])
def test_nonsense_codes_are_not_found(client, shipped, reception_officer, code):
    client.force_login(reception_officer)
    for prefix in ("show", "excel", "word"):
        # A NUL byte is refused before the view (400); nothing is ever a 500.
        assert client.get(f"/reports/{prefix}/{code}").status_code in (400, 404)
    response = client.get(
        f"/api/v1/reports/{code}", {"period": "2026"}, **bearer(reception_officer)
    )
    assert response.status_code in (400, 404)
