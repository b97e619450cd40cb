"""Bad input gets a field error in the UI language and stores nothing."""

from __future__ import annotations

import datetime
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from PIL import Image

from dannguyen.petitions import forms
from dannguyen.petitions.models import Petition, PetitionAttachment, Petitioner

pytestmark = pytest.mark.django_db


def _image(kind: str) -> bytes:
    """A real (tiny) file of KIND: the upload check opens what it receives."""
    buffer = io.BytesIO()
    Image.new("L", (40, 30), 255).save(buffer, kind)
    return buffer.getvalue()


PNG = _image("PNG")
JPEG = _image("JPEG")
PDF = _image("PDF")


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def good_data(**overrides):
    data = {
        "received_on": "02/03/2026",
        "channel": "post",
        "receiving_subject": "office",
        "signer_count": "1",
        "full_name": "trần thị  khiếu",
        "id_number": "036 185 004 321",
        "phone": "+84 987 654 321",
        "address": "Số 12 đường Lê Hồng Phong, phường Hoa Lư, tỉnh Ninh Bình",
        "content": "Tôi khiếu nại quyết định thu hồi đất.",
        "confidentiality": "normal",
        "urgency": "normal",
        "attachment_kind": "scan",
    }
    data.update(overrides)
    return data


@pytest.fixture
def officer_client(client, reception_officer, world):
    client.force_login(reception_officer)
    return client


def post(client, **overrides):
    return client.post(reverse("petitions:create"), good_data(**overrides))


def errors_of(response):
    return {name: list(errs) for name, errs in response.context["form"].errors.items()}


def test_good_letter_is_registered_with_normalised_identity(officer_client):
    response = post(officer_client)

    petition = Petition.objects.get()
    petitioner = Petitioner.objects.get()
    assert response.status_code == 302
    assert response.url == petition.get_absolute_url()
    assert (petitioner.full_name, petitioner.id_number, petitioner.phone) == (
        "Trần Thị Khiếu",
        "036185004321",
        "0987654321",
    )
    assert petitioner.ward.name == "Phường Hoa Lư"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"received_on": ""}, "received_on", "This field is required."),
        ({"content": "   "}, "content", "This field is required."),
        ({"channel": ""}, "channel", "This field is required."),
        ({"received_on": "31/02/2026"}, "received_on", "Enter a valid date."),
        (
            {"received_on": "01/01/1989"},
            "received_on",
            "The received date cannot be before 01/01/1990.",
        ),
        ({"id_number": "12345"}, "id_number", None),
        ({"id_number": "999185004321"}, "id_number", None),
        ({"id_number": "03618500432A"}, "id_number", None),
        ({"phone": "0123"}, "phone", None),
        ({"phone": "0212345678"}, "phone", None),
        ({"phone": "09x1234567"}, "phone", "A phone number has only digits."),
        (
            {"full_name": "", "id_number": ""},
            "full_name",
            "The petitioner's name is required unless the letter is anonymous.",
        ),
        (
            {"is_anonymous": "on"},
            "is_anonymous",
            "An anonymous letter has no name: untick it or clear the name.",
        ),
        ({"signer_count": "0"}, "signer_count", None),
        ({"signer_count": "99999999999999999999"}, "signer_count", None),
        (
            {"channel": "forwarded"},
            "forwarding_source",
            "Say who forwarded the letter to the office.",
        ),
        ({"content": "x" * 20_001}, "content", None),
        ({"place": "99999999999999999999"}, "place", None),
        ({"other_signers": "; 037090001234"}, "other_signers", None),
        ({"other_signers": "Lê Văn Hai; 12"}, "other_signers", None),
    ],
)
def test_bad_input_is_refused_on_its_field_and_nothing_is_stored(
    officer_client, overrides, field, message
):
    response = post(officer_client, **overrides)

    errors = errors_of(response)
    assert response.status_code == 200
    assert field in errors, errors
    if message:
        assert errors[field] == [gettext(message)]
    assert (Petition.objects.count(), Petitioner.objects.count()) == (0, 0)


def test_future_received_date_is_refused(officer_client):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    response = post(officer_client, received_on=f"{tomorrow:%d/%m/%Y}")

    assert errors_of(response) == {
        "received_on": [gettext("The received date cannot be in the future.")]
    }
    assert Petition.objects.count() == 0


@pytest.mark.parametrize(
    "value",
    ["037090001234", "037 090 001 234", "123456789", "B1234567", "001185004321"],
)
def test_identity_numbers_accepted(value):
    assert forms.clean_id_number(value) == value.replace(" ", "")


@pytest.mark.parametrize(
    ("value", "stored"),
    [
        ("0912 345 678", "0912345678"),
        ("+84912345678", "0912345678"),
        ("02293 871 234", "02293871234"),
    ],
)
def test_phone_numbers_accepted(value, stored):
    assert forms.clean_phone(value) == stored


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("don.pdf", PDF),
        ("trang-1.png", PNG),
        ("anh.jpg", JPEG),
        ("don.docx", None),
    ],
)
def test_real_files_are_kept_encrypted(officer_client, name, content):
    data = content if content is not None else docx_bytes()

    post(officer_client, attachments=SimpleUploadedFile(name, data))

    attachment = PetitionAttachment.objects.get()
    stored = attachment.file.read()
    assert attachment.size == len(data)
    assert data[:8] not in stored
    assert attachment.file.name.endswith(".enc")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("don.pdf", b"MZ\x90\x00 this is a program"),
        ("scan.png", b"GIF89a fake"),
        ("don.docx", b"PK\x03\x04 not really a zip"),
        ("empty.pdf", b""),
    ],
)
def test_fake_files_are_refused_by_content(officer_client, name, content):
    response = post(officer_client, attachments=SimpleUploadedFile(name, content))

    assert "attachments" in errors_of(response)
    assert Petition.objects.count() == 0


def test_oversized_file_is_refused(officer_client, monkeypatch):
    monkeypatch.setattr(forms, "MAX_ATTACHMENT_BYTES", 100)

    response = post(officer_client, attachments=SimpleUploadedFile("don.pdf", PDF + b"0" * 200))

    assert errors_of(response) == {
        "attachments": [gettext("%(name)s is larger than 20 MB.") % {"name": "don.pdf"}]
    }
    assert Petition.objects.count() == 0


def test_editing_cannot_move_a_petition_to_another_year(client, complaint, department_head):
    client.force_login(department_head)
    data = good_data(received_on="02/03/2025")

    response = client.post(reverse("petitions:edit", args=[complaint.pk]), data)

    assert errors_of(response) == {
        "received_on": [
            gettext("The year cannot change: this petition is number %(code)s.")
            % {"code": "2026/0001"}
        ]
    }
