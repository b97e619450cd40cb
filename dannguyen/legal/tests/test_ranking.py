"""Article ranking (legal/ranking.py): analysis, candidates and re-ranking on hand-made articles."""

from __future__ import annotations

from dataclasses import replace

import pytest

from dannguyen.legal.ranking import (
    DEFAULT_PARAMS,
    ArticleTerms,
    CandidateArticle,
    CandidateTerm,
    CorpusStats,
    FieldTerms,
    MemoryIndex,
    analyze_article,
    analyze_query,
    candidate_terms,
    has_diacritics,
    idf,
    rerank,
)

# A tiny "law": three articles about tiếp công dân and one unrelated article.
ARTICLES = {
    1: (
        "Trách nhiệm tiếp công dân",
        "Chủ tịch Ủy ban nhân dân cấp xã có trách nhiệm tổ chức việc tiếp dân.",
    ),
    2: (
        "Nội quy nơi làm việc",
        "Người đến khiếu nại phải tuân thủ nội quy; việc tiếp công dân được ghi vào sổ.",
    ),
    3: ("Quyền của người khiếu nại", "Người khiếu nại có quyền nhờ luật sư giúp đỡ."),
    4: (
        "Thời hạn giải quyết khiếu nại",
        "Thời hạn giải quyết khiếu nại lần đầu không quá 30 ngày.",
    ),
}


def make_index(title: str = "Luật Tiếp công dân") -> MemoryIndex:
    index = MemoryIndex()
    for key, (heading, text) in ARTICLES.items():
        index.add(key, analyze_article(heading, text, title))
    return index


def keys(index: MemoryIndex, query: str) -> list[int]:
    return [s.key for s in index.search(query)]


# ------------------------------------------------------------------- analysis


def test_query_is_folded_into_syllables_and_pseudo_words() -> None:
    q = analyze_query("Tiếp công dân")
    assert q.unigrams == ("tiep", "cong", "dan")
    assert q.bigrams == ("tiep_cong", "cong_dan")
    assert q.has_diacritics


def test_accented_and_unaccented_queries_are_the_same_query() -> None:
    a, b = analyze_query("Tiếp công dân, Đồng Nai"), analyze_query("tiep cong dan, dong nai")
    assert (a.unigrams, a.bigrams) == (b.unigrams, b.bigrams)
    assert not b.has_diacritics


def test_no_pseudo_word_across_punctuation() -> None:
    q = analyze_query("hồ sơ, thủ tục")
    assert q.bigrams == ("ho_so", "thu_tuc")


@pytest.mark.parametrize(
    ("question", "unigrams"),
    [
        (
            "Hợp đồng lữ hành phải lập thành văn bản, đúng hay sai?",
            ("hop", "dong", "lu", "hanh", "phai", "lap", "thanh", "van", "ban"),
        ),
        (
            "hop dong lu hanh phai lap thanh van ban, dung hay sai?",
            ("hop", "dong", "lu", "hanh", "phai", "lap", "thanh", "van", "ban"),
        ),
        ("Chất hướng thần là gì?", ("chat", "huong", "than")),
        ("Đơn vị nào sau đây cấp giấy phép?", ("don", "vi", "cap", "giay", "phep")),
        (
            "Thời hạn tạm trú tối đa là bao nhiêu năm?",
            ("thoi", "han", "tam", "tru", "toi", "da", "la", "nam"),
        ),
    ],
)
def test_question_framing_is_stripped(question: str, unigrams: tuple[str, ...]) -> None:
    assert analyze_query(question).unigrams == unigrams


def test_framing_is_a_clause_break() -> None:
    # Without the break, "bản" and "tạm" would pair up into a pseudo-word "ban_tam".
    assert analyze_query("văn bản đúng hay sai tạm trú").bigrams == ("van_ban", "tam_tru")


def test_framing_strip_can_be_disabled() -> None:
    assert analyze_query("Chất hướng thần là gì?", strip_framing=False).unigrams == (
        "chat",
        "huong",
        "than",
        "la",
        "gi",
    )


def test_ambiguous_folded_syllable_is_kept() -> None:
    # "đâu" alone is framing only with its accents; folded "dau" is also đầu (hàng đầu).
    assert analyze_query("quoc sach hang dau").unigrams == ("quoc", "sach", "hang", "dau")


def test_has_diacritics() -> None:
    assert has_diacritics("Điều 5")
    assert has_diacritics("tiếp")
    assert not has_diacritics("Tiep cong dan 2023")


def test_article_terms_and_storage_round_trip() -> None:
    art = analyze_article("Tiếp công dân", "Tiếp dân định kỳ.", "Luật Tiếp công dân")
    assert dict(art.heading.tf) == {
        "tiep": 1,
        "cong": 1,
        "dan": 1,
        "tiep_cong": 1,
        "cong_dan": 1,
    }
    assert art.heading.length == 3
    assert art.body.stored() == "dan dan_dinh dinh dinh_ky ky tiep tiep_dan"
    again = ArticleTerms.from_stored(art.heading.stored(), art.body.stored(), art.title.stored())
    assert again == art
    assert FieldTerms.from_stored("") == FieldTerms.from_text("")
    assert art.index_terms() == set(art.heading.tf) | set(art.body.tf)


def test_stored_terms_answer_frequencies_without_counting_every_token() -> None:
    body = FieldTerms.from_text("Khiếu nại, khiếu nại lần hai; tố cáo. Khiếu nại lần đầu.")
    stored = FieldTerms.from_stored(body.stored())
    assert stored.tf == body.tf
    assert stored.tf.get("khieu") == 3
    assert stored.tf.get("khieu_nai") == 3
    assert stored.tf.get("lan") == 2
    # Before the first token, after the last, between two, and a prefix of one.
    assert [stored.tf.get(t) for t in ("a", "zzz", "khieu_n", "kh")] == [0, 0, 0, 0]
    assert "to_cao" in stored.tf
    assert "cao_khieu" not in stored.tf  # the full stop breaks the pair
    assert sorted(stored.tf) == sorted(body.tf)
    assert len(stored.tf) == len(body.tf) == 12
    assert stored.length == body.length == 12


# ------------------------------------------------------------------- ranking


def test_folded_query_matches_accented_article() -> None:
    assert keys(make_index(), "tiep cong dan")[0] == 1
    assert keys(make_index(), "THOI HAN GIAI QUYET KHIEU NAI")[0] == 4


def test_heading_match_outranks_body_only_match() -> None:
    # Article 1 has "tiếp công dân" in its heading, article 2 only in its body.
    ranked = keys(make_index(), "tiếp công dân")
    assert ranked[:2] == [1, 2]


def test_heading_coverage_boost() -> None:
    # Both articles 3 and 4 contain "khiếu nại"; the question restates heading 4.
    index = make_index()
    ranked = [s.key for s in index.search("Thời hạn giải quyết khiếu nại là bao lâu?")]
    assert ranked[0] == 4
    no_cov = replace(DEFAULT_PARAMS, heading_coverage=0.0)
    with_cov = {s.key: s.score for s in index.search("thời hạn giải quyết khiếu nại")}
    without = {s.key: s.score for s in index.search("thời hạn giải quyết khiếu nại", no_cov)}
    assert with_cov[4] == pytest.approx(2 * without[4])  # heading fully covered: × (1 + 1)
    assert with_cov[3] == pytest.approx(without[3] * (1 + 2 / 5))  # "khiếu nại" of 5 syllables


def test_bigram_phrase_bonus() -> None:
    # Same syllables, but only article 10 has them adjacent ("công dân" vs "dân ... công").
    index = MemoryIndex()
    index.add(10, analyze_article("", "Tiếp công dân tại trụ sở."))
    index.add(11, analyze_article("", "Người dân tiếp cận công trình tại trụ sở."))
    index.add(12, analyze_article("", "Quy định khác."))
    scores = {s.key: s.score for s in index.search("tiếp công dân")}
    assert scores[10] > scores[11] > 0
    unigram_only = analyze_query("tiếp công dân", bigrams=False)
    assert unigram_only.bigrams == ()


def test_document_title_field_helps_only_its_law() -> None:
    index = MemoryIndex()
    index.add(1, analyze_article("Đăng ký", "Công dân đăng ký tạm trú.", "Luật Cư trú"))
    index.add(2, analyze_article("Đăng ký", "Công dân đăng ký tạm trú.", "Luật Hộ tịch"))
    assert keys(index, "luật cư trú đăng ký tạm trú") == [1, 2]
    assert keys(index, "đăng ký tạm trú") == [1, 2]  # exact tie: the smaller key first


def test_rerank_is_deterministic_and_sorted() -> None:
    index = make_index()
    query = analyze_query("khiếu nại")
    cands = index.candidates(query)
    first = rerank(query, cands, index.stats)
    assert first == rerank(query, list(reversed(cands)), index.stats)
    assert [s.score for s in first] == sorted((s.score for s in first), reverse=True)


def test_rerank_needs_only_stats_and_stored_terms() -> None:
    """What a database-backed caller does: stored strings in, same ranking out."""
    index = make_index()
    query = analyze_query("tiếp công dân")
    stored = [
        CandidateArticle(
            c.key,
            ArticleTerms.from_stored(
                c.terms.heading.stored(), c.terms.body.stored(), c.terms.title.stored()
            ),
        )
        for c in index.candidates(query)
    ]
    assert rerank(query, stored, index.stats) == index.search("tiếp công dân")


def test_unknown_words_give_no_results() -> None:
    assert make_index().search("xyzzy plugh") == []


# ---------------------------------------------------------------- candidates


def test_candidate_terms_are_rarest_first_with_integer_weights() -> None:
    index = make_index()
    query = analyze_query("khiếu nại thời hạn lần đầu")
    branches = candidate_terms(query, index.stats)
    full = [b for b in branches if not b.in_heading]
    # By (df, term); "nai_thoi" and "han_lan" occur nowhere and are dropped.
    assert [b.term for b in full] == [
        "dau",
        "han",
        "lan",
        "lan_dau",
        "thoi",
        "thoi_han",
        "khieu",
        "khieu_nai",
        "nai",
    ]
    assert full[0] == CandidateTerm("dau", round(1000 * idf(4, 1)), in_heading=False)
    assert full[-1].weight == round(1000 * idf(4, 3))
    heading = [b.term for b in branches if b.in_heading]
    # "lần đầu" is in no heading.
    assert heading == ["han", "thoi", "thoi_han", "khieu", "khieu_nai", "nai"]


def test_candidate_budget_limits_postings_but_keeps_the_rarest_term() -> None:
    index = make_index()
    query = analyze_query("khiếu nại thời hạn lần đầu")
    tight = replace(DEFAULT_PARAMS, candidate_budget=1)
    branches = candidate_terms(query, index.stats, tight)
    assert [(b.term, b.in_heading) for b in branches] == [("dau", False), ("han", True)]
    few = replace(DEFAULT_PARAMS, candidate_terms=2)
    assert len(candidate_terms(query, index.stats, few)) == 4


def test_candidates_are_top_k_by_summed_weight() -> None:
    index = make_index()
    query = analyze_query("khiếu nại")
    found = index.candidates(query, replace(DEFAULT_PARAMS, k=2))
    # 3 and 4 match "khiếu nại" in heading and body; 2 only in its body.
    assert [c.key for c in found] == [3, 4]
    assert [c.key for c in index.candidates(query)] == [3, 4, 2]


def test_corpus_stats() -> None:
    index = make_index()
    stats = index.stats
    assert stats.n_articles == 4
    assert stats.avg_heading_len == pytest.approx((5 + 5 + 5 + 6) / 4)
    assert stats.df(["khieu_nai", "absent"]) == {"khieu_nai": 3}
    assert stats.heading_df(["khieu_nai"]) == {"khieu_nai": 2}
    with pytest.raises(ValueError, match="duplicate"):
        index.add(1, analyze_article("", ""))


def test_stats_from_a_database_are_plain_callables() -> None:
    stats = CorpusStats(
        n_articles=2,
        avg_heading_len=2.0,
        avg_body_len=1.0,
        df=lambda terms: {"ho_so": 1} if "ho_so" in terms else {},
        heading_df=lambda terms: {},
    )
    query = analyze_query("hồ sơ")
    art = analyze_article("Hồ sơ", "")
    [scored] = rerank(query, [CandidateArticle(7, art)], stats)
    assert scored.key == 7 and scored.score > 0
