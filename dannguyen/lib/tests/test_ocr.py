"""OCR of scanned letters: a rendered Vietnamese page, tilted and unevenly lit, is read."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from dannguyen.lib import ocr

pytestmark = pytest.mark.skipif(not ocr.is_available(), reason="tesseract-ocr-vie missing")

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
LINES = [
    "ĐƠN KIẾN NGHỊ",
    "Kính gửi: Đoàn đại biểu Quốc hội tỉnh Ninh Bình",
    "Tôi là Nguyễn Thị Hoa, trú tại thôn Đông, xã Gia Sinh.",
    "Đề nghị xem xét việc cấp giấy chứng nhận quyền sử dụng đất.",
]


def photo(tmp_path: Path, *, angle: float, name: str = "letter.jpg") -> Path:
    """A phone photo of the letter: 150 dpi, tilted, darker on the left, JPEG."""
    page = Image.new("L", (1240, 900), 255)
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(FONT, 25)
    for i, line in enumerate(LINES):
        draw.text((90, 120 + i * 60), line, font=font, fill=0)
    pixels = np.asarray(page, dtype=np.float32)
    light = np.linspace(0.7, 1.0, pixels.shape[1])[None, :]
    page = Image.fromarray(np.clip(pixels * 0.85 * light + 20, 0, 255).astype(np.uint8))
    page = page.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=210)
    path = tmp_path / name
    page.save(path, quality=70)
    return path


def test_a_tilted_unevenly_lit_photo_is_straightened_and_read(tmp_path):
    result = ocr.ocr_files([photo(tmp_path, angle=3.0)])

    assert [p.skew_degrees for p in result.pages] == [pytest.approx(-3.0, abs=0.3)]
    text = " ".join(result.text.split())
    for line in LINES:
        assert line in text
    assert result.confidence > 80


def test_a_pdf_without_text_layer_is_read_page_by_page(tmp_path):
    first = Image.open(photo(tmp_path, angle=0.0, name="a.jpg"))
    second = Image.open(photo(tmp_path, angle=-2.0, name="b.jpg"))
    pdf = tmp_path / "scan.pdf"
    first.save(pdf, save_all=True, append_images=[second], resolution=150)

    result = ocr.ocr_files([pdf])

    assert len(result.pages) == 2
    assert all("Gia Sinh" in page.text for page in result.pages)


def test_a_file_that_is_not_an_image_is_refused_with_a_reason(tmp_path):
    fake = tmp_path / "letter.jpg"
    fake.write_bytes(b"MZ\x90\x00 this is a Windows program, not a photo")

    with pytest.raises(ocr.OcrError) as refused:
        ocr.ocr_files([fake])

    assert refused.value.reason.startswith("not a readable image")
