"""Duplicate and same-person matching through the public interface (services.py)."""

from __future__ import annotations

import datetime
import io
import threading

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import translation
from django.utils.translation import gettext

from dannguyen.matching import index, services
from dannguyen.matching.models import Item, PersonDigest, Term, Totals
from dannguyen.matching.services import Match, Person
from dannguyen.tests.postgres import gin_pending_tuples

pytestmark = pytest.mark.django_db

NS = "petitions"

LAND_AN = (
    "Tôi tên là Nguyễn Văn An, trú tại thôn Đông Hạ, xã Yên Mô. Gia đình tôi có thửa đất số "
    "125, tờ bản đồ số 7 đã được cấp sổ đỏ năm 1998. Hộ ông Phạm Văn Dũng ở liền kề tự ý xây "
    "tường rào lấn sang đất nhà tôi khoảng 2 mét. UBND xã hòa giải không thành. Đề nghị giải "
    "quyết tranh chấp ranh giới đất, buộc ông Dũng trả lại phần đất lấn chiếm."
)
# The same matter, told again a year later by his son, without diacritics.
LAND_AN_REWORDED = (
    "Toi la Nguyen Van Binh, con trai ong Nguyen Van An, thon Dong Ha, xa Yen Mo. Ong Pham Van "
    "Dung xay tuong bao lan qua ranh gioi sang thua 125 to ban do 7 cua gia dinh toi chung 2 m. "
    "Xa da hoa giai nhung ong Dung khong chap hanh. De nghi doan dai bieu don doc xa giai quyet "
    "dut diem tranh chap ranh gioi dat."
)
# Another land dispute in the same commune: other people, other plot.
LAND_CUONG = (
    "Tôi là Lê Văn Cường, thôn Đông Hạ, xã Yên Mô. Ông Trần Quang Hải xây chuồng trại lấn sang "
    "thửa đất số 342, tờ bản đồ số 12 của gia đình tôi. Xã đã hòa giải nhưng không thành. Đề "
    "nghị giải quyết tranh chấp ranh giới đất."
)
ROAD = (
    "Cử tri thôn Bắc Sơn kiến nghị sửa chữa đường liên thôn bị xuống cấp, nhiều ổ gà, trời mưa "
    "ngập nước, học sinh đi lại nguy hiểm."
)
AN = Person(
    full_name="Nguyễn Văn An",
    id_number="037090001234",
    address="thôn Đông Hạ, xã Yên Mô, tỉnh Ninh Bình",
    phone="0912 345 678",
)


def index_three() -> None:
    services.index_item(
        namespace=NS, key=1, text=LAND_AN, people=[AN], on=datetime.date(2024, 3, 5)
    )
    services.index_item(namespace=NS, key=2, text=LAND_CUONG, on=datetime.date(2025, 1, 9))
    services.index_item(namespace=NS, key=3, text=ROAD, on=datetime.date(2025, 6, 1))


def totals() -> tuple[int, int]:
    row = Totals.objects.get(namespace=NS)
    return row.items, Item.objects.filter(namespace=NS).count()


def test_indexing_the_same_item_twice_changes_nothing() -> None:
    index_three()
    before = sorted(Term.objects.filter(namespace=NS).values_list("term", "df"))
    digests = sorted(PersonDigest.objects.values_list("kind", "digest"))
    services.index_item(
        namespace=NS, key=1, text=LAND_AN, people=[AN], on=datetime.date(2024, 3, 5)
    )
    assert totals() == (3, 3)
    assert sorted(Term.objects.filter(namespace=NS).values_list("term", "df")) == before
    assert sorted(PersonDigest.objects.values_list("kind", "digest")) == digests


def test_updating_an_item_replaces_its_terms_and_removing_forgets_it() -> None:
    index_three()
    services.index_item(namespace=NS, key=3, text="Đề nghị lắp đèn chiếu sáng ngõ xóm.")
    assert totals() == (3, 3)
    assert Term.objects.get(namespace=NS, term="o_ga").df == 0
    assert Term.objects.get(namespace=NS, term="den_chieu").df == 1
    assert services.find_similar(namespace=NS, text=ROAD) == []
    services.remove_item(namespace=NS, key=1)
    services.remove_item(namespace=NS, key=1)
    assert totals() == (2, 2)
    assert Term.objects.get(namespace=NS, term="thua_dat").df == 1  # LAND_CUONG's
    assert [m.key for m in services.find_similar(namespace=NS, text=LAND_AN)] == [2]


def test_a_reworded_letter_without_diacritics_finds_its_original() -> None:
    index_three()
    matches = services.find_similar(namespace=NS, text=LAND_AN_REWORDED)
    best = matches[0]
    assert best.key == 1
    assert best.likely_duplicate is True
    assert best.same_person is False
    assert best.score >= 0.5
    assert best.reasons[0].startswith("similar content: ‘")
    # Quoted as the query wrote them, without diacritics.
    assert "tranh chap ranh gioi dat" in best.reasons[0]
    assert "ong pham van dung" in best.reasons[0]
    assert best.reasons[-1] == "from 2024"


def test_another_dispute_in_the_same_commune_is_not_a_likely_duplicate() -> None:
    index_three()
    matches = {m.key: m for m in services.find_similar(namespace=NS, text=LAND_CUONG, exclude={2})}
    assert 1 in matches  # listed: same kind of matter in the same hamlet
    assert matches[1].likely_duplicate is False
    assert matches[1].score < 0.5
    assert 3 not in matches


def test_exclude_leaves_out_the_item_itself() -> None:
    index_three()
    assert [m.key for m in services.find_similar(namespace=NS, text=LAND_AN)][:1] == [1]
    assert 1 not in [m.key for m in services.find_similar(namespace=NS, text=LAND_AN, exclude=[1])]


def test_same_person_by_identity_number_whatever_the_content() -> None:
    index_three()
    matches = services.find_similar(
        namespace=NS,
        text="Đề nghị cấp lại thẻ bảo hiểm y tế bị mất.",
        people=[Person(id_number="0370 9000 1234")],
    )
    assert matches == [
        Match(
            key=1,
            score=matches[0].score,
            reasons=["same identity number", "from 2024"],
            same_person=True,
            likely_duplicate=False,
        )
    ]
    assert matches[0].score < 0.1


def test_same_person_by_name_and_address_written_differently() -> None:
    index_three()
    matches = services.find_similar(
        namespace=NS,
        text="Đề nghị cấp lại thẻ bảo hiểm y tế bị mất.",
        people=[Person(full_name="ông NGUYỄN VĂN AN", address="Thôn Đông Hạ - Xã Yên Mô")],
    )
    assert [(m.key, m.same_person, m.reasons) for m in matches] == [
        (1, True, ["same name and address", "from 2024"])
    ]


def test_a_name_alone_is_not_the_same_person() -> None:
    index_three()
    matches = services.find_similar(
        namespace=NS, text="Đề nghị cấp lại thẻ bảo hiểm y tế.", people=[Person("Nguyễn Văn An")]
    )
    assert matches == []


def test_the_same_person_on_the_same_matter_is_a_likely_duplicate() -> None:
    index_three()
    matches = services.find_similar(namespace=NS, text=LAND_AN_REWORDED, people=[AN])
    assert (matches[0].key, matches[0].same_person, matches[0].likely_duplicate) == (1, True, True)
    assert matches[0].reasons[:3] == [
        "same identity number",
        "same name and address",
        "same phone number",
    ]


def test_the_index_holds_no_identity_in_clear() -> None:
    index_three()
    with connection.cursor() as cursor:
        cursor.execute("SELECT kind, digest FROM matching_persondigest")
        rows = cursor.fetchall()
        cursor.execute("SELECT terms FROM matching_item")
        terms = " ".join(r[0] for r in cursor.fetchall())
    assert sorted(kind for kind, _d in rows) == ["id", "name", "name_address", "phone"]
    for _kind, digest in rows:
        assert len(digest) == 64
        assert set(digest) <= set("0123456789abcdef")
    stored = " ".join(d for _k, d in rows) + terms
    for clear in ("037090001234", "0912345678", "nguyen van an", "dong ha"):
        assert clear not in stored


def test_reasons_are_translated_where_they_are_made() -> None:
    index_three()
    with translation.override("vi"):
        matches = services.find_similar(
            namespace=NS, text="x", people=[Person(id_number="037090001234")]
        )
        assert matches[0].reasons[0] == gettext("same identity number")


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\t ",
        "\x00\x01",
        '"*:()^-NEAR AND OR NOT {x} [y]',
        "'; DROP TABLE matching_item; --",
        "🙂🙂 ₫ ½ ﷽",
        "a" * 200_000,
        "thửa " * 50_000,
        "UBND " * 3000 + "tranh chấp ranh giới đất 125",
    ],
)
def test_any_query_is_answered_without_error(text: str) -> None:
    index_three()
    matches = services.find_similar(namespace=NS, text=text, people=[Person(text[:50], text[:20])])
    assert all(0.0 <= m.score <= 1.0 for m in matches)
    assert services.suggest(namespace="petition-kind", text=text) == []
    assert services.find_similar(namespace=NS, text=text, limit=-5) == []
    assert services.find_similar(namespace="nothing-here", text=text) == []


def test_any_text_can_be_indexed() -> None:
    text = "x" * 5000 + " https://example.vn/" + "a1" * 300 + " Tranh chấp đất thửa 125 🙂 \x00"
    services.index_item(namespace=NS, key=9, text=text, people=[Person("\x00", "<>", "", "+")])
    assert max(len(t) for t in Item.objects.get(namespace=NS, key=9).terms.split()) <= 81
    assert [m.key for m in services.find_similar(namespace=NS, text="tranh chấp đất 125")] == [9]


def test_rebuild_recomputes_the_statistics() -> None:
    index_three()
    before = sorted(Term.objects.filter(namespace=NS, df__gt=0).values_list("term", "df"))
    Term.objects.filter(namespace=NS).update(df=99)
    call_command("matching_rebuild", "--namespace", NS, stdout=io.StringIO())
    assert sorted(Term.objects.filter(namespace=NS).values_list("term", "df")) == before
    matches = services.find_similar(namespace=NS, text=LAND_AN_REWORDED)
    assert [m.key for m in matches][:1] == [1]


def pending_postings() -> int:
    return gin_pending_tuples("matching_item_terms_gin")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="GIN indexes are PostgreSQL's")
def test_an_import_and_a_rebuild_leave_no_pending_postings_for_every_search_to_scan() -> None:
    services.index_item(namespace=NS, key=1, text=LAND_AN)  # one letter, as a form saves it
    assert pending_postings() > 0

    index.index_items(
        NS, [index.Entry(key=k, text=f"{LAND_AN} thửa số {k}") for k in range(2, 502)]
    )
    assert pending_postings() == 0

    services.index_item(namespace=NS, key=1, text=LAND_AN_REWORDED)
    assert pending_postings() > 0
    call_command("matching_rebuild", "--namespace", NS, stdout=io.StringIO())
    assert pending_postings() == 0
    assert Item.objects.filter(namespace=NS).count() == 501


@pytest.mark.django_db(transaction=True)
def test_a_flushed_database_has_an_empty_full_text_index() -> None:
    services.index_item(namespace=NS, key=1, text=LAND_AN)
    call_command("flush", "--no-input", verbosity=0)
    services.index_item(namespace=NS, key=2, text=ROAD)
    assert [m.key for m in services.find_similar(namespace=NS, text=LAND_AN)] == []
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM matching_item_fts WHERE matching_item_fts MATCH 'thua_dat'"
            )
            assert cursor.fetchone()[0] == 0


@pytest.mark.django_db(transaction=True)
def test_writers_at_once_neither_collide_nor_deadlock():
    """Two clerks saving the same petition, and others saving texts that share words in
    opposite orders: every write succeeds and the statistics add up."""
    name = str(connection.settings_dict["NAME"])
    if connection.vendor == "sqlite" and ("memory" in name or name == ""):
        pytest.skip("an in-memory SQLite database cannot be shared between threads")
    errors: list[BaseException] = []
    texts = [LAND_AN, LAND_CUONG, " ".join(reversed(LAND_AN.split())), LAND_AN_REWORDED]

    def write(n: int) -> None:
        try:
            # Keys 1 and 2 are each written by two threads at once.
            services.index_item(namespace=NS, key=1 + n % 2, text=texts[n % 4])
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(Item.objects.filter(namespace=NS).values_list("key", flat=True)) == [1, 2]
    assert Totals.objects.get(namespace=NS).items == 2
    stored = Item.objects.filter(namespace=NS).values_list("terms", flat=True)
    assert sum(Term.objects.filter(namespace=NS).values_list("df", flat=True)) == sum(
        len(set(t.split())) for t in stored
    )
