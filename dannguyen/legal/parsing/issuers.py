"""Issuing bodies named in a header, including joint documents' lists of bodies."""

from __future__ import annotations

import re

from dannguyen.lib.vietnamese import fold

from .labels import GAZETTE_LABEL, MOTTO, NUMBER_LABEL
from .textutil import fold_line, is_upper_line, squeeze
from .vocab import issuer_code_for, recase

__all__ = ["ISSUER_HEADS", "header_issuers"]


ISSUER_HEADS = (
    "bo ",
    "toa an",
    "vien kiem sat",
    "uy ban",
    "chinh phu",
    "quoc hoi",
    "doan chu tich",
    "hoi dong",
    "kiem toan",
    "ngan hang",
    "thanh tra",
    "van phong",
    "ban ",
    "tong lien doan",
    "chu tich nuoc",
    "thu tuong",
    "bao hiem xa hoi",
    "cuc ",
    "tong cuc",
    "so ",
)
_LOCAL_CONTINUATION = re.compile(r"^(tinh|thanh pho|huyen|quan|thi xa|xa|phuong|thi tran)\b")


def _split_joint(block: str) -> list[str]:
    """Split "VIỆN KIỂM SÁT … - TÒA ÁN … - BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI".

    A dash separates two bodies only when the next part starts like a body's name,
    which keeps "Bộ Lao động - Thương binh và Xã hội" whole.
    """
    pieces = re.split(r"\s+[-–]\s+", block)
    names: list[str] = []
    for piece in pieces:
        if names and not fold_line(piece).startswith(ISSUER_HEADS):
            names[-1] = f"{names[-1]} - {piece}"
        else:
            names.append(piece)
    return names


def header_issuers(lines: list[str], stop: int) -> list[str]:
    blocks: list[str] = []
    joining = False
    for line in lines[:stop]:
        folded = fold_line(line)
        motto = MOTTO.search(folded)
        if motto:
            # "QUỐC HỘI CỘNG HÒA XÃ HỘI…" when a header table was read row by row.
            line = re.sub(r"\s+NƯỚC$", "", line[: motto.start()].strip())
            folded = fold_line(line)
        label = GAZETTE_LABEL.match(folded)
        if label:
            line = line[label.end() :]
        # A name broken after its dash ("BỘ LAO ĐỘNG -" / "THƯƠNG BINH VÀ XÃ HỘI")
        # goes on in the next line; the dash is read before the line is trimmed.
        broken = line.rstrip().endswith(("-", "–"))
        line = re.sub(r"[\s\-_*=.]{3,}$", "", line).strip(" -–")
        if not line or not is_upper_line(line) or NUMBER_LABEL.match(fold_line(line)):
            joining = False
            continue
        folded = fold_line(line)
        continues = joining or folded.startswith("va ") or _LOCAL_CONTINUATION.match(folded)
        if blocks and continues and not folded.startswith(ISSUER_HEADS):
            blocks[-1] = f"{blocks[-1]} {line}"
        else:
            blocks.append(line)
        if broken:
            blocks[-1] = f"{blocks[-1]} -"
        joining = broken or line.rstrip().endswith(("-", "–", " VÀ"))
    names: list[str] = []
    for block in blocks:
        for name in _split_joint(squeeze(block).strip(" -–")):
            pretty = recase(name)
            folded = fold(pretty)
            if not (issuer_code_for(pretty) or folded.startswith(ISSUER_HEADS)):
                continue
            code = issuer_code_for(pretty)
            # The gazette's section label repeats the issuer, sometimes in a shorter
            # form ("NGÂN HÀNG NHÀ NƯỚC" above "NGÂN HÀNG NHÀ NƯỚC VIỆT NAM").
            duplicate = any(
                fold(existing) == folded
                or (code not in (None, "HĐND", "UBND") and issuer_code_for(existing) == code)
                for existing in names
            )
            if not duplicate:
                names.append(pretty)
            elif code and len(pretty) > len(names[-1]) and issuer_code_for(names[-1]) == code:
                names[-1] = pretty
    # A name cut by a line break ("BỘ LAO ĐỘNG - THƯƠNG" / "BINH VÀ XÃ HỘI") is the start
    # of the whole name printed elsewhere in the header, not another body.
    folded_names = [f"{fold(name)} " for name in names]
    return [
        name
        for name, mine in zip(names, folded_names, strict=True)
        if not any(other != mine and other.startswith(mine) for other in folded_names)
    ]
