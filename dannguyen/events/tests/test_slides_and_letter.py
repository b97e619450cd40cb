"""Slides (.pptx) among an event's documents, judged by their content; and the giấy mời as an
outgoing letter of the sổ văn bản đi, drafted from the event page and numbered when the
correspondence app issues it."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.translation import gettext

from dannguyen.correspondence import workflow as letters
from dannguyen.correspondence.forms import NewLetterForm
from dannguyen.correspondence.models import LetterKind, OutgoingLetter
from dannguyen.events.forms import PPTX_CONTENT_TYPE
from dannguyen.events.models import EventDocument, EventHistory, HistoryAction

from .conftest import pptx_bytes, zip_bytes
from .test_views import text_of

pytestmark = pytest.mark.django_db

STAFF = {"department_head", "information_officer", "reception_officer"}
PERSONAS = sorted(STAFF | {"office_leader", "deputy", "system_admin", "outsider"})
REFUSED_TYPE = "Only PDF, Word (.docx), PowerPoint (.pptx), JPEG or PNG files are accepted."


def upload(client, event, name, content):
    return client.post(
        reverse("events:document_create", args=[event.pk]),
        {"kind": "slides", "title": "Bài trình bày", "upload": SimpleUploadedFile(name, content)},
    )


def test_slides_are_accepted_and_served_back(client, media, information_officer, invited):
    client.force_login(information_officer)

    response = upload(client, invited, "trinh-bay.pptx", pptx_bytes())

    assert response.status_code == 302
    document = EventDocument.objects.get()
    assert (document.kind, document.content_type) == ("slides", PPTX_CONTENT_TYPE)
    assert document.file.name.endswith(".pptx")
    downloaded = client.get(reverse("events:document_file", args=[document.pk]))
    assert downloaded["Content-Type"] == PPTX_CONTENT_TYPE
    assert downloaded.content == pptx_bytes()


@pytest.mark.parametrize(
    "content",
    [
        b"just text, renamed .pptx",
        # A zip with the presentation's part names, but declaring no presentation.
        zip_bytes(
            {
                "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/'
                'package/2006/content-types"/>',
                "ppt/presentation.xml": "<p/>",
            }
        ),
        # Any zip archive.
        zip_bytes({"notes.txt": "hello"}),
        b"PK\x03\x04 but not a zip",
    ],
    ids=["text", "undeclared", "zip", "broken-zip"],
)
def test_a_renamed_file_is_refused_as_slides(client, media, information_officer, invited, content):
    client.force_login(information_officer)

    response = upload(client, invited, "trinh-bay.pptx", content)

    assert response.status_code == 200
    assert response.context["form"].errors["upload"] == [gettext(REFUSED_TYPE)]
    assert not EventDocument.objects.exists()


def test_the_event_page_drafts_the_invitation_letter(client, information_officer, invited):
    client.force_login(information_officer)
    page = client.get(invited.get_absolute_url())

    response = client.post(
        reverse("events:event_move", args=[invited.pk, "letter"]), {"version": invited.version}
    )

    assert 'data-testid="draft-letter"' in page.content.decode()
    assert response.status_code == 302
    invited.refresh_from_db()
    letter = invited.invitation_letter
    assert (letter.kind, letter.status, letter.subject) == (
        LetterKind.INVITATION,
        "draft",
        invited.title,
    )
    assert EventHistory.objects.filter(
        event=invited, action=HistoryAction.LETTER_DRAFTED, actor=information_officer
    ).exists()
    shown = client.get(invited.get_absolute_url()).content.decode()
    assert 'data-testid="invitation-letter"' in shown
    assert 'data-testid="draft-letter"' not in shown


def test_who_may_draft_the_letter_on_the_page(client, request, invited):
    url = reverse("events:event_move", args=[invited.pk, "letter"])
    seen = {}
    for persona in PERSONAS:
        invited.refresh_from_db()
        client.force_login(request.getfixturevalue(persona))
        seen[persona] = client.post(url, {"version": invited.version}).status_code
        type(invited).objects.filter(pk=invited.pk).update(invitation_letter=None)

    assert seen == {p: 302 if p in STAFF else 403 for p in PERSONAS}


def test_a_stale_page_drafts_nothing(client, information_officer, invited):
    client.force_login(information_officer)

    client.post(
        reverse("events:event_move", args=[invited.pk, "letter"]), {"version": invited.version - 1}
    )

    assert not OutgoingLetter.objects.exists()


def test_before_issue_the_word_invitation_shows_a_draft_number(
    client, information_officer, department_head, invited, deputy
):
    client.force_login(information_officer)
    client.post(
        reverse("events:event_move", args=[invited.pk, "letter"]), {"version": invited.version}
    )
    invited.refresh_from_db()
    letters.submit(invited.invitation_letter, by=department_head)
    letters.approve(invited.invitation_letter, by=department_head)
    participant = invited.participants.get(user=deputy)

    text = text_of(client.get(reverse("events:invitation_docx", args=[participant.pk])).content)

    assert "Số: …/GM-TTDN" in text
    assert "01/GM-TTDN" not in text


def test_a_petition_page_cannot_draft_an_invitation_letter():
    form = NewLetterForm({"kind": LetterKind.INVITATION})

    assert not form.is_valid()
    assert "kind" in form.errors
