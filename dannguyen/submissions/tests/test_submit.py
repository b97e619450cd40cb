"""Sending a petition online: what is registered, and everything that is refused without
leaving a trace (Issue #7, part 5 and "Bad input")."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils.translation import gettext

from dannguyen.lib.vietnamese import fold
from dannguyen.petitions import workflow as petitions
from dannguyen.petitions.identity import PersonInput
from dannguyen.petitions.models import (
    AttachmentKind,
    Channel,
    EventAction,
    Kind,
    Petition,
    Petitioner,
    ReceivingSubject,
    Status,
)
from dannguyen.submissions import challenge, forms, throttle, tracking, workflow
from dannguyen.submissions.models import Attempt, Scope, Submission, UsedChallenge

from .conftest import BRIBERY, LAND, NOTHING, OPENED, jpeg_bytes, pdf, pdf_bytes, stored

pytestmark = pytest.mark.django_db


def _code(response) -> str:
    text = response.content.decode()
    start = text.index("data-tracking-code>") + len("data-tracking-code>")
    return text[start : text.index("<", start)]


def _refused(response) -> bool:
    return gettext(str(forms.REFUSED)) in response.content.decode()


# ------------------------------------------------------------------------- accepted


def test_the_form_asks_a_question_in_words_and_hides_the_trap(client, world):
    response = client.get(reverse("submissions:start"))

    page = response.content.decode()
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert 'id="check-question"' in page
    assert 'name="website"' in page and 'class="dn-trap" aria-hidden="true"' in page
    assert gettext(str(forms.DENUNCIATION_WARNING)) in page
    assert "submissions/submissions.js" in page and "<script>" not in page


def test_a_petition_with_an_attachment_becomes_one_online_petition_in_the_register(send, media):
    response = send(files=[pdf("quyet-dinh-thu-hoi.pdf")])

    assert response.status_code == 201
    assert response["Cache-Control"] == "no-store"
    code = _code(response)
    assert tracking.code_material(code) and code.startswith("DN-") and len(code) == 14
    petition = Petition.objects.get()
    assert petition.channel == Channel.ONLINE
    assert petition.kind == Kind.PETITION
    assert petition.receiving_subject == ReceivingSubject.NA_DELEGATION
    assert petition.status == Status.RECEIVED
    assert petition.received_on == datetime.date(2026, 3, 10)
    assert petition.summary == "Chậm bồi thường khi thu hồi đất"
    assert petition.place_detail == "Xóm 3, xã Gia Vân"
    assert petition.registered_by.username == workflow.PORTAL_USERNAME
    assert list(petition.events.values_list("action", flat=True)) == [EventAction.REGISTERED]
    signer = petition.signers.get().petitioner
    assert (signer.full_name, signer.phone, signer.id_number) == (
        "Nguyễn Thị Lan",
        "0912345678",
        "037185001122",
    )
    attachment = petition.attachments.get()
    assert attachment.kind == AttachmentKind.EVIDENCE
    assert attachment.content_type == "application/pdf"
    assert attachment.original_name == "quyet-dinh-thu-hoi.pdf"
    assert petitions.read_attachment(attachment) == pdf_bytes()
    assert stored(media) == {
        "petitions": 1,
        "petitioners": 1,
        "submissions": 1,
        "attachments": 1,
        "files": 1,
    }
    submission = Submission.objects.get()
    assert submission.petition == petition
    # Only keyed hashes: neither the code nor the phone is anywhere in clear.
    assert submission.code_hash == tracking.keyed("code", tracking.code_material(code))
    assert submission.phone_hash == tracking.keyed("phone", "0912345678")
    assert submission.id_number_hash == tracking.keyed("id", "037185001122")
    assert code not in str(Submission.objects.values().get())
    assert Attempt.objects.filter(scope=Scope.ACCEPTED).count() == 1


def test_the_portal_account_cannot_sign_in(send, client):
    send()

    user = workflow.portal_user()
    assert user.is_active is False
    assert user.has_usable_password() is False
    assert user.roles.count() == 0
    for password in ("", "portal"):
        client.post(
            reverse("accounts:login"),
            {"username": workflow.PORTAL_USERNAME, "password": password},
        )
        assert "_auth_user_id" not in client.session


def test_a_known_identity_number_does_not_rewrite_the_registers_person(
    send, world, reception_officer
):
    known = PersonInput(
        full_name="Nguyễn Thị Lan",
        id_number="037185001122",
        phone="0988000111",
        address="Phường Hoa Lư, tỉnh Ninh Bình",
    )
    earlier = petitions.register(
        values={"received_on": datetime.date(2026, 3, 2), "channel": "post", "content": "Đơn cũ"},
        people=[known],
        by=reception_officer,
    )
    person = earlier.signers.get().petitioner

    send(full_name="Kẻ Mạo Danh", phone="0977111222")

    person.refresh_from_db()
    assert (person.full_name, person.phone) == ("Nguyễn Thị Lan", "0988000111")
    online = Petition.objects.get(channel=Channel.ONLINE).signers.get().petitioner
    assert online.pk != person.pk
    assert online.full_name == "Kẻ Mạo Danh"


def test_a_denunciation_needs_the_notice_read_then_its_author_is_protected(send, media):
    refused = send(kind="denunciation", content=BRIBERY)

    assert refused.status_code == 400
    assert (
        gettext("Tick this box to confirm that you have read the notice on denunciations.")
        in refused.content.decode()
    )
    assert stored(media) == NOTHING

    response = send(
        kind="denunciation", content=BRIBERY, denunciation_understood="on", phone="0912000333"
    )

    assert response.status_code == 201
    page = response.content.decode()
    assert "data-denunciation-notice" in page
    assert gettext(str(forms.DENUNCIATION_WARNING)) in page
    petition = Petition.objects.get()
    assert petition.kind == Kind.DENUNCIATION
    assert petition.is_identity_protected is True
    assert fold("Nguyễn Thị Lan") not in petition.search_text
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT full_name, phone, id_number FROM {Petitioner._meta.db_table}")
        raw = " ".join(str(v) for v in cursor.fetchone())
    # Ciphertext is base64: no letter with a diacritic, no long run of the digits typed.
    assert "Nguyễn" not in raw and "0912000333" not in raw and "037185001122" not in raw


def test_the_confirmation_shows_what_was_typed_as_text_not_as_markup(send):
    response = send(
        full_name="<script>alert(1)</script>",
        summary='<img src=x onerror="alert(2)">',
    )

    page = response.content.decode()
    assert response.status_code == 201
    assert "<img src=x" not in page and "<script>alert" not in page.lower()
    assert "&lt;img src=x onerror=&quot;alert(2)&quot;&gt;" in page
    # Stored as given (escaping is the page's business, not the register's).
    assert Petition.objects.get().summary == '<img src=x onerror="alert(2)">'


def test_a_jpeg_and_a_word_file_are_accepted(send, media):
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    files = [
        SimpleUploadedFile("anh.jpg", jpeg_bytes(), content_type="image/jpeg"),
        SimpleUploadedFile("to-trinh.docx", buffer.getvalue(), content_type="application/zip"),
    ]

    response = send(files=files)

    assert response.status_code == 201
    types = set(Petition.objects.get().attachments.values_list("content_type", flat=True))
    assert types == {"image/jpeg", forms.petition_forms._DOCX_MIME}


# ------------------------------------------------------------------------- refused, nothing kept

DAMAGED = "%(name)s is damaged: it cannot be opened."
NOT_A_DOCUMENT = "%(name)s is not a PDF, JPEG, PNG or Word (.docx) file."


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("gia.pdf", b"%PDF-1.4\nthis is not a pdf at all", DAMAGED),
        ("virus.pdf", b"MZ\x90\x00 an executable", NOT_A_DOCUMENT),
        ("anh.png", b"\x89PNG\r\n\x1a\n broken", DAMAGED),
    ],
)
def test_a_fake_attachment_is_refused_and_nothing_is_kept(send, media, name, content, message):
    response = send(files=[SimpleUploadedFile(name, content)])

    assert response.status_code == 400
    assert gettext(message) % {"name": name} in response.content.decode()
    assert stored(media) == NOTHING


def test_an_oversized_attachment_is_refused_and_nothing_is_kept(send, media):
    big = SimpleUploadedFile("lon.pdf", b"%PDF-1.4\n" + b"0" * forms.MAX_FILE_BYTES)

    response = send(files=[big])

    assert response.status_code == 400
    assert (
        gettext("%(name)s is larger than 10 MB.") % {"name": "lon.pdf"} in response.content.decode()
    )
    assert stored(media) == NOTHING


def test_too_many_attachments_are_refused(send, media):
    files = [pdf(f"trang-{n}.pdf") for n in range(forms.MAX_FILES + 1)]

    response = send(files=files)

    assert response.status_code == 400
    assert gettext("At most %(n)s files.") % {"n": forms.MAX_FILES} in response.content.decode()
    assert stored(media) == NOTHING


def test_files_too_large_in_all_are_refused_before_the_form_is_checked(client, world, media):
    # Each under the limit of one file; together over what one request may carry.
    size = forms.MAX_REQUEST_BYTES // 3 + 1
    files = [SimpleUploadedFile(f"phan-{n}.pdf", b"%PDF-1.4\n" + b"0" * size) for n in range(3)]

    response = client.post(reverse("submissions:start"), {"content": LAND, "attachments": files})

    assert response.status_code == 413
    assert (
        gettext("The files sent are too large: at most 5 files and 20 MB in all.")
        in response.content.decode()
    )
    assert stored(media) == NOTHING
    assert Attempt.objects.count() == 0


def test_the_trap_field_filled_is_refused_with_the_neutral_answer(send, media):
    response = send(website="http://spam.example", files=[pdf()])

    assert response.status_code == 400
    assert _refused(response)
    assert stored(media) == NOTHING


def test_sent_faster_than_anyone_reads_is_refused_with_the_neutral_answer(send, media):
    response = send(after=challenge.MIN_FILL_SECONDS - 1)

    assert response.status_code == 400
    assert _refused(response)
    assert stored(media) == NOTHING


@pytest.mark.parametrize("token", ["", "forged:token", "e30:1sBAD:abc"])
def test_a_missing_or_forged_token_is_refused_with_the_neutral_answer(send, media, token):
    response = send(token=token)

    assert response.status_code == 400
    assert _refused(response)
    assert stored(media) == NOTHING


def test_a_wrong_answer_is_refused_and_a_new_question_asked(send, media):
    response = send(answer="999")

    page = response.content.decode()
    assert response.status_code == 400
    assert gettext("Wrong answer: answer the new question.") in page
    assert response.sent_token not in page
    assert stored(media) == NOTHING


def test_an_expired_question_is_refused(send, media):
    response = send(after=challenge.VALID_SECONDS + 1)

    assert response.status_code == 400
    assert (
        gettext("The check question has expired: answer the new one.") in response.content.decode()
    )
    assert stored(media) == NOTHING


def test_a_question_answers_one_letter_only(send, client, media):
    first = send()
    assert first.status_code == 201

    # The same token and answer, sent again with another letter.
    data = {
        "kind": "complaint",
        "receiving_subject": "office",
        "full_name": "Trần Văn Hai",
        "phone": "0987000111",
        "address": "Phường Hoa Lư, tỉnh Ninh Bình",
        "content": "Tôi khiếu nại quyết định xử phạt vi phạm hành chính số 12/QĐ-XPHC.",
        "declaration": "on",
        "token": first.sent_token,
        "answer": "0",
    }
    with time_machine.travel(OPENED + datetime.timedelta(minutes=2), tick=False):
        again = client.post(reverse("submissions:start"), data)

    assert again.status_code == 400
    assert gettext("Wrong answer: answer the new question.") in again.content.decode()
    assert Petition.objects.count() == 1
    assert UsedChallenge.objects.count() == 1


def test_the_same_letter_from_the_same_phone_within_a_day_is_refused(send, media):
    assert send().status_code == 201
    before = stored(media)

    again = send(phone="+84 912 345 678", content=" " + LAND.upper() + " ")

    assert again.status_code == 400
    assert _refused(again)
    assert stored(media) == before
    # A day later it is a new letter (the first may have gone unanswered).
    later = send(opened=OPENED + datetime.timedelta(hours=25))
    assert later.status_code == 201
    assert Petition.objects.count() == 2


@pytest.mark.parametrize(
    ("overrides", "field_message"),
    [
        ({"full_name": ""}, "This field is required."),
        ({"phone": "12345"}, None),
        ({"id_number": "12"}, None),
        ({"content": "quá ngắn"}, "Describe the matter in at least %(n)s characters."),
        (
            {"content": "Xem " + " ".join(f"https://x{n}.example" for n in range(4)) + " ngay."},
            "At most %(n)s web links: attach the documents instead.",
        ),
        ({"kind": "multiple"}, None),
        ({"receiving_subject": "na_deputy"}, None),
        ({"declaration": None}, "This field is required."),
    ],
)
def test_bad_input_is_refused_with_the_field_named_and_nothing_kept(
    send, media, overrides, field_message
):
    response = send(files=[pdf()], **overrides)

    assert response.status_code == 400
    assert 'class="invalid-feedback d-block"' in response.content.decode()
    if field_message:
        text = gettext(field_message)
        if "%(n)s" in text:
            text = text % {
                "n": forms.MIN_CONTENT if "characters" in field_message else forms.MAX_LINKS
            }
        assert text in response.content.decode()
    assert stored(media) == NOTHING


def test_script_in_every_field_is_stored_as_text_and_shown_escaped_on_refusal(send, media):
    attack = '"><script>alert(document.cookie)</script>'

    response = send(
        full_name=attack,
        address=attack,
        summary=attack,
        place_detail=attack,
        content="x",  # refused: the form comes back with what was typed
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert "<script>alert" not in page.lower()
    assert "&lt;script&gt;alert(document.cookie)&lt;/script&gt;" in page
    assert stored(media) == NOTHING


# ------------------------------------------------------------------------- rate limit


def test_five_letters_an_hour_from_one_connection_then_a_neutral_429(send, media):
    for n in range(throttle.LIMITS[Scope.ACCEPTED]):
        response = send(content=LAND + f" Lần {n}.", phone=f"091200000{n}")
        assert response.status_code == 201

    refused = send(content=LAND + " Lần nữa.", phone="0912999999")

    assert refused.status_code == 429
    assert refused["Retry-After"] == "3600"
    assert gettext("Too many attempts") in refused.content.decode()
    assert Petition.objects.count() == throttle.LIMITS[Scope.ACCEPTED]


def test_attempts_are_limited_too_and_the_allowance_returns_after_an_hour(client, world, media):
    url = reverse("submissions:start")
    with time_machine.travel(OPENED, tick=False):
        for _n in range(throttle.LIMITS[Scope.SUBMIT]):
            assert client.post(url, {"content": "spam"}).status_code == 400
        assert client.post(url, {"content": "spam"}).status_code == 429
    with time_machine.travel(OPENED + datetime.timedelta(minutes=61), tick=False):
        assert client.post(url, {"content": "spam"}).status_code == 400
    assert stored(media) == NOTHING


def test_the_form_is_protected_against_cross_site_posting(world, media):
    client = Client(enforce_csrf_checks=True)

    response = client.post(reverse("submissions:start"), {"content": LAND})

    assert response.status_code == 403
    assert stored(media) == NOTHING
    assert Attempt.objects.count() == 0
