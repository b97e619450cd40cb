"""The body of an article: plain text with a small set of marks, rendered to HTML here.

Writers never type HTML, and none of what they type reaches the page unescaped: every line
is escaped first, then only the marks below become tags this module writes itself.

    A blank line separates paragraphs; a single line break stays a line break.
    ## Heading            (### for a smaller one)
    - item / * item        a bulleted list;  1. item  a numbered list
    > quoted text          a quotation
    **bold**  *italic*  [text](https://address)   (http, https, mailto or a /path only)
    [[image:2]]            image number 2 of the article, on a line of its own
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from dannguyen.lib.vietnamese import normalize

IMAGE_REF = re.compile(r"^\[\[\s*(?:image|ảnh|anh)\s*:?\s*(\d{1,4})\s*\]\]$", re.IGNORECASE)
_HEADING = re.compile(r"^(#{1,3})\s+(.+)$")
_BULLET = re.compile(r"^\s*[-*•]\s+(.+)$")
_NUMBERED = re.compile(r"^\s*\d{1,3}[.)]\s+(.+)$")
_QUOTE = re.compile(r"^&gt;\s?(.*)$")
# Run on escaped text: the label and address cannot contain a raw bracket or quote.
_LINK = re.compile(r"\[([^\[\]\n]{1,300})\]\(([^()\s]{1,2000})\)")
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_ITALIC = re.compile(r"(?<![*\w])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![*\w])")
_SAFE_ADDRESS = re.compile(r"^(?:https?://[^\s/]+|mailto:[^\s]+@|/(?!/))", re.IGNORECASE)
_TOKEN = re.compile("\x00(\\d+)\x00")


@dataclass(frozen=True)
class Figure:
    """What the renderer needs of an image: its addresses and its words."""

    url: str
    small_url: str
    width: int
    height: int
    small_width: int
    alt: str
    caption: str


def referenced_images(text: str) -> set[int]:
    """The numbers of the images the body places with [[image:N]]."""
    found = set()
    for line in _lines(text):
        match = IMAGE_REF.match(line.strip())
        if match:
            found.add(int(match.group(1)))
    return found


def _lines(text: str) -> list[str]:
    clean = normalize(text or "").replace("\x00", "").replace("\r\n", "\n").replace("\r", "\n")
    return clean.split("\n")


def is_safe_address(address: str) -> bool:
    return bool(_SAFE_ADDRESS.match(address.strip()))


def _inline(text: str) -> str:
    """TEXT escaped, with bold, italic and safe links as tags."""
    escaped = escape(text.replace("\x00", ""))
    links: list[str] = []

    def link(match: re.Match[str]) -> str:
        label, address = match.group(1), html.unescape(match.group(2))
        if not is_safe_address(address):
            return match.group(0)
        external = address.lower().startswith(("http://", "https://"))
        rel = ' rel="nofollow noopener noreferrer"' if external else ""
        links.append(f'<a href="{escape(address)}"{rel}>{_emphasis(label)}</a>')
        return f"\x00{len(links) - 1}\x00"

    tokenised = _LINK.sub(link, escaped)
    emphasised = _emphasis(tokenised)
    return _TOKEN.sub(lambda m: links[int(m.group(1))], emphasised)


def _emphasis(escaped: str) -> str:
    bold = _BOLD.sub(r"<strong>\1</strong>", escaped)
    return _ITALIC.sub(r"<em>\1</em>", bold)


def _figure(figure: Figure) -> str:
    srcset = ""
    if figure.small_url != figure.url and figure.small_width < figure.width:
        srcset = (
            f' srcset="{escape(figure.small_url)} {figure.small_width}w, '
            f'{escape(figure.url)} {figure.width}w" sizes="(max-width: 800px) 100vw, 800px"'
        )
    caption = f"<figcaption>{escape(figure.caption)}</figcaption>" if figure.caption else ""
    return (
        f'<figure class="news-figure"><img src="{escape(figure.url)}"{srcset} '
        f'width="{figure.width}" height="{figure.height}" alt="{escape(figure.alt)}" '
        f'loading="lazy" decoding="async">{caption}</figure>'
    )


def render(text: str, *, images: Mapping[int, Figure] | None = None) -> SafeString:
    """TEXT as HTML blocks; [[image:N]] for an image not in IMAGES is left out."""
    images = images or {}
    out: list[str] = []
    paragraph: list[str] = []
    items: list[str] = []
    list_tag = ""
    quote: list[str] = []

    def flush() -> None:
        nonlocal list_tag
        if paragraph:
            out.append("<p>" + "<br>".join(_inline(p) for p in paragraph) + "</p>")
            paragraph.clear()
        if items:
            body = "".join(f"<li>{_inline(i)}</li>" for i in items)
            out.append(f"<{list_tag}>{body}</{list_tag}>")
            items.clear()
            list_tag = ""
        if quote:
            lines = "<br>".join(_inline(q) for q in quote)
            out.append(f"<blockquote><p>{lines}</p></blockquote>")
            quote.clear()

    for raw in _lines(text):
        line = raw.strip()
        if not line:
            flush()
            continue
        image = IMAGE_REF.match(line)
        heading = _HEADING.match(line)
        bullet = _BULLET.match(raw)
        numbered = _NUMBERED.match(raw)
        quoted = _QUOTE.match(escape(line))
        if image or heading:
            flush()
            if image:
                figure = images.get(int(image.group(1)))
                if figure is not None:
                    out.append(_figure(figure))
            elif heading:
                level = 3 if len(heading.group(1)) == 3 else 2
                out.append(f"<h{level}>{_inline(heading.group(2).strip())}</h{level}>")
        elif bullet or numbered:
            tag = "ul" if bullet else "ol"
            if paragraph or quote or (items and list_tag != tag):
                flush()
            list_tag = tag
            match = bullet or numbered
            assert match is not None
            items.append(match.group(1).strip())
        elif quoted:
            if paragraph or items:
                flush()
            quote.append(line[1:].strip())
        else:
            if items or quote:
                flush()
            paragraph.append(line)
    flush()
    return mark_safe("\n".join(out))
