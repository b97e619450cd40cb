"""Scanned letters: reading their text in the background, and showing them safely.

A batch of scans (PDF pages, photos) is read by the job `tasks.read_scans`: each page is
rendered (PDFs at 300 dpi with poppler, photos as they are), a reduced preview is kept
encrypted for the page that shows it beside its text, and `lib.ocr` reads it with Tesseract
`vie`. Whatever goes wrong — a file that is not what it claimed, Tesseract missing or too
slow — ends the batch as `failed` with a reason the page shows in Vietnamese; the petition
is never touched by the job, and its content is taken from the text only when a person
confirms it (`workflow.use_scan_text`).

The previews and the text show the writer's hand and name. For a protected petition they
are shown only after a logged reveal (`workflow.reveal_identity`); the images of that page
are fetched with a short-lived token bound to the reveal, the user and the page.
"""

from __future__ import annotations

import io
import logging
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from cryptography.fernet import InvalidToken
from django.core import signing
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

from dannguyen.core import audit
from dannguyen.core.fields import cipher
from dannguyen.lib import ocr

from . import workflow
from .models import (
    IdentityAccess,
    Petition,
    PetitionAttachment,
    ScanBatch,
    ScanFailure,
    ScanPage,
    ScanStatus,
)

logger = logging.getLogger(__name__)

RENDER_DPI = 300  # what Tesseract reads best (see lib/ocr.py)
PREVIEW_WIDTH = 1200  # legible on screen beside the text, ~150 KB a page
PREVIEW_QUALITY = 80
# An image link of a revealed protected scan is good for this long: long enough to read the
# page, too short to pass the link around.
IMAGE_TOKEN_SECONDS = 15 * 60
_TOKEN_SALT = "petitions.scan-image"

# lib.ocr says why it failed in English; the page says it in Vietnamese.
_OCR_REASONS: tuple[tuple[str, str], ...] = (
    ("OCR needs Tesseract", ScanFailure.ENGINE_MISSING),
    ("reading scanned PDFs needs", ScanFailure.ENGINE_MISSING),
    ("OCR took too long", ScanFailure.TIMEOUT),
    ("not a readable image", ScanFailure.UNREADABLE),
    ("the PDF could not be rendered", ScanFailure.UNREADABLE),
)


class ScanFailed(Exception):
    def __init__(self, failure: str, detail: str = "") -> None:
        super().__init__(detail or failure)
        self.failure = failure
        self.detail = detail


def failure_of(error: ocr.OcrError) -> str:
    for prefix, failure in _OCR_REASONS:
        if error.reason.startswith(prefix):
            return failure
    return ScanFailure.ENGINE_ERROR


# ------------------------------------------------------------------------- the job


def read(batch_id: int) -> dict[str, Any]:
    """Read BATCH_ID's pages (the background job's body). Never raises for a bad file or
    a missing engine: those end the batch as failed, with the reason."""
    batch = ScanBatch.objects.select_related("petition", "created_by").filter(pk=batch_id).first()
    if batch is None:
        return {"status": "missing"}
    try:
        workflow.start_reading(batch)
    except workflow.TransitionError:
        # Queued twice, or retried meanwhile: the other run owns it.
        return {"status": batch.status}
    with audit.acting_as(batch.created_by, source=f"scan:{batch.pk}"):
        try:
            pages = _read_pages(batch)
        except ScanFailed as failed:
            return _end(batch, failure=failed.failure, detail=failed.detail)
        except Exception as exc:
            _end(batch, failure=ScanFailure.ENGINE_ERROR, detail=repr(exc))
            raise
        try:
            workflow.finish_reading(_current(batch), pages=pages)
        except workflow.TransitionError:
            return {"status": "superseded"}
    return {"status": ScanStatus.DONE, "pages": len(pages)}


def _current(batch: ScanBatch) -> ScanBatch:
    """BATCH as stored now: a person may have declared it stalled and queued it again."""
    batch.refresh_from_db(fields=["status"])
    return batch


def _end(batch: ScanBatch, *, failure: str, detail: str) -> dict[str, Any]:
    try:
        workflow.fail_reading(_current(batch), failure=failure, detail=detail)
    except workflow.TransitionError:
        return {"status": "superseded"}
    return {"status": ScanStatus.FAILED, "failure": failure}


def _read_pages(batch: ScanBatch) -> list[workflow.PageText]:
    files = list(batch.files.order_by("order", "id"))
    if not files:
        raise ScanFailed(ScanFailure.FILE_MISSING, "no file in the batch")
    _clear_pages(batch)
    with tempfile.TemporaryDirectory(prefix="dannguyen-scan-") as tmp:
        folder = Path(tmp)
        rendered: list[tuple[PetitionAttachment, int, Path]] = []
        for index, attachment in enumerate(files):
            path = folder / f"file-{index}"
            path.write_bytes(_original(attachment))
            for number, image in enumerate(_page_images(path, folder / f"pages-{index}"), 1):
                rendered.append((attachment, number, image))
        pages = [
            store_page(batch, attachment, order, number, image)
            for order, (attachment, number, image) in enumerate(rendered, 1)
        ]
        batch.pages_total = len(pages)
        batch.save(update_fields=["pages_total"])
        # The previews are kept even if the engine is missing: the page can still be read
        # on screen and its content typed beside it.
        if not ocr.is_available():
            raise ScanFailed(ScanFailure.ENGINE_MISSING, "tesseract with vie not found")
        results = []
        for done, (page, (_attachment, _number, image)) in enumerate(
            zip(pages, rendered, strict=True), 1
        ):
            try:
                result = ocr.ocr_files([image])
            except ocr.OcrError as exc:
                raise ScanFailed(failure_of(exc), exc.reason) from exc
            first = result.pages[0] if result.pages else ocr.OcrPage("", 0.0)
            results.append(
                workflow.PageText(
                    page=page,
                    text=first.text.strip(),
                    confidence=first.confidence,
                    skew_degrees=first.skew_degrees,
                )
            )
            batch.pages_done = done
            batch.save(update_fields=["pages_done"])
    return results


def _original(attachment: PetitionAttachment) -> bytes:
    try:
        return workflow.read_attachment(attachment)
    except (OSError, ValueError, InvalidToken) as exc:
        raise ScanFailed(ScanFailure.FILE_MISSING, f"attachment {attachment.pk}: {exc!r}") from exc


def _page_images(path: Path, folder: Path) -> list[Path]:
    """The pages of PATH as image files: a PDF rendered page by page, an image as it is."""
    with path.open("rb") as handle:
        is_pdf = handle.read(5) == b"%PDF-"
    if not is_pdf:
        return [path]
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        raise ScanFailed(ScanFailure.ENGINE_MISSING, "pdftoppm (poppler-utils) not found")
    folder.mkdir()
    try:
        subprocess.run(
            [pdftoppm, "-r", str(RENDER_DPI), "-png", str(path), str(folder / "page")],
            capture_output=True,
            timeout=ocr.TIMEOUT_SECONDS,
            check=True,
        )
    except subprocess.TimeoutExpired as exc:
        raise ScanFailed(ScanFailure.TIMEOUT, "rendering the PDF took too long") from exc
    except (OSError, subprocess.CalledProcessError) as exc:
        stderr = getattr(exc, "stderr", b"") or b""
        detail = stderr.decode("utf-8", "replace").strip()[:300] or repr(exc)
        raise ScanFailed(
            ScanFailure.UNREADABLE, f"the PDF could not be rendered: {detail}"
        ) from exc
    # pdftoppm numbers pages with as many digits as the last one needs: sort by number.
    images = sorted(folder.glob("page*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[-1]))
    if not images:
        raise ScanFailed(ScanFailure.UNREADABLE, "the PDF has no page")
    return images


def preview_of(image_path: Path) -> tuple[bytes, int, int]:
    """A reduced, upright JPEG of the page for the screen."""
    Image.MAX_IMAGE_PIXELS = ocr.MAX_PIXELS
    try:
        with Image.open(image_path) as opened:
            opened.load()
            image = ImageOps.exif_transpose(opened) or opened
            if image.mode not in ("RGB", "L"):
                image = image.convert("RGB")
            image.thumbnail((PREVIEW_WIDTH, PREVIEW_WIDTH * 2))
            out = io.BytesIO()
            image.save(out, "JPEG", quality=PREVIEW_QUALITY, optimize=True)
    except (OSError, ValueError, Image.DecompressionBombError) as exc:
        raise ScanFailed(ScanFailure.UNREADABLE, f"not a readable image: {exc}") from exc
    return out.getvalue(), image.width, image.height


def store_page(
    batch: ScanBatch, attachment: PetitionAttachment, order: int, number: int, image: Path
) -> ScanPage:
    """Page ORDER of BATCH (page NUMBER of ATTACHMENT), with its preview kept encrypted."""
    data, width, height = preview_of(image)
    page = ScanPage(
        batch=batch,
        attachment=attachment,
        order=order,
        number_in_file=number,
        preview_width=width,
        preview_height=height,
    )
    page.preview.save(f"{uuid.uuid4().hex}.enc", ContentFile(cipher().encrypt(data)), save=False)
    page.save()
    return page


def _clear_pages(batch: ScanBatch) -> None:
    """A batch read again starts from its files, not from the pages of the last try."""
    for page in batch.pages.all():
        if page.preview:
            page.preview.delete(save=False)
        page.delete()


# ------------------------------------------------------------------------- reading back


def read_preview(page: ScanPage) -> bytes:
    with page.preview.open("rb") as stored:
        return cipher().decrypt(stored.read())


def open_preview(page: ScanPage) -> bytes | None:
    """The page's preview image, None when it is not there (or no longer decrypts).

    Each image of a protected petition shown is also recorded in the audit trail, beside
    the reveal that allowed it.
    """
    if not page.preview:
        return None
    try:
        data = read_preview(page)
    except (OSError, ValueError, InvalidToken):
        logger.warning("preview of scanned page %s cannot be read", page.pk)
        return None
    petition = page.batch.petition
    if petition.is_identity_protected:
        audit.record_view(petition, what=_("scanned page %(n)s") % {"n": page.order})
    return data


def text_of(batch: ScanBatch) -> str:
    """The batch's text, page after page, as corrected."""
    return "\n\n".join(p.text.strip() for p in batch.pages.all() if p.text.strip())


def prefill_text(petition: Petition) -> str:
    """The text of the latest read scan, for a content still empty (a person saves it)."""
    if petition.content.strip():
        return ""
    batch = (
        petition.scan_batches.filter(status=ScanStatus.DONE)
        .prefetch_related("pages")
        .order_by("-created_at", "-id")
        .first()
    )
    return text_of(batch) if batch is not None else ""


def image_token(*, user: Any, page: ScanPage, access: IdentityAccess) -> str:
    return signing.dumps(
        {"u": user.pk, "p": page.pk, "a": access.pk}, salt=_TOKEN_SALT, compress=True
    )


def token_allows(token: str, *, user: Any, page: ScanPage) -> bool:
    """Whether TOKEN was given to USER for PAGE by a logged reveal, not long ago."""
    try:
        data = signing.loads(token, salt=_TOKEN_SALT, max_age=IMAGE_TOKEN_SECONDS)
    except (signing.BadSignature, ValueError, TypeError):
        return False
    if not isinstance(data, dict) or data.get("u") != user.pk or data.get("p") != page.pk:
        return False
    access = data.get("a")
    if not isinstance(access, int):
        return False
    return IdentityAccess.objects.filter(
        pk=access, user=user, petition_id=page.batch.petition_id
    ).exists()


def tokens_for(
    pages: Sequence[ScanPage], *, user: Any, access: IdentityAccess | None
) -> dict[int, str]:
    if access is None:
        return {}
    return {page.pk: image_token(user=user, page=page, access=access) for page in pages}
