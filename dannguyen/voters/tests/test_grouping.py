# ruff: noqa: E501 -- the opinions are prose, kept one per line
"""The grouping engine for voters' opinions (pure: no database).

The opinions are written for these tests, not taken from the bench's labelled set, so
the engine is checked on wordings it was not calibrated on.
"""

from __future__ import annotations

import random

from dannguyen.voters.grouping import (
    OpinionText,
    ProposedGroup,
    draft_title,
    propose,
    shared_words,
    similarity,
)

# Three requests about one road, each raised at several meetings in other words.
ROAD_UPGRADE = [
    "Cử tri xã Yên Thành kiến nghị đầu tư nâng cấp, mở rộng tuyến ĐT 480 vì mặt đường đã xuống cấp nghiêm trọng.",
    "Cử tri phường Bắc Sơn phản ánh: đường tỉnh 480 hư hỏng nặng, nhiều ổ gà; đề nghị sớm cải tạo, nâng cấp mặt đường.",
    "Đề nghị tỉnh bố trí vốn nâng cấp đường ĐT480 đoạn qua địa bàn, mặt đường xuống cấp gây mất an toàn giao thông.",
]
ROAD_LIGHTS = [
    "Cử tri xã Đông Lâm đề nghị lắp đặt hệ thống đèn chiếu sáng trên tuyến ĐT 480 đoạn qua khu dân cư.",
    "Cử tri xã Tây Lâm kiến nghị lắp đặt đèn chiếu sáng dọc tuyến ĐT 480, buổi tối rất tối, dễ xảy ra tai nạn.",
]
POLICE_PAY = [
    "Cử tri xã Hòa Bình kiến nghị tăng phụ cấp cho lực lượng công an xã bán chuyên trách, mức hiện nay quá thấp.",
    "Nâng mức phụ cấp hằng tháng cho công an xã bán chuyên trách để anh em yên tâm công tác.",
]
POLICE_STAFF = [
    "Cử tri phường An Lạc đề nghị bổ sung biên chế công an xã vì địa bàn rộng sau sáp nhập mà thiếu người.",
    "Đề nghị bổ sung thêm biên chế cho công an xã, hiện một cán bộ phải phụ trách nhiều thôn.",
]
UNRELATED = "Cử tri thôn Đoài đề nghị mở lớp dạy bơi miễn phí cho trẻ em trong dịp hè."


def _opinions(texts: list[str], start: int = 1) -> list[OpinionText]:
    return [OpinionText(id=start + k, text=t, commune=f"c{k}") for k, t in enumerate(texts)]


def _batch() -> list[OpinionText]:
    texts = ROAD_UPGRADE + ROAD_LIGHTS + POLICE_PAY + POLICE_STAFF + [UNRELATED]
    return _opinions(texts)


def _groups(result: list[ProposedGroup]) -> set[tuple[int, ...]]:
    return {g.opinion_ids for g in result}


def _together(result: list[ProposedGroup], a: int, b: int) -> bool:
    return any(a in g.opinion_ids and b in g.opinion_ids for g in result)


def test_paraphrases_grouped_and_hard_negatives_kept_apart():
    result = propose(_batch())
    # ids: 1-3 upgrade, 4-5 lights, 6-7 police pay, 8-9 police staff, 10 unrelated
    assert _groups(result) == {(1, 2, 3), (4, 5), (6, 7), (8, 9), (10,)}


def test_every_opinion_exactly_once_and_order():
    result = propose(_batch())
    ids = [i for g in result for i in g.opinion_ids]
    assert sorted(ids) == list(range(1, 11))
    assert len(ids) == len(set(ids))
    assert [len(g.opinion_ids) for g in result] == [3, 2, 2, 2, 1]
    # Equal sizes: smallest id first.
    assert [g.opinion_ids[0] for g in result] == [1, 4, 6, 8, 10]
    assert all(list(g.opinion_ids) == sorted(g.opinion_ids) for g in result)


def test_singleton_and_cohesion():
    result = propose(_batch())
    alone = next(g for g in result if g.opinion_ids == (10,))
    assert alone.cohesion == 1.0
    assert alone.pinned is False
    upgrade = next(g for g in result if g.opinion_ids == (1, 2, 3))
    assert 0.0 < upgrade.cohesion < 1.0


def test_empty_input_and_blank_texts():
    assert propose([]) == []
    blank = [OpinionText(1, ""), OpinionText(2, "   "), OpinionText(3, ROAD_UPGRADE[0])]
    assert _groups(propose(blank)) == {(1,), (2,), (3,)}


def test_duplicate_ids_counted_once():
    ops = [*_opinions(POLICE_PAY), OpinionText(1, POLICE_PAY[0])]
    result = propose(ops)
    assert _groups(result) == {(1, 2)}


def test_deterministic_whatever_the_input_order():
    ops = _batch()
    first = propose(ops)
    shuffled = list(ops)
    random.Random(3).shuffle(shuffled)
    assert propose(shuffled) == first
    assert propose(ops) == first


def test_same_request_about_another_road_is_another_group():
    texts = [
        "Cử tri xã Kim Tân đề nghị nâng cấp tuyến ĐT 480 đoạn qua xã đã xuống cấp.",
        "Cử tri xã Kim Đông đề nghị nâng cấp tuyến ĐT 481 đoạn qua xã đã xuống cấp.",
        "Cử tri xã Phú Lộc kiến nghị sớm nâng cấp đường tỉnh 480 vì xuống cấp nặng.",
    ]
    assert _groups(propose(_opinions(texts))) == {(1, 3), (2,)}


def test_without_diacritics_joins_its_paraphrase():
    texts = [
        "Cử tri xã Gia Hòa kiến nghị hỗ trợ kinh phí mua thẻ bảo hiểm y tế cho người thuộc hộ cận nghèo.",
        "Cu tri xa Gia Phu de nghi ho tro kinh phi mua the BHYT cho nguoi thuoc ho can ngheo.",
        UNRELATED,
    ]
    assert _groups(propose(_opinions(texts))) == {(1, 2), (3,)}


def test_together_kept_exactly_and_pinned():
    ops = _batch()
    # Staff put an upgrade opinion with a lighting one, and nothing else may join them.
    result = propose(ops, together=[{1, 4}])
    pinned = [g for g in result if g.pinned]
    assert [g.opinion_ids for g in pinned] == [(1, 4)]
    assert (2, 3) in _groups(result)
    assert (5,) in _groups(result)
    assert sorted(i for g in result for i in g.opinion_ids) == list(range(1, 11))


def test_together_ignores_missing_ids_and_joins_overlapping_sets():
    ops = _batch()
    result = propose(ops, together=[{6, 999}, {8, 10}, {10, 2}])
    pinned = sorted(g.opinion_ids for g in result if g.pinned)
    assert pinned == [(2, 8, 10), (6,)]
    assert (7,) in _groups(result)
    assert sorted(i for g in result for i in g.opinion_ids) == list(range(1, 11))


def test_apart_never_together_even_through_a_third_opinion():
    ops = _batch()
    result = propose(ops, apart=[(1, 3)])
    assert not _together(result, 1, 3)
    # 2 is like both: it goes with one of them, never bridging the two.
    assert _together(result, 1, 2) != _together(result, 2, 3)
    # Unknown ids and self-pairs in apart are ignored.
    assert _groups(propose(ops, apart=[(1, 999), (4, 4)])) == _groups(propose(ops))


def test_rerun_keeps_staff_merges_and_splits():
    ops = _batch()
    first = propose(ops)
    assert (6, 7) in _groups(first) and (8, 9) in _groups(first)
    # Staff merge the two police groups into one petition and split the upgrade group,
    # moving 3 out on its own; the round then gets new opinions and is grouped again.
    together = [{6, 7, 8, 9}, {1, 2}, {3}]
    apart = [(1, 3), (2, 3)]
    new = _opinions(
        [
            "Cử tri xã Ninh Thành đề nghị nâng cấp, cải tạo đường ĐT 480 đã xuống cấp.",
            "Cử tri xã Ninh Hòa đề nghị tăng phụ cấp cho công an xã bán chuyên trách.",
        ],
        start=11,
    )
    again = propose([*ops, *new], together=together, apart=apart)
    groups = _groups(again)
    assert (6, 7, 8, 9) in groups
    assert (1, 2) in groups
    assert (3,) in groups
    assert {g.opinion_ids for g in again if g.pinned} == {(6, 7, 8, 9), (1, 2), (3,)}
    # The new opinions cannot enter the fixed groups: they stay by themselves.
    assert (11,) in groups and (12,) in groups
    assert sorted(i for g in again for i in g.opinion_ids) == list(range(1, 13))


def test_threshold_moves_the_cut():
    ops = _batch()
    assert len(propose(ops, threshold=1.01)) == 10
    everything = propose(ops, threshold=0.0)
    assert len(everything) < 5


def test_titles_are_one_cleaned_sentence():
    result = propose(_batch())
    for group in result:
        assert group.title
        assert group.title.endswith(".")
        assert "Cử tri" not in group.title
        assert "\n" not in group.title
    upgrade = next(g for g in result if g.opinion_ids == (1, 2, 3))
    assert "480" in upgrade.title
    assert upgrade.title.startswith(("Đề nghị", "Phản ánh", "Đường"))


def test_draft_title():
    assert draft_title([]) == ""
    assert draft_title(["", "  "]) == ""
    assert draft_title([POLICE_PAY[0]]) == (
        "Đề nghị tăng phụ cấp cho lực lượng công an xã bán chuyên trách, mức hiện nay quá thấp."
    )
    title = draft_title(
        [
            "Cử tri xã Phú Lộc kiến nghị các cấp có thẩm quyền quan tâm nạo vét kênh Nam. "
            "Đề nghị các cấp có thẩm quyền quan tâm, xem xét giải quyết.",
            "Cu tri xa Phu Hoa de nghi nao vet kenh Nam",
        ]
    )
    assert title == "Đề nghị nạo vét kênh Nam."
    assert (
        draft_title(
            [
                "Kênh mương nội đồng là kênh đất, đề nghị hỗ trợ xi măng. Kính đề nghị các cấp, các ngành quan tâm."
            ]
        )
        == "Kênh mương nội đồng là kênh đất, đề nghị hỗ trợ xi măng."
    )
    long = draft_title(["Cử tri đề nghị " + "sửa đường " * 40])
    assert long.endswith("…")
    assert len(long.split()) <= 47


def test_similarity():
    same = similarity(POLICE_PAY[0], POLICE_PAY[1])
    other = similarity(POLICE_PAY[0], POLICE_STAFF[0])
    assert 0.0 <= other < same <= 1.0
    assert similarity(POLICE_PAY[0], POLICE_PAY[1]) == similarity(POLICE_PAY[1], POLICE_PAY[0])
    assert similarity(ROAD_UPGRADE[0], ROAD_UPGRADE[0]) == 1.0
    assert similarity("", ROAD_UPGRADE[0]) == 0.0
    # The boilerplate alone makes nothing similar.
    assert similarity("Cử tri xã A kiến nghị.", "Cử tri xã B kiến nghị các cấp quan tâm.") == 0.0


def test_grouping_a_few_hundred_is_quick():
    # Not a timing test (see bench/voters_grouping.py): it only checks that a realistic
    # round runs through blocking and clustering and covers every opinion.
    texts = ROAD_UPGRADE + ROAD_LIGHTS + POLICE_PAY + POLICE_STAFF
    ops = [
        OpinionText(id=k, text=texts[k % len(texts)].replace("480", str(400 + k % 37)))
        for k in range(300)
    ]
    result = propose(ops)
    assert sorted(i for g in result for i in g.opinion_ids) == list(range(300))
    assert max(len(g.opinion_ids) for g in result) < 60


def test_shared_words_explain_a_grouping():
    assert shared_words(POLICE_PAY[0], POLICE_PAY[1]) == ["phụ cấp", "công an xã bán chuyên trách"]
    # Written apart or glued, with or without diacritics: the road and its number.
    assert "477" in " ".join(shared_words("Đề nghị nâng cấp ĐT477.", "Nâng cấp đường tỉnh 477."))
    assert shared_words(UNRELATED, POLICE_PAY[0]) == []
    assert shared_words("", POLICE_PAY[0]) == []


def test_a_pasted_page_is_cut_not_refused():
    page = POLICE_PAY[0] + " " + "Nội dung biên bản dài. " * 2000
    result = propose([OpinionText(1, page), OpinionText(2, POLICE_PAY[1])])
    assert sorted(i for g in result for i in g.opinion_ids) == [1, 2]
    assert all(len(g.title.split()) <= 47 for g in result)
