"""No input gives a 500: every wrong value is a Vietnamese field error, a message, a 404 or
a 405, and changes nothing."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.translation import gettext

from dannguyen.correspondence.models import (
    LetterEvent,
    LetterStatus,
    LetterTemplate,
    OutgoingLetter,
)
from dannguyen.lib.nd30_template import build_template

pytestmark = pytest.mark.django_db


def test_an_unknown_action_or_a_get_changes_nothing(client, draft, reception_officer):
    client.force_login(reception_officer)
    events = LetterEvent.objects.count()

    unknown = client.post(reverse("correspondence:act", args=[draft.pk, "explode"]))
    as_get = client.get(reverse("correspondence:act", args=[draft.pk, "submit"]))

    assert unknown.status_code == 302
    assert as_get.status_code == 405
    draft.refresh_from_db()
    assert draft.status == LetterStatus.DRAFT
    assert LetterEvent.objects.count() == events


def test_nonsense_filters_are_ignored(client, draft, reception_officer):
    client.force_login(reception_officer)
    nonsense = {"year": "năm ngoái", "kind": "memo", "status": "<script>", "page": "99999"}

    listed = client.get(reverse("correspondence:list"), nonsense)
    exported = client.get(reverse("correspondence:export"), nonsense)

    assert listed.status_code == 200
    assert set(listed.context["form"].errors) == {"year", "kind", "status"}
    assert exported.status_code == 200


def test_a_missing_letter_or_petition_is_a_404(client, complaint, reception_officer):
    client.force_login(reception_officer)

    assert client.get(reverse("correspondence:detail", args=[987654])).status_code == 404
    assert client.get(reverse("correspondence:download", args=[987654])).status_code == 404
    missing = client.post(
        reverse("correspondence:create"), {"kind": "forwarding_slip", "petition": "987654"}
    )
    assert missing.status_code == 404
    assert not OutgoingLetter.objects.exists()


def test_a_wrong_kind_or_petition_is_a_field_error(client, reception_officer, db):
    client.force_login(reception_officer)

    response = client.post(
        reverse("correspondence:create"),
        {"kind": "memo", "petition": "abc", "recipient_agency": "-1"},
    )

    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"kind", "petition", "recipient_agency"}
    assert not OutgoingLetter.objects.exists()


def test_a_template_upload_without_a_file_or_with_a_backwards_period(client, department_head):
    client.force_login(department_head)
    base = {"kind": "forwarding_slip", "name": "Mẫu", "valid_from": "2026-05-01"}

    no_file = client.post(reverse("correspondence:templates"), base)
    backwards = client.post(
        reverse("correspondence:templates"),
        {
            **base,
            "valid_to": "2026-04-01",
            "file": SimpleUploadedFile("mau.docx", build_template()),
        },
    )

    assert no_file.status_code == 422
    assert "file" in no_file.context["form"].errors
    assert backwards.status_code == 422
    assert backwards.context["form"].errors["valid_to"] == [
        gettext("The end cannot be before the start.")
    ]
    assert not LetterTemplate.objects.exists()
