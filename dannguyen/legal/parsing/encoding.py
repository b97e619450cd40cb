"""Bytes → text for plain-text legal documents, refusing what would turn into mojibake.

Vietnamese offices still circulate files typed in the pre-Unicode font encodings TCVN3
(ABC, fonts ".VnTime") and VNI ("VNI-Times"). Decoded as anything else they become
"NghÞ ®Þnh" or "Nghò ñònh": text that looks readable enough to be stored, indexed and
never found again. So such files are rejected with a precise reason instead of decoded.
Converting them is a job for a dedicated converter, not a guess made here.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from .errors import UnreadableFile

__all__ = ["LEGACY_ENCODING_REASON", "decode_text", "detect_legacy_encoding"]

LEGACY_ENCODING_REASON = "legacy Vietnamese encoding TCVN3/VNI, convert to Unicode first"

# Magic numbers of formats that users upload by mistake under a .txt name.
_MAGIC = (
    (b"%PDF", "PDF"),
    (b"PK\x03\x04", "ZIP/DOCX"),
    (b"\xd0\xcf\x11\xe0", "legacy Office (.doc/.xls)"),
    (b"\x89PNG", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"\x1f\x8b", "gzip archive"),
    (b"{\\rtf", "RTF"),
)

# A handful of stray NULs is corruption seen in real gazette exports (PDF text layers);
# more than this share of the bytes means the file is not text at all.
_MAX_NUL_SHARE = 0.001

# Frequent syllables that need diacritics; a decoding under which many tokens become one
# of these is the one the author used. Plain-ASCII syllables are left out on purpose:
# they read the same under every decoding and would only add noise to the score.
_COMMON_TEXT = (
    "của và các được điều định người những trong không này theo về đến từ một số năm "
    "tháng ngày cơ chính phủ hành thực hiện đơn công dân nhân luật nghị thông tư có là "
    "với để đã đó hội việt quốc lý tại đối trường hợp quyết bộ trách nhiệm sở hồ giải "
    "khiếu nại tố cáo ủy ban kiến xã tỉnh huyện quản nhà nước đất đầu tiếp cấp cộng hòa "
    "hoà độc lập tự hạnh phúc chủ nghĩa"
)
_COMMON = frozenset(_COMMON_TEXT.split(" "))

# TCVN 5712:1993 (VN3), lower-case table; upper-case accented letters are drawn with the
# same codes in the ".VnTimeH" font, so these codes cover all letters.
_TCVN3_LETTERS = (
    "\xa8ă \xa9â \xaaê \xabô \xacơ \xadư \xaeđ \xa1Ă \xa2Â \xa3Ê \xa4Ô \xa5Ơ \xa6Ư \xa7Đ "
    "\xb5à \xb6ả \xb7ã \xb8á \xb9ạ \xbbằ \xbcẳ \xbdẵ \xbeắ \xc6ặ \xc7ầ \xc8ẩ \xc9ẫ \xcaấ "
    "\xcbậ \xccè \xceẻ \xcfẽ \xd0é \xd1ẹ \xd2ề \xd3ể \xd4ễ \xd5ế \xd6ệ \xd7ì \xd8ỉ \xdcĩ "
    "\xddí \xdeị \xdfò \xe1ỏ \xe2õ \xe3ó \xe4ọ \xe5ồ \xe6ổ \xe7ỗ \xe8ố \xe9ộ \xeaờ \xebở "
    "\xecỡ \xedớ \xeeợ \xefù \xf1ủ \xf2ũ \xf3ú \xf4ụ \xf5ừ \xf6ử \xf7ữ \xf8ứ \xf9ự \xfaỳ "
    "\xfbỷ \xfcỹ \xfdý \xfeỵ"
)
TCVN3_TABLE = {pair[0]: pair[1] for pair in _TCVN3_LETTERS.split()}

# VNI-Windows writes a base letter followed by a mark character.
_VNI_SINGLE = dict(zip("ñÑôÔöÖìÌíÍæÆóÓòÒîÎ", "đĐơƠưƯìÌíÍỉỈĩĨịỊỵỴ", strict=True))
_VNI_MARKS = {
    "ø": "\u0300",
    "ù": "\u0301",
    "û": "\u0309",
    "õ": "\u0303",
    "ï": "\u0323",
    "â": "\u0302",
    "ê": "\u0306",
    "à": "\u0302\u0300",
    "á": "\u0302\u0301",
    "å": "\u0302\u0309",
    "ã": "\u0302\u0303",
    "ä": "\u0302\u0323",
    "è": "\u0306\u0300",
    "é": "\u0306\u0301",
    "ú": "\u0306\u0309",
    "ü": "\u0306\u0303",
    "ë": "\u0306\u0323",
}
_VNI_MARKS.update({key.upper(): value for key, value in list(_VNI_MARKS.items())})
_VOWELS = set("aeiouyAEIOUYơưƠƯ")

_TOKEN = re.compile(r"[^\W\d_]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
# Letters only Vietnamese uses; their presence means the text is already real Unicode.
# â, ê and ô are left out: they are also how cp1252 shows TCVN3 and VNI bytes.
_VIETNAMESE = re.compile(r"[ăđơưĂĐƠƯ\u1ea0-\u1ef9]")


def _tcvn3(chars: str) -> str:
    return "".join(TCVN3_TABLE.get(ch, ch) for ch in chars)


def _vni(chars: str) -> str:
    out: list[str] = []
    for ch in chars:
        if ch in _VNI_MARKS and out and out[-1][-1:] in _VOWELS:
            out.append(_VNI_MARKS[ch])
        else:
            out.append(_VNI_SINGLE.get(ch, ch))
    return unicodedata.normalize("NFC", "".join(out))


def _score(text: str) -> int:
    return sum(1 for token in _TOKEN.findall(text.lower()) if token in _COMMON)


def _as_byte_chars(text: str) -> str:
    """Undo a cp1252 decoding: each character back to the byte it came from, as latin-1."""
    out = []
    for ch in text:
        if ord(ch) < 256:
            out.append(ch)
            continue
        try:
            out.append(ch.encode("cp1252").decode("latin-1"))
        except UnicodeEncodeError:
            out.append(" ")
    return "".join(out)


def detect_legacy_encoding(data: bytes | str) -> str | None:
    """``"TCVN3"`` or ``"VNI"`` if DATA is Vietnamese in that encoding, else ``None``.

    Accepts raw bytes or text that was already decoded as cp1252/latin-1 (the typical
    "converted" file that is valid UTF-8 but full of ``Þ``/``®``). The verdict is the
    decoding under which the most tokens become common Vietnamese syllables, and it
    must beat the undecoded text clearly, so real Unicode is never flagged.
    """
    if isinstance(data, bytes):
        chars = data.decode("latin-1")
    else:
        if len(_VIETNAMESE.findall(data)) > len(data) // 200:
            return None
        chars = _as_byte_chars(data)
    sample = chars[:200_000]
    baseline = _score(sample)
    scores = {"TCVN3": _score(_tcvn3(sample)), "VNI": _score(_vni(sample))}
    best = max(scores, key=lambda name: scores[name])
    if scores[best] >= 3 and scores[best] > 2 * baseline + 2:
        return best
    return None


def _sniff_binary(data: bytes) -> None:
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise UnreadableFile(f"binary content ({kind}), not a text file")


def decode_text(data: bytes) -> tuple[str, list[str]]:
    """Decode a plain-text file: UTF-8 (with or without BOM) or UTF-16/32 with a BOM.

    Returns the text and warnings about repairs made. Raises :class:`UnreadableFile`
    for empty, binary, legacy-encoded or otherwise non-Unicode content.
    """
    warnings: list[str] = []
    if not data.strip():
        raise UnreadableFile("empty file" if not data else "file contains only whitespace")
    for bom, codec in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as exc:
                raise UnreadableFile(
                    f"invalid {codec.upper()} byte sequence at offset {exc.start}"
                ) from exc
            return _finish(text, warnings)
    _sniff_binary(data)
    nuls = data.count(0)
    if nuls > max(1, len(data) * _MAX_NUL_SHARE):
        raise UnreadableFile("binary content (NUL bytes), or UTF-16 text without a byte-order mark")
    if nuls:
        warnings.append(f"removed {nuls} NUL byte(s)")
        data = data.replace(b"\x00", b"")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if detect_legacy_encoding(data):
            raise UnreadableFile(LEGACY_ENCODING_REASON) from exc
        raise UnreadableFile(
            f"not UTF-8 text (byte 0x{data[exc.start]:02X} at offset {exc.start}); "
            "save the file as UTF-8"
        ) from exc
    return _finish(text, warnings)


def _finish(text: str, warnings: list[str]) -> tuple[str, list[str]]:
    if not text.strip():
        raise UnreadableFile("file contains only whitespace")
    controls = len(_CONTROL.findall(text, 0, 100_000))
    if controls > len(text[:100_000]) * 0.01:
        raise UnreadableFile("binary content (control characters), not a text file")
    if detect_legacy_encoding(text):
        raise UnreadableFile(LEGACY_ENCODING_REASON)
    return text, warnings
