"""Photos are judged by their bytes, never their name: a PNG named .jpg is kept as a PNG,
a document named .png is refused."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.translation import gettext
from PIL import Image

from dannguyen.outreach import workflow
from dannguyen.outreach.models import Photo

pytestmark = pytest.mark.django_db


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (16, 16), "red").save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def approved(programme, households, delegation_leader, media):
    workflow.move(programme, to="approved", by=delegation_leader)
    return programme


def post(client, programme, name, content):
    return client.post(
        reverse("outreach:photo_create", args=[programme.pk]),
        {"image": SimpleUploadedFile(name, content), "caption": "Trao quà tại xã Gia Vân"},
    )


def test_a_png_named_jpg_is_kept_as_a_png(client, approved, information_officer):
    client.force_login(information_officer)

    response = post(client, approved, "anh.jpg", png_bytes())

    assert response.status_code == 302
    photo = Photo.objects.get()
    assert (photo.content_type, photo.image.name.endswith(".png")) == ("image/png", True)


def test_a_word_file_named_png_is_refused(client, approved, information_officer):
    client.force_login(information_officer)

    response = post(client, approved, "anh.png", b"PK\x03\x04" + b"\x00" * 40)

    assert response.status_code == 200
    assert response.context["form"].errors["image"] == [
        gettext("Only JPEG or PNG photos are accepted.")
    ]
    assert not Photo.objects.exists()
