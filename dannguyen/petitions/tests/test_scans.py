"""Scanned letters: kept as received, read by Tesseract in the background, shown beside
their text for correction, taken as the content only when a person confirms; a scan that
cannot be read leaves a note and a petition that works as before; a denouncer's scan is
seen only by the identity's custodians, with a logged reason."""

from __future__ import annotations

import datetime
import html
import io
import re
import shutil
from difflib import SequenceMatcher
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from PIL import Image, ImageDraw, ImageFont

from dannguyen.core.models import AuditEntry
from dannguyen.lib import ocr
from dannguyen.petitions import forms, scans, workflow
from dannguyen.petitions.models import (
    IdentityAccess,
    Petition,
    PetitionAttachment,
    ScanBatch,
    ScanFailure,
)

from .conftest import LAND_COMPLAINT
from .test_forms import docx_bytes, good_data

pytestmark = pytest.mark.django_db

needs_ocr = pytest.mark.skipif(not ocr.is_available(), reason="tesseract-ocr-vie missing")
needs_poppler = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler missing")

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
LETTER = [
    "ĐƠN KIẾN NGHỊ",
    "Kính gửi: Đoàn đại biểu Quốc hội tỉnh Ninh Bình",
    "Tôi là Nguyễn Thị Hoa, trú tại thôn Đông, xã Gia Sinh.",
    "Đề nghị xem xét việc cấp giấy chứng nhận quyền sử dụng đất.",
]
SCAN_TEXT = "Tôi là Phạm Văn Tố, CCCD 037090001234, tố cáo ông Đinh Văn Cường nhận tiền."
# A PDF header and trailer with no page: what a scanner leaves when the transfer breaks.
CORRUPT_PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def page_image(lines: list[str] = LETTER, *, angle: float = 0.0, fmt: str = "PNG") -> bytes:
    """A letter page as a 150 dpi scan would give it, Vietnamese in DejaVu Serif."""
    page = Image.new("L", (1240, 900), 255)
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(FONT, 25)
    for i, line in enumerate(lines):
        draw.text((90, 120 + i * 60), line, font=font, fill=0)
    if angle:
        page = page.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
    buffer = io.BytesIO()
    page.save(buffer, fmt)
    return buffer.getvalue()


def blank_page() -> bytes:
    buffer = io.BytesIO()
    Image.new("L", (1240, 900), 255).save(buffer, "PNG")
    return buffer.getvalue()


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


@pytest.fixture
def immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def read_batch(petition, by, tmp_path: Path, texts: list[str], confidence: float = 91.0):
    """A batch as the job leaves it when the engine read TEXTS, one page each, through the
    same workflow verbs (for tests that are about what happens after the reading)."""
    # Each page different: the same file is never attached twice.
    files = [
        (upload(f"trang-{i}.png", page_image([f"{petition.code} trang {i}", text])), "image/png")
        for i, text in enumerate(texts)
    ]
    batch = workflow.add_scans(petition, files=files, by=by)
    workflow.start_reading(batch)
    pages = []
    for order, attachment in enumerate(batch.files.order_by("order"), 1):
        path = tmp_path / f"page-{batch.pk}-{order}.png"
        path.write_bytes(workflow.read_attachment(attachment))
        pages.append(scans.store_page(batch, attachment, order, 1, path))
    ScanBatch.objects.filter(pk=batch.pk).update(pages_total=len(pages))
    batch.pages_total = len(pages)
    workflow.finish_reading(
        batch,
        pages=[
            workflow.PageText(page=p, text=t, confidence=confidence, skew_degrees=0.0)
            for p, t in zip(pages, texts, strict=True)
        ],
    )
    return batch


def history(batch):
    return list(batch.events.values_list("from_status", "to_status"))


# ------------------------------------------------------------------------- upload


def test_a_letter_is_registered_from_its_scan_alone(client, reception_officer, world):
    client.force_login(reception_officer)
    pages = [upload("trang-2.png", page_image(LETTER[2:])), upload("trang-1.png", page_image())]

    response = client.post(reverse("petitions:create"), good_data(content="", attachments=pages))

    petition = Petition.objects.get()
    batch = petition.scan_batches.get()
    assert response.status_code == 302
    assert petition.content == ""
    assert list(petition.attachments.values_list("kind", "order", "original_name")) == [
        ("scan", 0, "trang-1.png"),
        ("scan", 1, "trang-2.png"),
    ]
    assert (batch.status, batch.files.count(), history(batch)) == ("queued", 2, [("", "queued")])
    page = client.get(petition.get_absolute_url()).content.decode()
    assert f'hx-get="{reverse("petitions:scan_batch", args=[batch.pk])}"' in page
    assert 'hx-trigger="every 2s"' in page
    assert gettext("Waiting to be read") in page
    assert 'data-testid="no-content"' in page


def test_without_a_scan_the_content_is_still_required(client, reception_officer, world):
    client.force_login(reception_officer)

    response = client.post(
        reverse("petitions:create"),
        good_data(
            content="", attachment_kind="evidence", attachments=upload("so-do.png", page_image())
        ),
    )

    assert response.context["form"].errors == {"content": [gettext("This field is required.")]}
    assert (Petition.objects.count(), PetitionAttachment.objects.count()) == (0, 0)


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("reception_officer", 302),  # registered it, not yet assigned
        ("department_head", 302),
        ("information_officer", 403),
        ("office_leader", 403),
        ("deputy", 403),
        ("outsider", 403),
    ],
)
def test_scans_are_added_from_the_petition_page_by_those_who_may_edit_it(
    client, request, complaint, persona, status
):
    client.force_login(request.getfixturevalue(persona))
    files = [upload("scan-10.jpg", page_image(fmt="JPEG")), upload("scan-9.png", page_image())]

    response = client.post(reverse("petitions:scan_upload", args=[complaint.pk]), {"pages": files})

    assert response.status_code == status
    stored = list(complaint.attachments.values_list("original_name", "order", "kind"))
    if status == 302:
        assert response.url == f"{complaint.get_absolute_url()}#scans"
        assert stored == [("scan-9.png", 0, "scan"), ("scan-10.jpg", 1, "scan")]
        assert complaint.scan_batches.get().status == "queued"
        assert complaint.events.last().action == "scans_added"
    else:
        assert stored == []
        assert ScanBatch.objects.count() == 0


DAMAGED = "%(name)s is damaged: it cannot be opened."
NOT_A_SCAN = "%(name)s is not a PDF, JPEG or PNG file."


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("trang-1.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, DAMAGED),
        ("anh.jpg", page_image(fmt="JPEG")[:2000], DAMAGED),
        ("don.pdf", CORRUPT_PDF, DAMAGED),
        ("don.png", b"MZ\x90\x00 this is a program", NOT_A_SCAN),
        ("don.docx", docx_bytes(), NOT_A_SCAN),
    ],
)
def test_fake_scans_are_refused_by_content_and_nothing_is_stored(
    client, complaint, reception_officer, settings, name, content, message
):
    client.force_login(reception_officer)

    response = client.post(
        reverse("petitions:scan_upload", args=[complaint.pk]), {"pages": [upload(name, content)]}
    )

    assert response.status_code == 200
    assert response.context["scan_form"].errors == {"pages": [gettext(message) % {"name": name}]}
    assert 'data-field-error="pages"' in response.content.decode()
    assert (PetitionAttachment.objects.count(), ScanBatch.objects.count()) == (0, 0)
    assert list(Path(settings.MEDIA_ROOT).rglob("*.enc")) == []


def test_registration_refuses_a_program_named_like_a_scan_in_vietnamese(
    client, reception_officer, world
):
    client.force_login(reception_officer)

    response = client.post(
        reverse("petitions:create"),
        good_data(content="", attachments=upload("don.pdf", b"MZ\x90\x00 program")),
    )

    assert response.context["form"].errors["attachments"] == [
        "don.pdf không phải tệp PDF, JPEG, PNG hoặc Word (.docx)."
    ]
    assert Petition.objects.count() == 0


def test_the_files_of_a_petition_stay_under_their_total_and_are_not_sent_twice(
    client, complaint, reception_officer, monkeypatch
):
    client.force_login(reception_officer)
    url = reverse("petitions:scan_upload", args=[complaint.pk])
    first = page_image()
    client.post(url, {"pages": [upload("trang-1.png", first)]})
    monkeypatch.setattr(forms, "MAX_PETITION_BYTES", len(first) + 100)

    again = client.post(url, {"pages": [upload("lai.png", first)]})
    more = client.post(url, {"pages": [upload("trang-2.png", page_image(LETTER[:2]))]})

    assert again.context["scan_form"].errors == {
        "pages": [gettext("%(name)s is already attached to this petition.") % {"name": "lai.png"}]
    }
    assert more.context["scan_form"].errors == {
        "pages": [gettext("The files of one petition cannot exceed 100 MB in all.")]
    }
    assert complaint.attachments.count() == 1


def test_an_upload_of_too_many_pages_is_refused(client, complaint, reception_officer, monkeypatch):
    monkeypatch.setattr(forms, "MAX_SCAN_PAGES", 1)
    client.force_login(reception_officer)
    files = [upload("a.png", page_image()), upload("b.png", page_image(LETTER[:1]))]

    response = client.post(reverse("petitions:scan_upload", args=[complaint.pk]), {"pages": files})

    assert response.context["scan_form"].errors == {
        "pages": [
            gettext("At most %(n)s pages at a time: upload a long letter in parts.") % {"n": 1}
        ]
    }
    assert ScanBatch.objects.count() == 0


# ------------------------------------------------------------------------- reading


@needs_ocr
def test_the_scan_is_read_in_the_background_and_shown_beside_its_text(
    client, complaint, reception_officer, immediate_tasks, django_capture_on_commit_callbacks
):
    client.force_login(reception_officer)
    files = [
        upload("trang-1.jpg", page_image(angle=3.0, fmt="JPEG")),
        upload("trang-2.png", blank_page()),
    ]

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("petitions:scan_upload", args=[complaint.pk]), {"pages": files})

    batch = complaint.scan_batches.get()
    first, second = batch.pages.order_by("order")
    read = " ".join(first.text.split())
    assert (batch.status, batch.pages_total, batch.pages_done) == ("done", 2, 2)
    assert history(batch) == [("", "queued"), ("queued", "running"), ("running", "done")]
    # Tesseract may still slip on a diacritic of a tilted page ("Nguyên" for "Nguyễn"):
    # nearly every character is right, and a person corrects the rest beside the image.
    assert SequenceMatcher(None, " ".join(LETTER), read).ratio() > 0.95
    assert LETTER[1] in read
    assert first.ocr_text == first.text
    assert first.confidence > 80 and not first.is_low_confidence
    assert first.skew_degrees == pytest.approx(-3.0, abs=0.3)
    assert (second.text, second.confidence, second.is_low_confidence) == ("", 0.0, True)
    complaint.refresh_from_db()
    assert complaint.content == LAND_COMPLAINT  # nothing is applied by itself

    page = client.get(complaint.get_absolute_url()).content.decode()
    image = client.get(reverse("petitions:scan_image", args=[first.pk]))
    assert page.count('data-testid="scan-page"') == 2
    assert page.count('data-testid="low-confidence"') == 1
    assert f'src="{reverse("petitions:scan_image", args=[first.pk])}"' in page
    assert f'name="page_{first.pk}"' in page and "xã Gia Sinh" in page
    assert (image.status_code, image["Content-Type"]) == (200, "image/jpeg")
    assert image.content[:3] == b"\xff\xd8\xff"
    assert "no-store" in image["Cache-Control"]
    with first.preview.open("rb") as stored:
        assert stored.read()[:3] != b"\xff\xd8\xff"  # kept encrypted


def test_progress_is_polled_until_the_batch_is_read(client, complaint, reception_officer, tmp_path):
    client.force_login(reception_officer)
    batch = workflow.add_scans(
        complaint, files=[(upload("a.png", page_image()), "image/png")], by=reception_officer
    )
    url = reverse("petitions:scan_batch", args=[batch.pk])

    waiting = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    workflow.start_reading(batch)
    running = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    plain = client.get(url)

    assert "<html" not in waiting and 'hx-trigger="every 2s"' in waiting
    assert gettext("Being read") in running and 'hx-trigger="every 2s"' in running
    assert plain.status_code == 302 and plain.url.endswith("#scans")


@needs_poppler
def test_a_corrupt_pdf_leaves_a_visible_note_and_a_petition_that_works(
    client, complaint, reception_officer, immediate_tasks, django_capture_on_commit_callbacks
):
    # The upload check refuses such a file; this one came another way (a damaged copy).
    with django_capture_on_commit_callbacks(execute=True):
        workflow.add_scans(
            complaint,
            files=[(upload("don.pdf", CORRUPT_PDF), "application/pdf")],
            by=reception_officer,
        )
    client.force_login(reception_officer)

    page = client.get(complaint.get_absolute_url())
    edited = client.post(
        reverse("petitions:edit", args=[complaint.pk]),
        good_data(content="Nội dung gõ tay theo đơn giấy: đề nghị bồi thường thỏa đáng."),
    )

    batch = complaint.scan_batches.get()
    text = page.content.decode()
    complaint.refresh_from_db()
    assert (batch.status, batch.failure) == ("failed", "unreadable")
    assert history(batch) == [("", "queued"), ("queued", "running"), ("running", "failed")]
    assert page.status_code == 200
    assert 'data-testid="scan-failure"' in text
    assert gettext("The text of this scan could not be read:") in text
    assert gettext("A file could not be opened as an image or a PDF.") in text
    assert reverse("petitions:edit", args=[complaint.pk]) in text
    assert edited.status_code == 302
    assert complaint.content == "Nội dung gõ tay theo đơn giấy: đề nghị bồi thường thỏa đáng."


def test_without_tesseract_the_page_is_shown_to_type_its_text_by_hand(
    client,
    complaint,
    reception_officer,
    immediate_tasks,
    django_capture_on_commit_callbacks,
    monkeypatch,
    tmp_path,
):
    monkeypatch.setenv("PATH", str(tmp_path))  # no tesseract, no poppler on this server
    client.force_login(reception_officer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("petitions:scan_upload", args=[complaint.pk]),
            {"pages": [upload("trang-1.png", page_image())]},
        )
    batch = complaint.scan_batches.get()
    scan_page = batch.pages.get()

    page = client.get(complaint.get_absolute_url()).content.decode()
    typed = "Đơn kiến nghị gõ lại từ ảnh: đề nghị bồi thường khi thu hồi đất."
    client.post(
        reverse("petitions:scan_text", args=[batch.pk]),
        {"action": "use", f"page_{scan_page.pk}": typed},
    )
    client.post(reverse("petitions:scan_use", args=[batch.pk]), {"text": typed, "mode": "replace"})

    complaint.refresh_from_db()
    assert (batch.status, batch.failure) == ("failed", ScanFailure.ENGINE_MISSING)
    assert gettext(ScanFailure.ENGINE_MISSING.label) in page
    assert f'src="{reverse("petitions:scan_image", args=[scan_page.pk])}"' in page
    assert f'name="page_{scan_page.pk}"' in page
    assert gettext("Try reading it again") in page
    assert complaint.content == typed


@needs_ocr
def test_a_failed_scan_is_read_again_once_tesseract_is_there(
    client,
    complaint,
    reception_officer,
    immediate_tasks,
    django_capture_on_commit_callbacks,
    monkeypatch,
    tmp_path,
):
    client.force_login(reception_officer)
    with monkeypatch.context() as server, django_capture_on_commit_callbacks(execute=True):
        server.setenv("PATH", str(tmp_path))
        client.post(
            reverse("petitions:scan_upload", args=[complaint.pk]),
            {"pages": [upload("trang-1.png", page_image())]},
        )

    with django_capture_on_commit_callbacks(execute=True):
        retried = client.post(
            reverse("petitions:scan_retry", args=[complaint.scan_batches.get().pk])
        )

    batch = complaint.scan_batches.get()
    assert retried.status_code == 302
    assert (batch.status, batch.failure, batch.pages.count()) == ("done", "", 1)
    assert history(batch) == [
        ("", "queued"),
        ("queued", "running"),
        ("running", "failed"),
        ("failed", "queued"),
        ("queued", "running"),
        ("running", "done"),
    ]
    assert LETTER[1] in " ".join(batch.pages.get().text.split())


@needs_ocr
def test_tesseract_taking_too_long_ends_the_job_with_the_reason(
    client,
    complaint,
    reception_officer,
    immediate_tasks,
    django_capture_on_commit_callbacks,
    monkeypatch,
):
    monkeypatch.setattr(ocr, "TIMEOUT_SECONDS", 0.001)  # a server far too busy
    client.force_login(reception_officer)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("petitions:scan_upload", args=[complaint.pk]),
            {"pages": [upload("trang-1.png", page_image())]},
        )
    page = client.get(complaint.get_absolute_url()).content.decode()

    assert complaint.scan_batches.get().failure == ScanFailure.TIMEOUT
    assert gettext("Text recognition took too long.") in page


def test_a_job_that_lost_its_worker_can_be_queued_again(client, complaint, reception_officer):
    batch = workflow.add_scans(
        complaint, files=[(upload("a.png", page_image()), "image/png")], by=reception_officer
    )
    workflow.start_reading(batch)
    ScanBatch.objects.filter(pk=batch.pk).update(
        started_at=timezone.now() - datetime.timedelta(hours=2)
    )
    client.force_login(reception_officer)

    page = client.get(complaint.get_absolute_url()).content.decode()
    client.post(reverse("petitions:scan_retry", args=[batch.pk]))

    batch.refresh_from_db()
    assert 'data-testid="scan-stalled"' in page
    assert history(batch) == [
        ("", "queued"),
        ("queued", "running"),
        ("running", "failed"),
        ("failed", "queued"),
    ]
    assert (batch.status, batch.failure) == ("queued", "")
    assert batch.events.get(to_status="failed").note == "stalled"


def test_a_running_job_is_not_queued_twice(client, complaint, reception_officer):
    batch = workflow.add_scans(
        complaint, files=[(upload("a.png", page_image()), "image/png")], by=reception_officer
    )
    workflow.start_reading(batch)
    client.force_login(reception_officer)

    page = client.get(complaint.get_absolute_url()).content.decode()
    client.post(reverse("petitions:scan_retry", args=[batch.pk]))

    batch.refresh_from_db()
    assert 'data-testid="scan-stalled"' not in page
    assert batch.status == "running"


def test_a_batch_is_read_once(complaint, reception_officer, tmp_path):
    batch = read_batch(complaint, reception_officer, tmp_path, ["Trang một."])

    outcome = scans.read(batch.pk)

    assert outcome == {"status": "done"}
    assert history(batch) == [("", "queued"), ("queued", "running"), ("running", "done")]
    with pytest.raises(workflow.TransitionError):
        workflow.retry_reading(batch, by=reception_officer)


@pytest.mark.parametrize(
    ("start", "allowed"),
    [
        ("queued", {"running", "failed"}),
        ("running", {"done", "failed"}),
        ("done", set()),
        ("failed", {"queued"}),
    ],
)
def test_scan_transitions_are_exactly_the_table(start, allowed):
    assert workflow.SCAN_ALLOWED[start] == allowed


# ------------------------------------------------------------------------- using the text


def test_the_text_becomes_the_content_only_when_a_person_confirms(
    client, complaint, reception_officer, tmp_path
):
    batch = read_batch(complaint, reception_officer, tmp_path, ["Đơn kiến ngh! trang 1", "Trang 2"])
    first, second = batch.pages.order_by("order")
    client.force_login(reception_officer)

    asked = client.post(
        reverse("petitions:scan_text", args=[batch.pk]),
        {
            "action": "use",
            f"page_{first.pk}": "Đơn kiến nghị trang 1",
            f"page_{second.pk}": "Trang 2",
        },
    )
    complaint.refresh_from_db()
    unchanged = complaint.content
    confirmed = client.post(
        reverse("petitions:scan_use", args=[batch.pk]),
        {"text": "Đơn kiến nghị trang 1\n\nTrang 2", "mode": "replace"},
    )

    complaint.refresh_from_db()
    first.refresh_from_db()
    batch.refresh_from_db()
    assert asked.status_code == 200
    assert asked.templates[0].name == "petitions/scan_use.html"
    assert asked.context["form"]["text"].value() == "Đơn kiến nghị trang 1\n\nTrang 2"
    assert unchanged == LAND_COMPLAINT
    assert (first.ocr_text, first.text, first.corrected_by) == (
        "Đơn kiến ngh! trang 1",
        "Đơn kiến nghị trang 1",
        reception_officer,
    )
    assert confirmed.status_code == 302
    assert complaint.content == "Đơn kiến nghị trang 1\n\nTrang 2"
    assert complaint.events.last().action == "content_from_scan"
    assert (batch.used_by, batch.status) == (reception_officer, "done")
    assert "kien nghi trang 1" in complaint.search_text


def test_the_text_can_be_added_below_the_content(client, complaint, reception_officer, tmp_path):
    batch = read_batch(complaint, reception_officer, tmp_path, ["Phần bổ sung."])
    client.force_login(reception_officer)

    client.post(
        reverse("petitions:scan_use", args=[batch.pk]), {"text": "Phần bổ sung.", "mode": "append"}
    )

    complaint.refresh_from_db()
    assert complaint.content == f"{LAND_COMPLAINT}\n\nPhần bổ sung."


def test_saving_corrections_changes_only_the_pages(client, complaint, reception_officer, tmp_path):
    batch = read_batch(complaint, reception_officer, tmp_path, ["Trang môt"])
    scan_page = batch.pages.get()
    client.force_login(reception_officer)

    response = client.post(
        reverse("petitions:scan_text", args=[batch.pk]),
        {"action": "save", f"page_{scan_page.pk}": "Trang một"},
    )

    scan_page.refresh_from_db()
    complaint.refresh_from_db()
    assert response.status_code == 302
    assert (scan_page.ocr_text, scan_page.text) == ("Trang môt", "Trang một")
    assert complaint.content == LAND_COMPLAINT
    assert batch.events.last().note == gettext("pages corrected: %(list)s") % {"list": "1"}


def test_the_edit_form_offers_the_read_text_for_an_empty_content(
    client, register, reception_officer, tmp_path
):
    petition = register(content="")
    read_batch(petition, reception_officer, tmp_path, ["Trang một.", "Trang hai."])
    client.force_login(reception_officer)

    response = client.get(reverse("petitions:edit", args=[petition.pk]))

    petition.refresh_from_db()
    assert response.context["form"]["content"].value() == "Trang một.\n\nTrang hai."
    assert 'data-testid="prefilled"' in response.content.decode()
    assert petition.content == ""


@pytest.mark.parametrize("persona", ["information_officer", "office_leader", "outsider"])
def test_only_editors_correct_or_use_the_text(client, request, complaint, tmp_path, persona):
    batch = read_batch(complaint, complaint.registered_by, tmp_path, ["Trang một."])
    scan_page = batch.pages.get()
    client.force_login(request.getfixturevalue(persona))

    corrected = client.post(
        reverse("petitions:scan_text", args=[batch.pk]),
        {"action": "save", f"page_{scan_page.pk}": "Khác"},
    )
    used = client.post(
        reverse("petitions:scan_use", args=[batch.pk]), {"text": "Khác", "mode": "replace"}
    )
    retried = client.post(reverse("petitions:scan_retry", args=[batch.pk]))

    scan_page.refresh_from_db()
    complaint.refresh_from_db()
    assert (corrected.status_code, used.status_code, retried.status_code) == (403, 403, 403)
    assert (scan_page.text, complaint.content) == ("Trang một.", LAND_COMPLAINT)


def test_readers_of_the_petition_see_the_scan_without_a_textarea(
    client, complaint, office_leader, tmp_path
):
    batch = read_batch(complaint, complaint.registered_by, tmp_path, ["Trang một."])
    client.force_login(office_leader)

    page = client.get(complaint.get_absolute_url()).content.decode()
    image = client.get(reverse("petitions:scan_image", args=[batch.pages.get().pk]))

    assert 'data-testid="scan-text"' in page and "<textarea" not in page.split('id="scans"')[1]
    assert image.status_code == 200


# ------------------------------------------------------------------------- denunciations


@pytest.fixture
def protected_scan(denunciation, department_head, tmp_path):
    return read_batch(denunciation, department_head, tmp_path, [SCAN_TEXT])


@pytest.mark.parametrize(
    "persona", ["reception_officer", "information_officer", "office_leader", "deputy", "outsider"]
)
def test_scans_of_a_denunciation_are_refused_to_all_but_its_custodians(
    client, request, denunciation, protected_scan, persona
):
    scan_page = protected_scan.pages.get()
    client.force_login(request.getfixturevalue(persona))
    url = reverse("petitions:scans", args=[denunciation.pk])

    statuses = [
        client.get(url).status_code,
        client.post(url, {"reason": "Tôi muốn xem chữ viết tay"}).status_code,
        client.get(reverse("petitions:scan_image", args=[scan_page.pk])).status_code,
        client.post(
            reverse("petitions:scan_text", args=[protected_scan.pk]),
            {"action": "use", f"page_{scan_page.pk}": "x"},
        ).status_code,
        client.post(
            reverse("petitions:scan_use", args=[protected_scan.pk]),
            {"text": "x", "mode": "replace"},
        ).status_code,
    ]

    assert statuses == [403] * 5
    assert IdentityAccess.objects.count() == 0


@pytest.mark.parametrize(
    ("persona", "may_reveal"),
    [
        ("reception_officer", False),
        ("information_officer", False),
        ("supervision_officer", True),
        ("department_head", True),
    ],
)
def test_the_petition_page_never_shows_a_protected_scan(
    client, request, denunciation, protected_scan, persona, may_reveal
):
    client.force_login(request.getfixturevalue(persona))

    page = client.get(denunciation.get_absolute_url()).content.decode()
    fragment = client.get(
        reverse("petitions:scan_batch", args=[protected_scan.pk]), HTTP_HX_REQUEST="true"
    ).content.decode()

    for text in (page, fragment):
        assert "Phạm Văn Tố" not in text and "037090001234" not in text
        assert "/scans/pages/" not in text
        assert 'data-testid="scan-protected"' in text
    assert ('data-testid="scan-reveal"' in page) is may_reveal
    assert IdentityAccess.objects.count() == 0


def test_the_handler_sees_the_scan_after_giving_a_reason_and_it_is_logged(
    client, denunciation, protected_scan, supervision_officer, department_head
):
    scan_page = protected_scan.pages.get()
    url = reverse("petitions:scans", args=[denunciation.pk])
    image_url = reverse("petitions:scan_image", args=[scan_page.pk])
    client.force_login(supervision_officer)

    asked = client.get(url)
    shown = client.post(url, {"reason": "Đối chiếu chữ viết tay trên đơn gốc"})
    page = shown.content.decode()
    tokened = html.unescape(re.search(rf'src="({re.escape(image_url)}\?t=[^"]+)"', page)[1])
    opened = client.get(tokened)
    bare = client.get(image_url)
    client.force_login(department_head)
    borrowed = client.get(tokened)

    access = IdentityAccess.objects.get()
    assert asked.status_code == 200 and "037090001234" not in asked.content.decode()
    assert asked.context["scans"] is True
    assert shown.status_code == 200 and SCAN_TEXT in page
    assert 'data-testid="revealed"' in page
    assert (access.user, access.reason, access.what) == (
        supervision_officer,
        "Đối chiếu chữ viết tay trên đơn gốc",
        gettext("the scanned letter and its text"),
    )
    assert (opened.status_code, opened.content[:3]) == (200, b"\xff\xd8\xff")
    assert (bare.status_code, borrowed.status_code) == (403, 403)
    views = AuditEntry.objects.for_object(denunciation).filter(action="view")
    assert list(views.order_by("at", "id").values_list("note")) == [
        (gettext("the scanned letter and its text"),),
        (gettext("scanned page %(n)s") % {"n": 1},),
    ]


def test_an_image_link_of_a_protected_scan_expires(
    client, denunciation, protected_scan, supervision_officer, monkeypatch
):
    client.force_login(supervision_officer)
    page = client.post(
        reverse("petitions:scans", args=[denunciation.pk]), {"reason": "Đối chiếu chữ viết tay"}
    ).content.decode()
    link = html.unescape(re.search(r'src="([^"]*/scans/pages/\d+/image/\?t=[^"]+)"', page)[1])
    monkeypatch.setattr(scans, "IMAGE_TOKEN_SECONDS", -1)

    assert client.get(link).status_code == 403


def test_the_handler_takes_a_protected_scan_as_the_content(
    client, denunciation, protected_scan, supervision_officer
):
    scan_page = protected_scan.pages.get()
    client.force_login(supervision_officer)

    client.post(
        reverse("petitions:scan_text", args=[protected_scan.pk]),
        {"action": "use", f"page_{scan_page.pk}": SCAN_TEXT},
    )
    confirmed = client.post(
        reverse("petitions:scan_use", args=[protected_scan.pk]),
        {"text": SCAN_TEXT, "mode": "replace"},
    )

    denunciation.refresh_from_db()
    assert confirmed.status_code == 302
    assert denunciation.content == SCAN_TEXT
    # The denouncer's name stays out of the search text, as for any protected content.
    assert "pham van to" not in denunciation.search_text


# ------------------------------------------------------------------------- cost


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_scan_pages_cost_the_same_queries_however_many_pages(
    client, complaint, reception_officer, tmp_path, django_assert_max_num_queries
):
    client.force_login(reception_officer)
    read_batch(complaint, reception_officer, tmp_path, ["Một.", "Hai."])
    detail = complaint.get_absolute_url()
    own_page = reverse("petitions:scans", args=[complaint.pk])
    few = (_queries(client, detail), _queries(client, own_page))

    read_batch(complaint, reception_officer, tmp_path, [f"Trang {n}." for n in range(6)])

    assert (_queries(client, detail), _queries(client, own_page)) == few
    with django_assert_max_num_queries(40):
        client.get(detail)
