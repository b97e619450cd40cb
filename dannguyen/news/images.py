"""Article photos re-encoded for the web: turned upright, stripped of their metadata (camera
location, owner), and saved at two widths — one for the article column, one for lists and
phones. Re-encoding also means a file that only pretends to be an image never reaches a
reader's browser as it was uploaded.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import IO

from django.core.files.base import ContentFile
from PIL import Image, ImageOps

from dannguyen.lib import ocr

LARGE_WIDTH = 1600
SMALL_WIDTH = 480
JPEG_QUALITY = 85


@dataclass
class Rendition:
    content: ContentFile[bytes]
    width: int
    height: int


@dataclass
class Prepared:
    content_type: str
    extension: str
    large: Rendition
    small: Rendition


def _resized(image: Image.Image, width: int) -> Image.Image:
    if image.width <= width:
        return image.copy()
    height = max(1, round(image.height * width / image.width))
    return image.resize((width, height), Image.Resampling.LANCZOS)


def _encode(image: Image.Image, content_type: str) -> bytes:
    out = io.BytesIO()
    if content_type == "image/png":
        image.save(out, format="PNG", optimize=True)
    else:
        image.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return out.getvalue()


def prepare(source: IO[bytes], content_type: str) -> Prepared:
    """SOURCE (already judged a JPEG or PNG by forms.ImageForm) at both widths.

    PNG stays PNG (screenshots, charts, transparency); anything else becomes JPEG.
    """
    source.seek(0)
    Image.MAX_IMAGE_PIXELS = ocr.MAX_PIXELS
    with Image.open(source) as opened:
        upright = ImageOps.exif_transpose(opened)
        if content_type == "image/png":
            mode = "RGBA" if "A" in upright.getbands() or "transparency" in upright.info else "RGB"
        else:
            mode = "RGB"
        image = upright.convert(mode)
    source.seek(0)
    renditions = []
    for width in (LARGE_WIDTH, SMALL_WIDTH):
        resized = _resized(image, width)
        renditions.append(
            Rendition(ContentFile(_encode(resized, content_type)), resized.width, resized.height)
        )
    extension = ".png" if content_type == "image/png" else ".jpg"
    output_type = "image/png" if content_type == "image/png" else "image/jpeg"
    return Prepared(output_type, extension, renditions[0], renditions[1])
