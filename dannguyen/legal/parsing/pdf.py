"""PDF → text: the text layer through pypdf, scanned pages through an OCR hook.

pypdf is imported lazily: it is an optional dependency, and a deployment without it
should still read every other format (and say clearly why a PDF was refused).
"""

from __future__ import annotations

import importlib
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .errors import UnreadableFile

__all__ = ["OCR_MISSING_REASON", "ocr_page_images", "read_pdf"]

OCR_MISSING_REASON = "scanned PDF needs OCR: install tesseract-ocr-vie"

# A page whose text layer has fewer letters than this is treated as a scan: real pages
# of legal text have hundreds, scans have none or a stray page number.
_MIN_PAGE_LETTERS = 20
_OCR_TIMEOUT_SECONDS = 180


def _load_pypdf() -> Any:
    try:
        return importlib.import_module("pypdf")
    except ImportError as exc:
        raise UnreadableFile("PDF support needs the 'pypdf' package (pip install pypdf)") from exc


def _has_vietnamese_ocr() -> bool:
    tesseract = shutil.which("tesseract")
    if tesseract is None or shutil.which("pdftoppm") is None:
        return False
    try:
        result = subprocess.run(
            [tesseract, "--list-langs"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return "vie" in (result.stdout + result.stderr).split()


def ocr_page_images(pdf_path: str | Path, pages: Sequence[int] | None = None) -> list[str]:
    """OCR text of PAGES (0-based; all pages when ``None``) of a scanned PDF.

    Renders each page with poppler's ``pdftoppm`` at 300 dpi and reads it with
    ``tesseract -l vie``. Raises :class:`UnreadableFile` when either program or the
    Vietnamese language data is missing, or when a page cannot be processed.
    """
    if not _has_vietnamese_ocr():
        raise UnreadableFile(OCR_MISSING_REASON)
    pdf_path = Path(pdf_path)
    if pages is None:
        reader = _load_pypdf().PdfReader(str(pdf_path))
        pages = range(len(reader.pages))
    texts: list[str] = []
    with tempfile.TemporaryDirectory(prefix="dannguyen-ocr-") as tmp:
        for index in pages:
            prefix = Path(tmp) / f"page-{index}"
            number = str(index + 1)
            try:
                subprocess.run(
                    [
                        *("pdftoppm", "-r", "300", "-f", number, "-l", number),
                        *("-png", "-singlefile", str(pdf_path), str(prefix)),
                    ],
                    capture_output=True,
                    timeout=_OCR_TIMEOUT_SECONDS,
                    check=True,
                )
                result = subprocess.run(
                    ["tesseract", f"{prefix}.png", "stdout", "-l", "vie"],
                    capture_output=True,
                    text=True,
                    timeout=_OCR_TIMEOUT_SECONDS,
                    check=True,
                )
            except (OSError, subprocess.SubprocessError) as exc:
                raise UnreadableFile(f"OCR failed on page {number}: {exc}") from exc
            texts.append(result.stdout)
    return texts


def _letters(text: str) -> int:
    return sum(1 for ch in text if ch.isalpha())


def read_pdf(path: Path) -> tuple[str, list[str]]:
    """Text of every page, in order; scanned pages go through :func:`ocr_page_images`."""
    pypdf = _load_pypdf()
    warnings: list[str] = []
    try:
        reader = pypdf.PdfReader(str(path))
        if reader.is_encrypted and not reader.decrypt(""):
            raise UnreadableFile("encrypted PDF: remove the password first")
        pages = [page.extract_text() or "" for page in reader.pages]
    except UnreadableFile:
        raise
    except Exception as exc:  # pypdf raises many types for damaged files
        raise UnreadableFile(f"invalid or damaged PDF ({type(exc).__name__}: {exc})") from exc
    if not pages:
        raise UnreadableFile("PDF has no pages")
    scanned = [i for i, text in enumerate(pages) if _letters(text) < _MIN_PAGE_LETTERS]
    if len(scanned) == len(pages):
        pages = ocr_page_images(path, scanned)
        warnings.append(f"text of all {len(pages)} page(s) obtained by OCR")
    elif scanned:
        listed = ", ".join(str(i + 1) for i in scanned)
        try:
            for index, text in zip(scanned, ocr_page_images(path, scanned), strict=True):
                pages[index] = text
            warnings.append(f"page(s) {listed} had no text layer and were read by OCR")
        except UnreadableFile as exc:
            warnings.append(f"page(s) {listed} have no text layer and were skipped: {exc.reason}")
    return "\n".join(pages), warnings
