"""Every briefs page allowed and forbidden; the compile actions through the pages; bad
input refused without a 500."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.translation import gettext

from dannguyen.briefs import workflow
from dannguyen.briefs.models import Brief, BriefSection
from dannguyen.core.models import FieldOfWork

from .conftest import D, request_values

pytestmark = pytest.mark.django_db

PERSONAS = [
    "department_head",
    "deputy_head",
    "information_officer",
    "reception_officer",
    "office_leader",
    "delegation_leader",
    "deputy",
    "other_deputy",
    "system_admin",
    "outsider",
]
COMPILERS = {"department_head", "deputy_head", "information_officer"}
READERS = COMPILERS | {"reception_officer", "office_leader", "delegation_leader"}
REQUESTERS = COMPILERS | {"office_leader", "delegation_leader", "deputy", "other_deputy"}


def statuses(client, request, method, url, data=None):
    seen = {}
    for persona in PERSONAS:
        client.force_login(request.getfixturevalue(persona))
        response = client.post(url, data or {}) if method == "post" else client.get(url)
        seen[persona] = response.status_code
        client.logout()
    return seen


def expect(allowed, code=200):
    return {p: code if p in allowed else 403 for p in PERSONAS}


def test_who_may_read_the_list(client, request, brief):
    assert statuses(client, request, "get", reverse("briefs:list")) == expect(
        READERS | {"deputy", "other_deputy"}
    )


def test_who_may_read_a_brief(client, request, brief):
    assert statuses(client, request, "get", brief.get_absolute_url()) == expect(
        READERS | {"deputy"}
    )


def test_anonymous_is_sent_to_sign_in(client, brief):
    response = client.get(brief.get_absolute_url())

    assert response.status_code == 302
    assert "login" in response["Location"]


def test_who_may_open_the_request_page(client, request, db):
    assert statuses(client, request, "get", reverse("briefs:create")) == expect(REQUESTERS)


def test_who_may_edit_the_request(client, request, brief):
    assert statuses(client, request, "get", reverse("briefs:edit", args=[brief.pk])) == expect(
        COMPILERS
    )


def test_a_deputy_sees_only_the_briefs_for_them(
    client, brief, deputy, other_deputy, information_officer
):
    workflow.request(
        values=request_values(recipient_kind="council_standing", recipient_name="Thường trực"),
        by=information_officer,
    )
    client.force_login(other_deputy)
    mine = workflow.request(values=request_values(title="Của tôi"), by=other_deputy)

    response = client.get(reverse("briefs:list"))

    assert [b.pk for b in response.context["page"]] == [mine.pk]


def test_the_list_filters_by_status_recipient_and_overdue(client, brief, information_officer):
    late = workflow.request(
        values=request_values(
            title="Quá hạn",
            recipient_kind="council_committee",
            recipient_name="Ban Kinh tế - Ngân sách",
            requested_on=D(2026, 11, 1),
            due_on=D(2026, 11, 10),
        ),
        by=information_officer,
    )
    client.force_login(information_officer)

    overdue = client.get(reverse("briefs:list"), {"overdue": "on"})
    committee = client.get(reverse("briefs:list"), {"recipient_kind": "council_committee"})
    requested = client.get(reverse("briefs:list"), {"status": "requested"})

    assert [b.pk for b in overdue.context["page"]] == [late.pk]
    assert [b.pk for b in committee.context["page"]] == [late.pk]
    assert {b.pk for b in requested.context["page"]} == {late.pk, brief.pk}
    assert overdue.content.decode().count('data-testid="overdue"') == 1


def test_the_list_costs_a_bounded_number_of_queries(
    client, information_officer, deputy, django_assert_max_num_queries
):
    for day in range(1, 26):
        workflow.request(
            values=request_values(title=f"Chuyên đề {day}", requested_on=D(2026, 10, day)),
            by=deputy,
        )
    client.force_login(information_officer)

    with django_assert_max_num_queries(10):
        response = client.get(reverse("briefs:list"))

    assert response.context["page"].paginator.count == 25


def test_a_deputy_requests_a_brief_for_themselves(client, deputy):
    client.force_login(deputy)

    response = client.post(
        reverse("briefs:create"),
        {
            "title": "Thông tin về xây dựng nông thôn mới",
            "topic": "Kết quả, khó khăn",
            "requested_on": "2026-11-20",
            "due_on": "2026-12-05",
        },
    )

    brief = Brief.objects.get()
    assert response.status_code == 302
    assert response["Location"] == brief.get_absolute_url()
    assert (brief.recipient_kind, brief.deputy, brief.status) == ("deputy", deputy, "requested")


def test_staff_request_for_a_body_needs_its_name(client, information_officer):
    client.force_login(information_officer)
    data = {
        "title": "Thông tin phục vụ giám sát chuyên đề",
        "topic": "Giải quyết đơn thư",
        "recipient_kind": "council_standing",
        "recipient_name": "",
        "requested_on": "2026-11-20",
        "due_on": "2026-11-19",
    }

    response = client.post(reverse("briefs:create"), data)

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "recipient_name": [gettext("Name the body the brief is for.")],
        "due_on": [gettext("A brief cannot be due before it is requested.")],
    }
    assert Brief.objects.count() == 0


def test_bad_input_is_a_form_error_not_a_500(client, information_officer):
    client.force_login(information_officer)

    response = client.post(
        reverse("briefs:create"),
        {
            "title": "x",
            "topic": "y",
            "recipient_kind": "nonsense",
            "deputy": "99999999999999999999999",
            "requested_on": "31/02/2026",
            "due_on": "9999-01-01",
        },
    )

    assert response.status_code == 200
    assert set(response.context["form"].errors) == {
        "recipient_kind",
        "deputy",
        "requested_on",
        "due_on",
    }


def test_who_may_move_a_brief(client, request, brief):
    seen = {}
    for persona in PERSONAS:
        stored = Brief.objects.get(pk=brief.pk)
        client.force_login(request.getfixturevalue(persona))
        response = client.post(
            reverse("briefs:move", args=[brief.pk, "start"]), {"version": stored.version}
        )
        seen[persona] = response.status_code
        client.logout()
        if response.status_code == 302:
            Brief.objects.filter(pk=brief.pk).update(status="requested")

    assert seen == expect(COMPILERS, 302)


def test_the_deputy_may_withdraw_their_request_only_before_it_is_taken_on(
    client, brief, deputy, information_officer
):
    client.force_login(deputy)
    workflow.start(brief, version=brief.version, by=information_officer)
    brief.refresh_from_db()

    refused = client.post(
        reverse("briefs:move", args=[brief.pk, "cancel"]),
        {"version": brief.version, "reason": "Không cần"},
    )

    assert refused.status_code == 403
    other = workflow.request(values=request_values(title="Khác"), by=deputy)
    done = client.post(
        reverse("briefs:move", args=[other.pk, "cancel"]),
        {"version": other.version, "reason": "Không cần nữa"},
    )
    assert done.status_code == 302
    assert Brief.objects.get(pk=other.pk).status == "cancelled"


def test_an_unknown_move_is_404(client, information_officer, brief):
    client.force_login(information_officer)

    response = client.post(reverse("briefs:move", args=[brief.pk, "fly"]), {"version": 0})

    assert response.status_code == 404


def test_who_may_use_the_compile_actions(client, request, compiling, law):
    article = law.provisions.get(kind="article", number="9")
    actions = [
        ("briefs:document_add", {"document": law.pk, "provision": article.pk}),
        ("briefs:summary_save", {"summary": "Tóm tắt"}),
        ("briefs:section_add", {"heading": "Nhận xét", "text": "Nội dung"}),
        ("briefs:statistics_refresh", {}),
    ]
    for name, data in actions:
        assert statuses(
            client, request, "post", reverse(name, args=[compiling.pk]), data
        ) == expect(COMPILERS, 302), name


def test_compile_actions_are_refused_before_the_work_starts(
    client, information_officer, brief, law
):
    client.force_login(information_officer)

    response = client.post(reverse("briefs:document_add", args=[brief.pk]), {"document": law.pk})

    assert response.status_code == 403


def test_searching_the_legal_documents_and_adding_an_article(
    client, information_officer, compiling, law
):
    client.force_login(information_officer)

    found = client.get(compiling.get_absolute_url(), {"q": "thời hiệu khiếu nại"})
    by_number = client.get(compiling.get_absolute_url(), {"q": "02/2011/QH13"})

    hits = found.context["hits"]
    assert hits[0].document == law
    assert hits[0].provision.number == "9"
    assert [h.document for h in by_number.context["hits"]] == [law]
    response = client.post(
        reverse("briefs:document_add", args=[compiling.pk]),
        {"document": law.pk, "provision": hits[0].provision.pk, "note": "Thời hiệu"},
    )
    assert response.status_code == 302
    chosen = compiling.documents.get()
    assert (chosen.document, chosen.provision.number, chosen.note) == (law, "9", "Thời hiệu")


def test_the_search_answers_an_htmx_request_with_its_part(
    client, information_officer, compiling, law
):
    client.force_login(information_officer)

    response = client.get(
        compiling.get_absolute_url(), {"q": "khiếu nại lần đầu"}, HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 200
    assert response.content.decode().lstrip().startswith('<div id="search"')


def test_a_provision_of_another_document_is_refused(
    client, information_officer, compiling, law, decree
):
    client.force_login(information_officer)
    article = law.provisions.get(kind="article", number="9")

    response = client.post(
        reverse("briefs:document_add", args=[compiling.pk]),
        {"document": decree.pk, "provision": article.pk},
    )

    assert response.status_code == 302
    assert compiling.documents.count() == 0


def test_suggestions_come_from_the_statistics_fields_and_keywords(
    client, information_officer, compiling, voter_petitions
):
    client.force_login(information_officer)
    client.post(
        reverse("briefs:statistics_save", args=[compiling.pk]),
        {
            "fields_of_work": [FieldOfWork.objects.get(code="HC-DD").pk],
            "keywords": "tai dinh cu",
        },
    )

    page = client.get(compiling.get_absolute_url())

    assert page.context["suggestions"] == [
        voter_petitions["compensation"],
        voter_petitions["resettlement"],
    ]
    client.post(
        reverse("briefs:petitions_add", args=[compiling.pk]),
        {"petitions": [voter_petitions["compensation"].pk]},
    )
    again = client.get(compiling.get_absolute_url())
    assert again.context["suggestions"] == [voter_petitions["resettlement"]]
    assert [link.petition for link in compiling.petition_links.all()] == [
        voter_petitions["compensation"]
    ]


def test_statistics_filter_needs_a_field_or_keyword(client, information_officer, compiling):
    client.force_login(information_officer)

    response = client.post(
        reverse("briefs:statistics_save", args=[compiling.pk]),
        {"keywords": " ", "since": "2026-05-01", "until": "2026-04-01"},
        follow=True,
    )

    shown = [str(m) for m in response.context["messages"]]
    assert shown == [gettext("The period cannot end before it starts.")]
    compiling.refresh_from_db()
    assert compiling.statistics_at is None


def test_statistics_are_counted_and_shown(
    client, information_officer, compiling, register, land_field
):
    register(kind="complaint", main_field=land_field)
    client.force_login(information_officer)

    client.post(
        reverse("briefs:statistics_save", args=[compiling.pk]),
        {"fields_of_work": [land_field.pk], "since": "2026-01-01"},
    )
    page = client.get(compiling.get_absolute_url())

    compiling.refresh_from_db()
    assert compiling.statistics["total"] == 1
    assert [f.code for f in compiling.statistics_fields.all()] == ["HC-DD-BT"]
    assert page.context["statistics"].by_kind[0].count == 1
    assert 'data-testid="statistics"' in page.content.decode()


def test_editing_and_removing_notes(client, request, information_officer, compiling):
    section = workflow.save_section(compiling, heading="A", text="B", by=information_officer)
    url = reverse("briefs:section_edit", args=[section.pk])
    assert statuses(client, request, "get", url) == expect(COMPILERS)
    client.force_login(information_officer)

    client.post(url, {"heading": "Nhận định", "text": "Tăng"})
    section.refresh_from_db()
    assert (section.heading, section.text) == ("Nhận định", "Tăng")
    client.post(reverse("briefs:section_remove", args=[section.pk]))
    assert BriefSection.objects.count() == 0


def test_compiling_and_delivering_through_the_pages(client, information_officer, compiling):
    workflow.save_section(compiling, heading="A", text="B", by=information_officer)
    compiling.refresh_from_db()
    client.force_login(information_officer)

    client.post(
        reverse("briefs:move", args=[compiling.pk, "compile"]), {"version": compiling.version}
    )
    compiling.refresh_from_db()
    client.post(
        reverse("briefs:move", args=[compiling.pk, "deliver"]),
        {"version": compiling.version, "delivered_on": "2026-11-20", "method": "meeting"},
    )
    compiling.refresh_from_db()

    assert (compiling.status, compiling.delivery_method) == ("delivered", "meeting")


def test_a_stale_page_is_told_to_reload(client, information_officer, compiling):
    client.force_login(information_officer)

    response = client.post(
        reverse("briefs:move", args=[compiling.pk, "cancel"]),
        {"version": compiling.version - 1, "reason": "x"},
        follow=True,
    )

    assert [str(m) for m in response.context["messages"]] == [
        gettext("The brief was changed by someone else meanwhile: reload the page.")
    ]


def test_who_may_download_the_word_file(client, request, compiling, information_officer):
    url = reverse("briefs:docx", args=[compiling.pk])
    assert statuses(client, request, "get", url) == expect(COMPILERS)
    workflow.save_section(compiling, heading="A", text="B", by=information_officer)
    compiling.refresh_from_db()
    workflow.compile_brief(compiling, version=compiling.version, by=information_officer)
    compiling.refresh_from_db()
    workflow.deliver(
        compiling,
        version=compiling.version,
        by=information_officer,
        on=D(2026, 11, 20),
        method="paper",
    )

    assert statuses(client, request, "get", url) == expect(READERS | {"deputy"})


def test_the_page_offers_what_each_state_allows(
    client, information_officer, deputy, compiling, law
):
    workflow.add_document(compiling, document=law, by=information_officer)
    compiling.refresh_from_db()
    workflow.compile_brief(compiling, version=compiling.version, by=information_officer)
    client.force_login(information_officer)

    compiled = client.get(compiling.get_absolute_url())

    assert compiled.context["moves"] == ["return", "deliver", "cancel"]
    assert compiled.context["deliver_form"] is not None
    assert compiled.context["return_form"] is not None
    assert compiled.context["compiling"] is False
    assert [line.status_label for line in compiled.context["documents"]] == [gettext("In force")]
    client.force_login(deputy)
    as_deputy = client.get(compiling.get_absolute_url())
    assert (as_deputy.context["moves"], as_deputy.context["may_download"]) == ([], False)
    assert as_deputy.context["deliver_form"] is None
