"""Text from scanned letters (photos, scans, PDFs without a text layer) with Tesseract `vie`.

Citizens' letters arrive as phone photos and office scans: slightly rotated, grey, speckled,
sometimes small. Each page is cleaned before recognition — orientation from the camera,
greyscale, contrast stretched, speckles removed, enlarged to ~300 dpi when small, and
straightened (the skew is found by the angle whose row profile is sharpest) — then read by
Tesseract with its Vietnamese model. bench/ocr_accuracy.py measures what this buys over
Tesseract on the raw image.

Framework-free: callers (a background job) store the text and show it beside the scan for
correction; nothing here touches the database.
"""

from __future__ import annotations

import csv
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageFilter, ImageOps

__all__ = ["OcrError", "OcrPage", "OcrResult", "is_available", "ocr_files", "prepare"]

TIMEOUT_SECONDS = 180
# Tesseract reads best with capital letters ~30 px high, i.e. a page at ~300 dpi; smaller
# images (phone thumbnails, 150 dpi scans) are enlarged to this width.
TARGET_WIDTH = 2400
MAX_PIXELS = 60_000_000  # refuse decompression bombs
MAX_SKEW_DEGREES = 6.0
# Page segmentation "single column of text of variable sizes": a letter. The automatic
# mode (3) breaks a noisy phone photo into scattered blocks and loses most of the text.
PSM = "4"


class OcrError(Exception):
    """Recognition could not run; ``reason`` says why in plain English."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class OcrPage:
    text: str
    confidence: float  # mean word confidence, 0–100 (Tesseract's own estimate)
    skew_degrees: float = 0.0


@dataclass(frozen=True)
class OcrResult:
    pages: list[OcrPage]

    @property
    def text(self) -> str:
        return "\n\n".join(p.text.strip() for p in self.pages).strip()

    @property
    def confidence(self) -> float:
        weights = [len(p.text) for p in self.pages]
        if not sum(weights):
            return 0.0
        return sum(p.confidence * w for p, w in zip(self.pages, weights, strict=True)) / sum(
            weights
        )


def is_available() -> bool:
    tesseract = shutil.which("tesseract")
    if tesseract is None:
        return False
    try:
        listed = subprocess.run(
            [tesseract, "--list-langs"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return "vie" in (listed.stdout + listed.stderr).split()


def _estimate_skew(gray: Image.Image) -> float:
    """The rotation (degrees) that makes text lines horizontal.

    Dark pixels of a straight page fall into sharp horizontal bands; the sum of squared
    differences between adjacent row counts peaks at the right angle. Coarse then fine
    search on a reduced copy keeps this under a second for an A4 page.
    """
    small = gray.copy()
    small.thumbnail((900, 900))
    ink = (np.asarray(small, dtype=np.uint8) < 128).astype(np.uint8)
    if ink.sum() < 200:
        return 0.0
    base = Image.fromarray(ink * 255)

    def sharpness(angle: float) -> float:
        rotated = np.asarray(base.rotate(angle, resample=Image.Resampling.NEAREST, expand=True))
        rows = rotated.sum(axis=1, dtype=np.int64)
        return float(np.square(np.diff(rows)).sum())

    coarse = np.arange(-MAX_SKEW_DEGREES, MAX_SKEW_DEGREES + 0.01, 0.5)
    best = max(coarse, key=sharpness)
    fine = np.arange(best - 0.5, best + 0.51, 0.1)
    return round(float(max(fine, key=sharpness)), 2)


def _flatten_light(gray: Image.Image) -> Image.Image:
    """Divide out uneven lighting (phone photos: a bright corner, a shadow): the page's
    background is estimated by a wide blur and mapped to white, ink stays dark."""
    background = gray.filter(ImageFilter.GaussianBlur(radius=max(gray.size) / 60))
    page = np.asarray(gray, dtype=np.float32)
    light = np.maximum(np.asarray(background, dtype=np.float32), 1.0)
    return Image.fromarray(np.clip(page / light * 255.0, 0, 255).astype(np.uint8))


def prepare(image: Image.Image) -> tuple[Image.Image, float]:
    """The page cleaned for recognition, and the skew that was corrected."""
    image = ImageOps.exif_transpose(image) or image
    gray = ImageOps.grayscale(image)
    if gray.width < TARGET_WIDTH:
        scale = TARGET_WIDTH / gray.width
        gray = gray.resize(
            (TARGET_WIDTH, round(gray.height * scale)), resample=Image.Resampling.LANCZOS
        )
    # Speckles out before the lighting is flattened, which would otherwise sharpen them.
    gray = gray.filter(ImageFilter.MedianFilter(3))
    gray = _flatten_light(gray)
    gray = ImageOps.autocontrast(gray, cutoff=1)
    skew = _estimate_skew(gray)
    if abs(skew) >= 0.2:
        gray = gray.rotate(skew, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
    return gray, skew


def _tesseract(image_path: Path, out_base: Path) -> OcrPage:
    try:
        subprocess.run(
            ["tesseract", str(image_path), str(out_base), "-l", "vie", "--psm", PSM, "txt", "tsv"],
            capture_output=True,
            timeout=TIMEOUT_SECONDS,
            check=True,
        )
    except subprocess.TimeoutExpired as exc:
        raise OcrError("OCR took too long on a page") from exc
    except (OSError, subprocess.CalledProcessError) as exc:
        raise OcrError(f"Tesseract failed: {exc}") from exc
    text = out_base.with_suffix(".txt").read_text(encoding="utf-8", errors="replace")
    confidences = []
    with out_base.with_suffix(".tsv").open(encoding="utf-8", errors="replace") as tsv:
        for row in csv.DictReader(tsv, delimiter="\t", quoting=csv.QUOTE_NONE):
            if (row.get("text") or "").strip() and row.get("conf") not in (None, "", "-1"):
                confidences.append(float(row["conf"]))
    confidence = sum(confidences) / len(confidences) if confidences else 0.0
    return OcrPage(text=text, confidence=round(confidence, 1))


def _pdf_pages(path: Path, folder: Path) -> list[Path]:
    if shutil.which("pdftoppm") is None:
        raise OcrError("reading scanned PDFs needs poppler-utils (pdftoppm)")
    try:
        subprocess.run(
            ["pdftoppm", "-r", "300", "-gray", "-png", str(path), str(folder / "page")],
            capture_output=True,
            timeout=TIMEOUT_SECONDS,
            check=True,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise OcrError(f"the PDF could not be rendered: {exc}") from exc
    return sorted(folder.glob("page*.png"))


def _open(path: Path) -> Image.Image:
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        image = Image.open(path)
        image.load()
    except (OSError, Image.DecompressionBombError, ValueError) as exc:
        raise OcrError(f"not a readable image: {exc}") from exc
    return image


def ocr_files(paths: Sequence[Path], *, clean: bool = True) -> OcrResult:
    """OCR of PATHS in order (JPEG, PNG, TIFF images or PDFs, each page a page).

    CLEAN=False reads the images as they are (the benchmark's baseline).
    """
    if not is_available():
        raise OcrError("OCR needs Tesseract with Vietnamese (apt install tesseract-ocr-vie)")
    pages: list[OcrPage] = []
    with tempfile.TemporaryDirectory(prefix="dannguyen-ocr-") as tmp:
        folder = Path(tmp)
        images: list[Path] = []
        for index, path in enumerate(paths):
            with path.open("rb") as handle:
                is_pdf = handle.read(5) == b"%PDF-"
            if is_pdf:
                sub = folder / f"pdf-{index}"
                sub.mkdir()
                images.extend(_pdf_pages(path, sub))
            else:
                images.append(path)
        for index, image_path in enumerate(images):
            skew = 0.0
            target = image_path
            if clean:
                prepared, skew = prepare(_open(image_path))
                target = folder / f"clean-{index}.png"
                prepared.save(target)
            else:
                _open(image_path)  # the same refusal of non-images as the cleaned path
            page = _tesseract(target, folder / f"out-{index}")
            pages.append(OcrPage(page.text, page.confidence, skew))
    return OcrResult(pages)
