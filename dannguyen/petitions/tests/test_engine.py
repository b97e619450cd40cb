"""Suggestions and duplicate candidates from the matching engine, as the pages use them."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils.translation import gettext

from dannguyen.petitions import engine, workflow
from dannguyen.petitions.identity import PersonInput

from .conftest import BRIBERY, COMPLAINANT, LAND_COMPLAINT

pytestmark = pytest.mark.django_db

REWORDED = (
    "Kính gửi Đoàn đại biểu Quốc hội tỉnh. Ủy ban nhân dân xã Gia Vân thu hồi 320 m² ruộng "
    "của gia đình tôi, tiền bồi thường quá thấp, không có tái định cư. Tôi khiếu nại quyết định "
    "thu hồi đất này."
)


def test_suggestions_start_from_rules(world, agencies, matching_rules):
    suggestions = engine.suggest(BRIBERY)

    assert suggestions.kind[0].value == "denunciation"
    assert 0 < suggestions.kind[0].confidence <= 1
    assert suggestions.kind[0].reasons


def test_classify_page_shows_suggestions_and_use_fills_without_saving(
    client, complaint, department_head, agencies, matching_rules
):
    client.force_login(department_head)
    url = reverse("petitions:classify", args=[complaint.pk])

    page = client.get(url)
    used = client.post(url, {"use": "kind:complaint", "eligibility": "undetermined"})

    complaint.refresh_from_db()
    assert page.context["suggestions"].kind[0].value == "complaint"
    assert 'name="use" value="kind:complaint"' in page.content.decode()
    assert used.status_code == 200
    assert used.context["form"].initial["kind"] == "complaint"
    assert (complaint.status, complaint.classified_at) == ("received", None)


def test_confirming_records_what_was_suggested(
    client, complaint, department_head, land_field, agencies, matching_rules
):
    client.force_login(department_head)

    client.post(
        reverse("petitions:classify", args=[complaint.pk]),
        {
            "kind": "complaint",
            "main_field": land_field.pk,
            "eligibility": "eligible",
            "competence": "undetermined",
            "procedure_stage": "undetermined",
            "confirm": "1",
        },
    )

    note = complaint.events.last().note
    assert note.startswith(gettext("Suggested: %(list)s.").split("%")[0])
    assert "“complaint”" not in note and "%" in note


def test_reworded_letter_from_the_same_person_is_a_likely_duplicate(register, department_head):
    first = register()
    second = register(content=REWORDED)

    found = engine.candidates(
        text=REWORDED,
        people=engine.people_of(second),
        visible=second.__class__.objects.all(),
        exclude={second.pk},
    )

    assert [c.petition for c in found] == [first]
    assert found[0].likely_duplicate is True
    assert found[0].same_person is True


def test_detail_panel_lists_candidates_with_decisions(client, register, reception_officer):
    first = register()
    second = register(content=REWORDED)
    client.force_login(reception_officer)

    panel = client.get(reverse("petitions:candidates", args=[second.pk]))
    client.post(
        reverse("petitions:decide_duplicate", args=[second.pk]),
        {"original": first.pk, "verdict": "not_duplicate"},
    )
    after = client.get(reverse("petitions:candidates", args=[second.pk]))

    assert [c.petition for c in panel.context["candidates"]] == [first]
    assert 'value="duplicate"' in panel.content.decode()
    assert after.context["candidates"] == []


def test_live_check_while_typing(client, register, reception_officer):
    first = register()
    client.force_login(reception_officer)

    response = client.post(
        reverse("petitions:check"),
        {"content": REWORDED, "full_name": "Nguyễn Văn Khác"},
        HTTP_HX_REQUEST="true",
    )

    assert [c.petition for c in response.context["candidates"]] == [first]
    assert first.code in response.content.decode()


def test_live_check_forbidden_to_readers(client, information_officer, world):
    client.force_login(information_officer)

    assert client.post(reverse("petitions:check"), {"content": "x"}).status_code == 403


def test_an_unrelated_letter_has_no_candidate(register, world):
    register()
    other = register(
        content="Phản ánh trạm y tế xã thiếu thuốc điều trị tăng huyết áp cấp theo bảo hiểm y tế.",
        people=[PersonInput(full_name="Lê Văn Khác")],
    )

    found = engine.candidates(
        text=other.content,
        people=engine.people_of(other),
        visible=other.__class__.objects.all(),
        exclude={other.pk},
    )

    assert found == []


def test_retrain_learns_from_confirmed_classifications(
    register, department_head, land_field, agencies, matching_rules, capsys
):
    for _n in range(3):
        petition = register(content=LAND_COMPLAINT)
        workflow.classify(
            petition,
            kind="complaint",
            main_field=land_field,
            eligibility="eligible",
            competence="undetermined",
            competent_agency=None,
            procedure_stage="undetermined",
            by=department_head,
        )
    register(people=[COMPLAINANT], content="Chưa phân loại")

    call_command("petitions_retrain")

    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("petition-kind: 3 examples")
    assert out[1].startswith("petition-field: 3 examples")
    assert out[2].startswith("petition-agency: 0 examples")
    assert list(engine.confirmed_examples(engine.KIND_TASK)) == [(LAND_COMPLAINT, "complaint")] * 3
