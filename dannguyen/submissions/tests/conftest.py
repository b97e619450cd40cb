"""The online submission tests' world: Ninh Bình and its agencies (the petitions tests'
fixtures), a citizen filling the portal's form in a real request cycle, and the files
they attach."""

from __future__ import annotations

import datetime
import html
import io
import re
import zoneinfo
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image
from pypdf import PdfWriter

from dannguyen.petitions.models import Petition, PetitionAttachment, Petitioner
from dannguyen.petitions.tests.conftest import (  # noqa: F401 -- pytest finds them by name
    agencies,
    corruption_field,
    provincial_inspectorate,
    world,
)
from dannguyen.submissions import challenge
from dannguyen.submissions.models import Submission

HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
# A working Tuesday morning; the form is sent a minute after the page was opened.
OPENED = datetime.datetime(2026, 3, 10, 9, 0, tzinfo=HANOI)
SENT = OPENED + datetime.timedelta(minutes=1)

LAND = (
    "Gia đình tôi bị thu hồi 320 m² đất nông nghiệp tại xóm 3, xã Gia Vân nhưng đến nay "
    "chưa được bồi thường, hỗ trợ. Đề nghị Đoàn ĐBQH tỉnh xem xét, đôn đốc giải quyết."
)
BRIBERY = (
    "Tôi tố cáo ông Đinh Văn Cường, cán bộ địa chính xã Gia Vân, đã nhận tiền của nhiều hộ "
    "dân để làm hồ sơ cấp giấy chứng nhận quyền sử dụng đất sai quy định."
)


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def pdf_bytes() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def jpeg_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(out, "JPEG")
    return out.getvalue()


def pdf(name: str = "quyet-dinh.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


def solve(question: str) -> str:
    """Answer the check question as a person would: read the words, do the sum."""
    for operation in ("plus", "minus", "times"):
        for a in range(11):
            for b in range(11):
                if challenge.question(a, operation, b) == question:
                    return str({"plus": a + b, "minus": a - b, "times": a * b}[operation])
    raise AssertionError(f"unreadable question: {question}")


def read_challenge(page: str) -> tuple[str, str]:
    token = re.search(r'name="token" value="([^"]+)"', page)
    asked = re.search(r'id="check-question">([^<]+)<', page)
    assert token and asked
    return html.unescape(token.group(1)), html.unescape(asked.group(1))


def fields(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "kind": "petition",
        "receiving_subject": "na_delegation",
        "full_name": "nguyễn thị lan",
        "id_number": "037185001122",
        "phone": "0912 345 678",
        "address": "Xóm 3, xã Gia Vân, tỉnh Ninh Bình",
        "summary": "Chậm bồi thường khi thu hồi đất",
        "content": LAND,
        "place_detail": "Xóm 3, xã Gia Vân",
        "previous_handling": "",
        "declaration": "on",
        "website": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


Send = Callable[..., Any]


@pytest.fixture
def send(client: Client, world: None) -> Send:  # noqa: F811 -- the fixture, by name
    """Open the form, wait, answer the question and send FIELDS (and FILES).

    `answer`, `token` and `after` (seconds between opening and sending) override what a
    careful citizen would do.
    """

    def go(
        *,
        files: list[SimpleUploadedFile] | None = None,
        after: float = 60,
        answer: str | None = None,
        token: str | None = None,
        opened: datetime.datetime = OPENED,
        **overrides: Any,
    ) -> Any:
        with time_machine.travel(opened, tick=False):
            page = client.get(reverse("submissions:start")).content.decode()
        issued_token, asked = read_challenge(page)
        data = fields(**overrides)
        data["token"] = issued_token if token is None else token
        data["answer"] = solve(asked) if answer is None else answer
        if files:
            data["attachments"] = files
        with time_machine.travel(opened + datetime.timedelta(seconds=after), tick=False):
            response = client.post(reverse("submissions:start"), data)
        response.sent_token = data["token"]
        return response

    return go


def stored(media_root: Path) -> dict[str, int]:
    """Everything a submission could leave behind, counted."""
    on_disk = (
        sum(1 for p in Path(media_root).rglob("*") if p.is_file())
        if Path(media_root).exists()
        else 0
    )
    return {
        "petitions": Petition.objects.count(),
        "petitioners": Petitioner.objects.count(),
        "submissions": Submission.objects.count(),
        "attachments": PetitionAttachment.objects.count(),
        "files": on_disk,
    }


NOTHING = {"petitions": 0, "petitioners": 0, "submissions": 0, "attachments": 0, "files": 0}
