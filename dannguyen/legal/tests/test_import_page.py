from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dannguyen.legal.models import ImportBatch, LegalDocument

from .conftest import LAW

pytestmark = pytest.mark.django_db


@pytest.fixture
def immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def test_upload_runs_the_import_in_the_background_and_reports_each_file(
    client,
    information_officer,
    document_types,
    immediate_tasks,
    settings,
    tmp_path,
    django_capture_on_commit_callbacks,
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(information_officer)
    files = [
        SimpleUploadedFile("luat-khieu-nai.txt", LAW.encode("utf-8"), "text/plain"),
        SimpleUploadedFile("rong.txt", b"", "text/plain"),
    ]

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("legal:import"), {"uploads": files, "source": "Thử"})

    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("legal:import_batch", args=[batch.pk])
    assert (batch.status, batch.total, batch.done, batch.created, batch.failed) == (
        "finished",
        2,
        2,
        1,
        1,
    )
    assert sorted(batch.items.values_list("file_name", "outcome")) == [
        ("luat-khieu-nai.txt", "created"),
        ("rong.txt", "failed"),
    ]
    document = LegalDocument.objects.get()
    assert document.number_raw == "02/2011/QH13"
    original = document.attachments.get()
    assert (original.original_name, original.size) == ("luat-khieu-nai.txt", len(LAW.encode()))
    download = client.get(reverse("legal:attachment", args=[original.pk]))
    assert b"".join(download.streaming_content) == LAW.encode()
    page = client.get(response.url, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in page
    assert "1 tạo mới, 0 cập nhật, 0 không đổi, 1 lỗi" in page


def test_upload_rejects_other_file_kinds(client, information_officer, document_types):
    client.force_login(information_officer)
    exe = SimpleUploadedFile("virus.exe", b"MZ\x90\x00", "application/octet-stream")

    response = client.post(reverse("legal:import"), {"uploads": [exe]})

    assert response.status_code == 200
    assert "chỉ nhập được tệp .txt, .docx, .pdf, .md và .json" in response.content.decode()
    assert ImportBatch.objects.count() == 0


def test_import_page_forbidden_to_reception_officer(client, reception_officer):
    client.force_login(reception_officer)

    assert client.get(reverse("legal:import")).status_code == 403


@pytest.mark.parametrize(
    ("start", "allowed"),
    [
        ("queued", {"running", "failed"}),
        ("running", {"finished", "failed"}),
        ("finished", set()),
        ("failed", set()),
    ],
)
def test_batch_transitions_are_exactly_the_table(start, allowed):
    from dannguyen.legal import workflow

    assert workflow.ALLOWED[start] == allowed


def test_finished_batch_cannot_restart():
    from dannguyen.legal import workflow

    batch = ImportBatch.objects.create(status="finished")

    with pytest.raises(workflow.TransitionError):
        workflow.start(batch)
