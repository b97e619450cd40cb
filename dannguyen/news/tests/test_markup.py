"""The body markup: what writers type becomes a few tags this module writes; anything else,
HTML included, is shown as text."""

from __future__ import annotations

from dannguyen.news import markup

FIGURE = markup.Figure(
    url="/portal/tin-tuc/anh/7/large/",
    small_url="/portal/tin-tuc/anh/7/small/",
    width=1600,
    height=1067,
    small_width=480,
    alt='Cử tri "phát biểu" <b>',
    caption="Quang cảnh buổi tiếp xúc",
)


def test_paragraphs_line_breaks_headings_lists_and_quotes():
    text = (
        "Đoạn một,\ndòng hai.\n\n## Kiến nghị\n- Đường giao thông\n- Bảo hiểm y tế\n\n"
        "1. Thứ nhất\n2. Thứ hai\n\n> Cử tri nói"
    )

    assert str(markup.render(text)) == "\n".join(
        [
            "<p>Đoạn một,<br>dòng hai.</p>",
            "<h2>Kiến nghị</h2>",
            "<ul><li>Đường giao thông</li><li>Bảo hiểm y tế</li></ul>",
            "<ol><li>Thứ nhất</li><li>Thứ hai</li></ol>",
            "<blockquote><p>Cử tri nói</p></blockquote>",
        ]
    )


def test_bold_italic_and_safe_links():
    text = "**Kỳ họp** thứ *mười một*, xem [nghị quyết](https://hdnd.ninhbinh.gov.vn/nq?a=1&b=2)."

    assert str(markup.render(text)) == (
        "<p><strong>Kỳ họp</strong> thứ <em>mười một</em>, xem "
        '<a href="https://hdnd.ninhbinh.gov.vn/nq?a=1&amp;b=2" rel="nofollow noopener noreferrer">'
        "nghị quyết</a>.</p>"
    )


def test_html_and_scripts_are_shown_as_text():
    text = '<script>alert("x")</script>\n\n<img src=x onerror=alert(1)>'

    assert str(markup.render(text)) == (
        "<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</p>\n"
        "<p>&lt;img src=x onerror=alert(1)&gt;</p>"
    )


def test_links_to_other_schemes_stay_text():
    for address in ["javascript:alert(1)", "data:text/html,<b>", "//evil.example/x", "vbscript:x"]:
        html = str(markup.render(f"[bấm vào]({address})"))

        assert "<a" not in html


def test_a_link_cannot_break_out_of_its_attribute():
    html = str(markup.render('[x](https://a.vn/"onmouseover=alert(1))'))

    assert 'href="https://a.vn/&quot;onmouseover=alert(1"' in html or "<a" not in html
    assert '"onmouseover' not in html


def test_an_internal_link_has_no_rel():
    assert str(markup.render("[Lịch tiếp dân](/portal/lich/)")) == (
        '<p><a href="/portal/lich/">Lịch tiếp dân</a></p>'
    )


def test_image_marks_place_known_images_only():
    text = "Mở đầu.\n[[image:1]]\n[[ảnh: 2]]\nKết."

    html = str(markup.render(text, images={1: FIGURE}))

    assert html == "\n".join(
        [
            "<p>Mở đầu.</p>",
            '<figure class="news-figure"><img src="/portal/tin-tuc/anh/7/large/" '
            'srcset="/portal/tin-tuc/anh/7/small/ 480w, /portal/tin-tuc/anh/7/large/ 1600w" '
            'sizes="(max-width: 800px) 100vw, 800px" width="1600" height="1067" '
            'alt="Cử tri &quot;phát biểu&quot; &lt;b&gt;" loading="lazy" decoding="async">'
            "<figcaption>Quang cảnh buổi tiếp xúc</figcaption></figure>",
            "<p>Kết.</p>",
        ]
    )
    assert markup.referenced_images(text) == {1, 2}


def test_decomposed_vietnamese_is_rendered_composed():
    decomposed = "Kho\u0302ng cu\u031b\u0309"  # "Không cử" typed with combining marks

    assert str(markup.render(decomposed)) == "<p>Kh\u00f4ng c\u1eed</p>"
