"""Character accuracy of OCR on generated scans of Vietnamese letters.

    .venv/bin/python bench/ocr_accuracy.py [--letters 8]

Letters are taken from bench/data/petitions_labelled.jsonl (written for the project, with
diacritics), laid out like a handwritten-then-typed citizen's letter (national motto, title,
addressee, body), rendered with DejaVu Serif and degraded three ways:

* scan      — 300 dpi, straight, clean: the easy case;
* office    — 300 dpi, rotated 1.5°, grey paper, 1 % speckles: a photocopy fed askew;
* phone     — 150 dpi, rotated 3°, uneven light, blur, noise, JPEG quality 55: a phone photo.

Each page is read twice in the same run: by Tesseract `vie` on the raw image (the baseline)
and through dannguyen.lib.ocr (cleaning + deskew, then the same Tesseract). Character
accuracy = 1 − edit distance / reference length, on NFC text with whitespace collapsed.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dannguyen.lib import ocr  # noqa: E402

DATA = ROOT / "bench" / "data" / "petitions_labelled.jsonl"
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
A4_INCHES = (8.27, 11.69)


def letters(count: int) -> list[str]:
    rows = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines()]
    accented = [r["text"] for r in rows if any(ord(c) > 0x300 for c in r["text"])]
    rng = random.Random(2026)
    chosen = rng.sample(accented, count)
    return [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\nĐƠN KIẾN NGHỊ\n"
        "Kính gửi: Đoàn đại biểu Quốc hội tỉnh Ninh Bình\n\n" + text
        for text in chosen
    ]


def render(text: str, dpi: int) -> Image.Image:
    width, height = (round(x * dpi) for x in A4_INCHES)
    page = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(FONT, round(12 / 72 * dpi))  # 12 pt
    margin = round(0.9 * dpi)
    y = margin
    line_height = round(font.size * 1.5)
    for paragraph in text.split("\n"):
        words, line = paragraph.split(), ""
        if not words:
            y += line_height
            continue
        for word in words:
            trial = f"{line} {word}".strip()
            if draw.textlength(trial, font=font) > width - 2 * margin and line:
                draw.text((margin, y), line, font=font, fill=0)
                y += line_height
                line = word
            else:
                line = trial
        draw.text((margin, y), line, font=font, fill=0)
        y += line_height
    return page


def degrade(page: Image.Image, kind: str, rng: np.random.Generator) -> Image.Image:
    if kind == "scan":
        return page
    pixels = np.asarray(page, dtype=np.float32)
    if kind == "office":
        pixels = pixels * 0.85 + 25  # grey paper, lighter ink
        speckles = rng.random(pixels.shape)
        pixels[speckles < 0.005] = 0
        pixels[speckles > 0.995] = 255
        image = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))
        return image.rotate(1.5, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=230)
    # phone: uneven light, noise, blur, rotation, JPEG
    h, w = pixels.shape
    light = np.linspace(0.75, 1.0, w)[None, :] * np.linspace(0.9, 1.0, h)[:, None]
    pixels = (pixels * 0.8 + 30) * light + rng.normal(0, 12, pixels.shape)
    image = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))
    image = image.filter(ImageFilter.GaussianBlur(0.8))
    image = image.rotate(3, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=200)
    return image


def normalised(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def edit_distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def accuracy(reference: str, found: str) -> float:
    ref, hyp = normalised(reference), normalised(found)
    return max(0.0, 1 - edit_distance(ref, hyp) / len(ref))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--letters", type=int, default=8)
    args = parser.parse_args()
    if not ocr.is_available():
        print("tesseract with Vietnamese is not installed")
        return 1
    rng = np.random.default_rng(7)
    results: dict[tuple[str, str], list[float]] = {}
    seconds: dict[str, list[float]] = {"raw": [], "ours": []}
    with tempfile.TemporaryDirectory() as tmp:
        for n, text in enumerate(letters(args.letters)):
            for kind, dpi in (("scan", 300), ("office", 300), ("phone", 150)):
                path = Path(tmp) / f"{n}-{kind}.jpg"
                image = degrade(render(text, dpi), kind, rng)
                image.save(path, quality=55 if kind == "phone" else 90)
                for method, clean in (("raw", False), ("ours", True)):
                    started = time.perf_counter()
                    found = ocr.ocr_files([path], clean=clean).text
                    seconds[method].append(time.perf_counter() - started)
                    results.setdefault((kind, method), []).append(accuracy(text, found))
            print(f"letter {n + 1}/{args.letters} done", file=sys.stderr)
    print(f"{args.letters} letters, character accuracy (mean, worst)")
    print(f"{'condition':<10} {'tesseract raw':>18} {'dannguyen.lib.ocr':>20}")
    for kind in ("scan", "office", "phone"):
        raw, ours = results[(kind, "raw")], results[(kind, "ours")]
        print(
            f"{kind:<10} {statistics.mean(raw):>10.3f} ({min(raw):.3f}) "
            f"{statistics.mean(ours):>12.3f} ({min(ours):.3f})"
        )
    print(
        f"seconds per page: raw {statistics.median(seconds['raw']):.1f}, "
        f"ours {statistics.median(seconds['ours']):.1f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
