from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse

from dannguyen.accounts.models import ApiToken
from dannguyen.legal import search
from dannguyen.legal.models import LegalDocument, SearchEntry, SearchTerm, SearchTotals

pytestmark = pytest.mark.django_db


def hits(q, **filters):
    scored = search.find(q, search.Filters(**filters), today=datetime.date(2026, 11, 27)).hits
    return [(h.document.number_raw, h.article_number) for h in search.hits_for(scored, q)]


def test_question_finds_the_right_article(law, decree):
    assert hits("Thời hiệu khiếu nại là bao nhiêu ngày?")[0] == ("02/2011/QH13", "9")


def test_query_without_diacritics_finds_the_same_article(law, decree):
    assert hits("thoi han giai quyet khieu nai lan dau")[0] == ("02/2011/QH13", "28")


def test_document_as_a_whole_is_findable_by_title(law, decree):
    assert ("124/2020/NĐ-CP", "") in hits("nghị định quy định chi tiết luật khiếu nại")[:3]


def test_filters_restrict_the_hits(law, decree, document_types):
    from dannguyen.legal.models import DocumentType

    decree_type = DocumentType.objects.get(code="nghi-dinh").pk

    assert {n for n, _ in hits("khiếu nại", document_type=decree_type)} == {"124/2020/NĐ-CP"}
    assert hits("khiếu nại", year_from=2030) == []


def test_status_filter_as_of_a_date(law):
    assert hits("thời hiệu khiếu nại", status="not_yet_in_force", as_of=datetime.date(2012, 1, 1))
    assert hits("thời hiệu khiếu nại", status="expired") == []


@pytest.mark.parametrize("q", ["", "   ", "!!!???", "\x00", "đ" * 5000, "(((", '"', "AND OR NOT *"])
def test_any_query_returns_a_list_never_an_error(law, q):
    assert isinstance(hits(q), list)


def test_typo_gets_a_suggestion(law):
    assert search.suggest("khieu nai thoi hieuu") == "khieu nai thoi hieu"


@pytest.mark.parametrize("q", ["02/2011/QH13", "2/2011/qh13", "02 / 2011 / QH13"])
def test_exact_or_sloppy_number_jumps_to_the_document(client, reception_officer, law, q):
    client.force_login(reception_officer)

    response = client.get(reverse("legal:search"), {"q": q})

    assert response.status_code == 302
    assert response.url == law.get_absolute_url()


def test_sloppy_type_and_number(decree):
    assert search.document_by_number("nđ 124/2020") == decree
    assert search.document_by_number("ND 124/2020") == decree


def test_reindexing_keeps_term_counts_exact(law):
    before = dict(SearchTerm.objects.values_list("term", "df"))

    search.index_document(law)

    assert dict(SearchTerm.objects.values_list("term", "df")) == before
    assert SearchTotals.objects.get().entries == SearchEntry.objects.count()


def test_search_page_shows_article_hits_with_marked_snippets(client, reception_officer, law):
    client.force_login(reception_officer)

    response = client.get(reverse("legal:search"), {"q": "thoi hieu khieu nai"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "Điều 9. Thời hiệu khiếu nại — Luật Khiếu nại" in html
    assert "<mark>hiệu</mark>" in html
    assert f'{law.get_absolute_url()}#dieu-9"' in html


def test_search_page_browse_and_forbidden(client, reception_officer, outsider, law):
    client.force_login(reception_officer)
    assert list(client.get(reverse("legal:search")).context["page"]) == [law]

    client.force_login(outsider)
    assert client.get(reverse("legal:search")).status_code == 403


def test_detail_page_shows_structure_timeline_and_relations(client, reception_officer, decree, law):
    client.force_login(reception_officer)

    response = client.get(reverse("legal:detail", args=[law.pk]))

    html = response.content.decode()
    assert response.context["status"] == "in_force"
    assert 'id="dieu-28"' in html
    assert "Được dẫn chiếu bởi" in html
    assert "124/2020/NĐ-CP" in html


def test_edit_validates_number_dates_and_duplicates(client, information_officer, law, decree):
    client.force_login(information_officer)
    data = {
        "number_raw": "02/2011/QH13",
        "title": "Trùng số",
        "document_type": decree.document_type_id,
        "source": "manual",
        "issued_on": "10/10/2020",
        "effective_on": "01/01/2020",
    }

    response = client.post(reverse("legal:edit", args=[decree.pk]), data)

    errors = response.context["form"].errors
    assert errors["number_raw"] == ["Văn bản 02/2011/QH13 đã có trong cơ sở dữ liệu."]
    assert errors["effective_on"] == ["Văn bản không thể có hiệu lực trước ngày ban hành."]
    decree.refresh_from_db()
    assert decree.title != "Trùng số"


def test_edit_forbidden_to_reception_officer(client, reception_officer, law):
    client.force_login(reception_officer)

    assert client.get(reverse("legal:edit", args=[law.pk])).status_code == 403


def test_create_by_information_officer(client, information_officer, document_types):
    from dannguyen.legal.models import DocumentType

    client.force_login(information_officer)

    response = client.post(
        reverse("legal:create"),
        {
            "number_raw": "nđ 5 / 2026 / nđ-cp".replace("nđ 5", "5"),
            "title": "Nghị định thử",
            "document_type": DocumentType.objects.get(code="nghi-dinh").pk,
            "source": "manual",
            "is_published": "on",
        },
    )

    document = LegalDocument.objects.get(title="Nghị định thử")
    assert response.status_code == 302
    assert (document.number_raw, document.number_key, document.year) == (
        "05/2026/NĐ-CP",
        "05/2026/ND-CP",
        2026,
    )


def test_api_search_and_document(client, reception_officer, law, decree):
    _t, raw = ApiToken.issue(reception_officer, name="x")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}

    found = client.get("/api/v1/legal/search", {"q": "thời hiệu khiếu nại", "page_size": 2}, **auth)
    document = client.get(f"/api/v1/legal/documents/{law.pk}", **auth)

    body = found.json()
    assert found.status_code == 200
    assert body["items"][0]["article"] == "9"
    assert body["items"][0]["so_ky_hieu"] == "02/2011/QH13"
    assert len(body["items"]) == 2
    assert document.json()["status"] == "in_force"
    assert [a["number"] for a in document.json()["articles"]] == ["1", "2", "9", "28", "70"]


def test_api_search_requires_a_query(client, reception_officer):
    _t, raw = ApiToken.issue(reception_officer, name="x")

    response = client.get("/api/v1/legal/search", HTTP_AUTHORIZATION=f"Bearer {raw}")

    assert response.status_code == 422
    assert list(response.json()["fields"]) == ["q"]


def test_legal_search_command_batch(law, tmp_path, capsys):
    import json

    queries = tmp_path / "q.txt"
    queries.write_text("thời hiệu khiếu nại\n\ngiải thích từ ngữ\n", encoding="utf-8")

    call_command("legal_search", "--batch", str(queries), "--limit", "1")

    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(line["query"], line["hits"][0]["article"]) for line in lines] == [
        ("thời hiệu khiếu nại", "9"),
        ("giải thích từ ngữ", "2"),
    ]
    assert set(lines[0]["hits"][0]) >= {"title", "so_ky_hieu", "article", "score"}


def test_search_page_offers_facets_that_refine(client, reception_officer, law, decree):
    client.force_login(reception_officer)

    response = client.get(reverse("legal:search"), {"q": "khiếu nại"})
    facets = response.context["facets"]
    narrowed = client.get(reverse("legal:search"), {"q": "khiếu nại", "year": "2020"})

    assert {f.label: f.count for f in facets["types"]} == {"Luật": 1, "Nghị định": 1}
    assert [f.label for f in facets["years"]] == ["2020", "2011"]
    assert {h.document.number_raw for h in narrowed.context["page"]} == {"124/2020/NĐ-CP"}


def test_article_body_leaves_out_its_heading_line(law):
    article = law.provisions.get(kind="article", number="9")

    assert article.body.startswith("Thời hiệu khiếu nại là 90 ngày")


def test_quoted_phrase_must_appear_as_written(law, decree):
    loose = hits("khiếu nại đông người")
    strict = hits('"khiếu nại đông người"')

    assert len(strict) < len(loose)
    assert strict[0] == ("124/2020/NĐ-CP", "1")
    assert hits('"đông người khiếu nại"') == []


def test_editor_records_a_replacement_and_the_status_follows(client, information_officer, law):
    from dannguyen.legal import effect
    from dannguyen.legal.models import Relation

    newer = LegalDocument.objects.create(
        number_raw="99/2025/QH15",
        number_key="99/2025/QH15",
        title="Luật Khiếu nại (sửa đổi)",
        document_type=law.document_type,
        source="manual",
        effective_on=datetime.date(2026, 7, 1),
    )
    client.force_login(information_officer)

    response = client.post(
        reverse("legal:add_relation", args=[newer.pk]),
        {"kind": "replaces", "target": "2/2011/qh13"},
    )

    assert response.status_code == 302
    relation = Relation.objects.get(source=newer, kind="replaces")
    assert relation.target == law
    assert effect.document_status(law, datetime.date(2026, 7, 1)) == "expired"
    page = client.get(reverse("legal:detail", args=[law.pk])).content.decode()
    assert "Bị thay thế bởi" in page


def test_relation_forbidden_to_reception_officer(client, reception_officer, law):
    client.force_login(reception_officer)

    response = client.post(
        reverse("legal:add_relation", args=[law.pk]), {"kind": "amends", "target": "x"}
    )

    assert response.status_code == 403
