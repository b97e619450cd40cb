# ruff: noqa: E501 -- the letters are prose, kept one per line
"""Duplicate detection (đơn trùng): quality on a labelled set, and lookup latency at scale.

    .venv/bin/python bench/petitions_duplicates.py                      # SQLite, temp files
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/matching_bench \\
        .venv/bin/python bench/petitions_duplicates.py
    … --sizes 10000 1000000   (default)   … --quality-only   … --write-data

Quality: bench/data/petitions_labelled.jsonl (written by --write-data from
the letters below, seeded; kept in the repository as the labelled set) holds
matters of fourteen kinds, each an original, reworded duplicates by the same writer and
by another, distractors (same kind of matter, same commune, other details) and letters by
the same writer about another matter. Originals, distractors and other-matter letters
are indexed; every duplicate is looked up (recall@1/@3 of its original, and whether the
original is flagged likely_duplicate), and every distractor and other-matter letter is
looked up without itself (a flag there is a false "likely duplicate"). The baseline is a
plain TF-IDF cosine over the raw words (lower-cased, accents kept, sklearn's defaults:
smooth idf, l2 norm) computed in the same run, flagged at cosine ≥ 0.5 and, to compare at
equal recall, at the threshold where it flags as many true originals as we do.

Latency: N generated petitions (the same fourteen kinds, random details and writers) are
bulk-indexed through matching.index.index_analyses, then 200 reworded duplicates of
indexed matters are looked up with services.find_similar; median and p90 lookup time,
recall@3 at that size, and the ratio to the smallest size.
"""

from __future__ import annotations

import argparse
import atexit
import datetime
import json
import math
import os
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from multiprocessing import Pool
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dannguyen.settings")
_TMP = tempfile.mkdtemp(prefix="matching-bench-")
atexit.register(shutil.rmtree, _TMP, ignore_errors=True)
if not os.environ.get("DATABASE_URL"):
    os.environ["DANNGUYEN_SQLITE_PATH"] = str(Path(_TMP) / "bench.sqlite3")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import translation  # noqa: E402

from dannguyen.matching import identity, index, services  # noqa: E402
from dannguyen.matching.text import analyze  # noqa: E402

DATA = ROOT / "bench" / "data" / "petitions_labelled.jsonl"
NS = "bench-petitions"


# ----------------------------------------------------------------------------- the letters
#
# Vietnamese petition texts for the duplicate-detection bench (bench/petitions_duplicates.py).
#
# Written for the project: fourteen kinds of matter an office of Ninh Bình receives, each
# told in four different ways (different sentence structure, vocabulary, order and length),
# filled with a matter's own details (people, hamlet, plot, amounts, officials). A reworded
# duplicate is the same matter told another way, by the same person or by a relative or
# neighbour; a distractor is the same kind of matter in the same commune with other
# details. Some texts lose their diacritics, as letters typed on a phone often do.

SURNAMES = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Vũ",
    "Đinh",
    "Bùi",
    "Đỗ",
    "Ngô",
    "Dương",
    "Lương",
    "Tạ",
    "Mai",
    "Đào",
    "Phan",
    "Trịnh",
    "Lã",
    "Cao",
    "Tống",
]
MIDDLE_M = ["Văn", "Đức", "Quang", "Minh", "Hữu", "Xuân", "Công", "Đình", "Ngọc", "Thế"]
MIDDLE_F = ["Thị", "Thu", "Ngọc", "Thanh", "Kim", "Hồng", "Thúy", "Minh"]
GIVEN_M = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Hải",
    "Hùng",
    "Khánh",
    "Long",
    "Mạnh",
    "Nam",
    "Phúc",
    "Quân",
    "Sơn",
    "Thắng",
    "Toàn",
    "Tuấn",
    "Việt",
    "Vinh",
    "Hiếu",
    "Tài",
]
GIVEN_F = [
    "Hoa",
    "Lan",
    "Mai",
    "Hằng",
    "Hương",
    "Liên",
    "Nga",
    "Oanh",
    "Phương",
    "Thảo",
    "Trang",
    "Yến",
    "Hiền",
    "Loan",
    "Nhung",
    "Xuân",
]
COMMUNES = [
    "Yên Mô",
    "Nho Quan",
    "Kim Sơn",
    "Gia Viễn",
    "Hoa Lư",
    "Yên Khánh",
    "Tam Điệp",
    "Hải Hậu",
    "Ý Yên",
    "Nghĩa Hưng",
    "Duy Tiên",
    "Thanh Liêm",
    "Bình Lục",
    "Lý Nhân",
    "Gia Phong",
    "Yên Thắng",
    "Khánh Nhạc",
    "Phát Diệm",
    "Quỳnh Lưu",
    "Trực Ninh",
]
HAMLETS = [
    "Đông Hạ",
    "Đoài",
    "Trung",
    "Bắc Sơn",
    "Nam Hải",
    "Thượng",
    "Hạ",
    "Tân Thành",
    "Phú Lộc",
    "Xuân Mai",
    "Đồng Tâm",
    "Cầu Đá",
    "Bến Vàng",
    "Lạc Hồng",
    "An Bình",
    "Tiền Phong",
    "Đại Đồng",
    "Hòa Bình",
    "Quyết Thắng",
    "Phúc Lâm",
]
COMPANIES = [
    "Công ty TNHH may mặc Thành Công",
    "Công ty cổ phần gạch ngói Tràng An",
    "Công ty TNHH giày da Phú Hưng",
    "Công ty cổ phần thực phẩm Hồng Hà",
    "Công ty TNHH cơ khí Minh Đức",
    "Công ty TNHH chế biến gỗ Bảo Long",
]
PROJECTS = [
    "dự án mở rộng quốc lộ 1A",
    "dự án khu công nghiệp Khánh Phú",
    "dự án đường nối hai cao tốc",
    "dự án khu dân cư phía Tây",
    "dự án kè sông Đáy",
    "dự án cụm công nghiệp Gia Vân",
    "dự án đường tỉnh 477",
]
ROADS = [
    "đường liên thôn",
    "đường trục xã",
    "đường vào trường tiểu học",
    "đường ra đồng",
    "đường đê sông Hoàng Long",
    "tuyến đường tỉnh 480",
]


def person_name(rng: random.Random, female: bool | None = None) -> str:
    female = rng.random() < 0.4 if female is None else female
    if female:
        return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE_F)} {rng.choice(GIVEN_F)}"
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE_M)} {rng.choice(GIVEN_M)}"


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return stripped.replace("đ", "d").replace("Đ", "D")


@dataclass
class Matter:
    """One matter: a kind and the details every telling of it shares."""

    kind: str
    slots: dict[str, str] = field(default_factory=dict)


# For the scale runs: a province's worth of places and people. A real province has some
# 130 communes of 10–30 hamlets each and far more given names than the labelled set uses;
# without that variety a million letters would hold hundreds of indistinguishable matters
# per hamlet.
_PLACE_1 = [
    "Yên",
    "Gia",
    "Kim",
    "Khánh",
    "Ninh",
    "Nho",
    "Hoa",
    "Trường",
    "Đồng",
    "Quang",
    "Phú",
    "Thanh",
    "Xuân",
    "Hải",
    "Nghĩa",
    "Trực",
    "Vĩnh",
    "Liên",
    "Tân",
    "An",
]
_PLACE_2 = [
    "Thắng",
    "Phong",
    "Sơn",
    "Hòa",
    "Lâm",
    "Mỹ",
    "Hưng",
    "Bình",
    "Thành",
    "Lợi",
    "Tiến",
    "Phúc",
    "Lạc",
    "Thịnh",
    "Trung",
    "Đông",
    "Tây",
    "Nam",
    "Bắc",
    "Hạ",
]
_GIVEN_MORE = [
    "Bảo",
    "Chiến",
    "Duy",
    "Đạt",
    "Giang",
    "Hào",
    "Hậu",
    "Huy",
    "Kiên",
    "Lâm",
    "Lộc",
    "Luân",
    "Nghĩa",
    "Nhân",
    "Phong",
    "Quyết",
    "Sang",
    "Tâm",
    "Thành",
    "Thịnh",
    "Trọng",
    "Trung",
    "Tú",
    "Tùng",
    "Văn",
    "Vượng",
    "Xuân",
    "Đông",
    "Khoa",
    "Lực",
]
_MIDDLE_MORE = ["Bá", "Duy", "Gia", "Huy", "Mạnh", "Như", "Tiến", "Trọng", "Văn Đức", "Viết"]


def scale_variety(rng: random.Random, matter: Matter) -> None:
    """Give a generated matter a province's variety of places and people."""
    matter.slots["commune"] = f"{rng.choice(_PLACE_1)} {rng.choice(_PLACE_2)}"
    matter.slots["hamlet"] = (
        f"{rng.choice(_PLACE_2)} {rng.choice(_PLACE_1)}"
        if rng.random() < 0.7
        else str(rng.randint(1, 25))
    )
    for slot in ("other", "official", "martyr"):
        matter.slots[slot] = (
            f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE_M + _MIDDLE_MORE)} "
            f"{rng.choice(GIVEN_M + _GIVEN_MORE)}"
        )


def new_matter(rng: random.Random, kind: str | None = None, commune: str | None = None) -> Matter:
    kind = kind or rng.choice(list(TELLINGS))
    s = {
        "commune": commune or rng.choice(COMMUNES),
        "hamlet": rng.choice(HAMLETS),
        "other": person_name(rng, female=False),
        "official": person_name(rng, female=False),
        "plot": str(rng.randint(12, 980)),
        "sheet": str(rng.randint(1, 45)),
        "area": str(rng.choice([120, 150, 180, 200, 240, 300, 360, 450, 520, 800, 1200])),
        "metres": str(rng.randint(2, 40) / 2).rstrip("0").rstrip(".").replace(".", ","),
        "year": str(rng.randint(1992, 2021)),
        "amount": str(rng.choice([15, 20, 35, 50, 80, 120, 150, 200, 300, 450])),
        "months": str(rng.randint(3, 26)),
        "company": rng.choice(COMPANIES),
        "project": rng.choice(PROJECTS),
        "road": rng.choice(ROADS),
        "pigs": str(rng.choice([300, 500, 800, 1200, 2000])),
        "martyr": person_name(rng, female=False),
        "judgment": f"{rng.randint(5, 150)}/{rng.randint(2015, 2024)}/DS-ST",
        "relation": rng.choice(["bố đẻ", "chú ruột", "ông nội", "anh trai", "bác ruột"]),
        "bill": str(rng.choice([1, 2, 3, 4, 5])),
        "position": rng.choice(
            [
                "cán bộ địa chính xã",
                "phó chủ tịch UBND xã",
                "trưởng thôn",
                "kế toán xã",
                "cán bộ tư pháp xã",
            ]
        ),
    }
    return Matter(kind, s)


# Each kind: four tellings. {me} is the writer's self-introduction, filled per letter.
TELLINGS: dict[str, list[str]] = {
    "boundary": [
        "{me} Gia đình tôi có thửa đất số {plot}, tờ bản đồ số {sheet} tại thôn {hamlet}, xã {commune}, đã được cấp giấy chứng nhận quyền sử dụng đất năm {year}. Năm nay hộ ông {other} ở liền kề đã tự ý xây tường rào lấn sang đất nhà tôi khoảng {metres} mét. Tôi đã báo với thôn và UBND xã nhưng hòa giải không thành. Đề nghị các cơ quan có thẩm quyền xem xét giải quyết tranh chấp, buộc ông {other} trả lại phần đất lấn chiếm.",
        "{me} Tôi xin trình bày sự việc như sau: ông {other} xây tường bao lấn qua ranh giới sang thửa {plot} tờ bản đồ {sheet} của gia đình tôi ở thôn {hamlet} chừng {metres} m. Xã đã tổ chức hòa giải hai lần nhưng ông {other} không chấp hành. Kính đề nghị Đoàn đại biểu xem xét, đôn đốc xã giải quyết dứt điểm tranh chấp ranh giới đất.",
        "{me} Việc tranh chấp ranh giới đất giữa gia đình tôi và hộ ông {other}, thôn {hamlet}, xã {commune} kéo dài chưa được giải quyết. Phần đất bị lấn khoảng {metres} mét chiều ngang, thuộc thửa số {plot} tờ bản đồ số {sheet}, sổ đỏ cấp từ năm {year}. Tôi mong cơ quan chức năng đo đạc lại mốc giới và xử lý việc xây tường lấn đất.",
        "{me} Hộ ông {other} lấn chiếm đất nhà tôi ({metres} m, thửa {plot}, tờ {sheet}, thôn {hamlet}). UBND xã {commune} hòa giải không thành mà không chuyển hồ sơ lên cấp trên. Đề nghị giải quyết.",
    ],
    "compensation": [
        "{me} Gia đình tôi bị thu hồi {area} m2 đất nông nghiệp tại thôn {hamlet}, xã {commune} để thực hiện {project}. Mức bồi thường, hỗ trợ theo phương án được duyệt quá thấp so với giá thị trường, gia đình không được hỗ trợ chuyển đổi nghề nghiệp. Tôi khiếu nại phương án bồi thường và đề nghị xem xét lại giá đất bồi thường.",
        "{me} Tôi không đồng ý với quyết định phê duyệt phương án bồi thường khi Nhà nước thu hồi {area} m2 đất ruộng của gia đình tôi ở thôn {hamlet} phục vụ {project}. Đơn giá đền bù không thỏa đáng, chưa tính hỗ trợ đào tạo chuyển đổi nghề. Đề nghị cấp có thẩm quyền xem xét lại.",
        "{me} Về việc thu hồi đất làm {project} tại xã {commune}: diện tích bị thu hồi của nhà tôi là {area} mét vuông nhưng tiền bồi thường rất thấp, không đủ mua lại đất sản xuất. Nhiều hộ trong thôn {hamlet} cũng có ý kiến như vậy. Kính mong các vị đại biểu quan tâm, xem xét nâng mức bồi thường và hỗ trợ cho dân.",
        "{me} Khiếu nại giá đền bù {area} m2 đất bị thu hồi ở thôn {hamlet} cho {project}. Giá quá thấp, không có hỗ trợ chuyển nghề.",
    ],
    "certificate": [
        "{me} Gia đình tôi đã nộp hồ sơ đề nghị cấp giấy chứng nhận quyền sử dụng đất cho thửa đất số {plot}, tờ bản đồ số {sheet} tại thôn {hamlet}, xã {commune} từ {months} tháng nay nhưng đến nay vẫn chưa được cấp, cán bộ địa chính hẹn nhiều lần. Đất gia đình sử dụng ổn định từ năm {year}, không tranh chấp. Đề nghị xem xét cấp sổ đỏ cho gia đình tôi.",
        "{me} Đã {months} tháng kể từ ngày nộp hồ sơ xin cấp sổ đỏ thửa {plot} tờ bản đồ {sheet} thôn {hamlet} mà tôi vẫn chưa nhận được kết quả, cũng không được giải thích lý do chậm. Tôi sử dụng đất liên tục từ năm {year}. Mong được giải quyết sớm.",
        "{me} Tôi phản ánh việc chậm cấp giấy chứng nhận quyền sử dụng đất tại UBND xã {commune}. Hồ sơ của gia đình tôi (thửa {plot}, tờ {sheet}) bị trả đi trả lại nhiều lần, mỗi lần yêu cầu bổ sung một giấy tờ khác, kéo dài {months} tháng. Đề nghị chấn chỉnh và cấp giấy cho gia đình.",
        "{me} Xin cấp GCNQSDĐ thửa {plot} tờ {sheet} thôn {hamlet} xã {commune}, nộp hồ sơ {months} tháng chưa có kết quả.",
    ],
    "encroach_public": [
        "{me} Tôi phản ánh việc ông {other} ở thôn {hamlet}, xã {commune} lấn chiếm khoảng {area} m2 đất công ích của thôn, cạnh {road}, để xây quán và chuồng trại. Nhân dân đã nhiều lần kiến nghị nhưng chính quyền xã chưa xử lý. Đề nghị kiểm tra, buộc trả lại đất công.",
        "{me} Phần đất công dọc {road} thuộc thôn {hamlet} bị hộ ông {other} rào lại sử dụng riêng, diện tích chừng {area} mét vuông, đã dựng nhà tạm bán hàng. Xã biết nhưng không lập biên bản. Kính đề nghị cơ quan có thẩm quyền vào cuộc xử lý vi phạm.",
        "{me} Đất 5% của thôn {hamlet} cạnh {road} bị ông {other} chiếm dụng làm quán, khoảng {area} m2. Đề nghị thu hồi lại cho thôn.",
        "{me} Chúng tôi là nhân dân thôn {hamlet}, xã {commune}, làm đơn này kiến nghị về việc lấn chiếm đất công. Từ năm {year} đến nay ông {other} đã lấn dần ra {road}, đến nay chiếm khoảng {area} m2, xây cả công trình kiên cố. Chúng tôi đề nghị các cấp kiểm tra thực địa và xử lý nghiêm.",
    ],
    "pig_farm": [
        "{me} Trang trại chăn nuôi lợn quy mô khoảng {pigs} con của ông {other} tại thôn {hamlet}, xã {commune} xả nước thải chưa qua xử lý ra mương chung, gây mùi hôi thối nồng nặc, ảnh hưởng sức khỏe của hàng trăm hộ dân. Đề nghị kiểm tra, xử lý ô nhiễm môi trường.",
        "{me} Người dân thôn {hamlet} phải sống chung với mùi hôi từ trại lợn {pigs} con của ông {other}. Nước thải chảy thẳng ra kênh tưới, ruồi muỗi nhiều, trẻ em hay ốm. Chúng tôi đã phản ánh với xã {commune} nhiều lần mà không có chuyển biến.",
        "{me} Kiến nghị xử lý trại lợn ông {other} (thôn {hamlet}, {pigs} con) gây ô nhiễm, xả thải ra mương.",
        "{me} Về tình trạng ô nhiễm môi trường do chăn nuôi: trại lợn của hộ ông {other} nằm sát khu dân cư thôn {hamlet}, không có hệ thống xử lý chất thải đạt chuẩn. Mùi hôi bốc lên cả ngày đêm, nước giếng của các hộ xung quanh bị nhiễm bẩn. Đề nghị cơ quan môi trường kiểm tra và buộc di dời trại ra xa khu dân cư.",
    ],
    "road": [
        "{me} {road_cap} qua thôn {hamlet}, xã {commune} đã xuống cấp nghiêm trọng, nhiều ổ gà, ổ voi, trời mưa ngập nước, học sinh đi lại rất nguy hiểm, đã có người bị ngã. Đề nghị các cấp quan tâm bố trí kinh phí sửa chữa, nâng cấp tuyến đường.",
        "{me} Cử tri thôn {hamlet} kiến nghị sớm sửa chữa {road} vì mặt đường hư hỏng, sụt lún nhiều đoạn, xe cộ đi lại khó khăn, nhất là vào mùa mưa. Tuyến đường được làm từ năm {year} đến nay chưa được nâng cấp.",
        "{me} Đề nghị làm lại {road} ở thôn {hamlet}, đường hỏng nặng, mưa là ngập.",
        "{me} Tôi phản ánh tình trạng {road} đoạn qua thôn {hamlet} bị các xe chở vật liệu quá tải cày nát, ổ gà chi chít, bụi mù mịt khi nắng, lầy lội khi mưa. Xã {commune} nói không có kinh phí. Kính mong tỉnh hỗ trợ vốn để nâng cấp đường cho nhân dân đi lại an toàn.",
    ],
    "martyr": [
        "{me} {relation_cap} tôi là liệt sĩ {martyr}, hy sinh năm 1972 tại mặt trận phía Nam. Gia đình đã làm hồ sơ đề nghị hưởng chế độ thờ cúng liệt sĩ và trợ cấp cho thân nhân từ năm {year} nhưng đến nay chưa được giải quyết. Đề nghị cơ quan có thẩm quyền xem xét, giải quyết chế độ chính sách người có công cho gia đình tôi.",
        "{me} Gia đình tôi là thân nhân liệt sĩ {martyr} ({relation} của tôi). Hồ sơ hưởng trợ cấp thờ cúng liệt sĩ nộp tại xã {commune} đã lâu mà chưa có kết quả, không ai trả lời. Tôi kính đề nghị Đoàn đại biểu đôn đốc Sở Nội vụ giải quyết.",
        "{me} Chế độ thờ cúng liệt sĩ {martyr} chưa được giải quyết dù đã nộp hồ sơ từ năm {year}. Đề nghị xem xét.",
        "{me} Tôi viết đơn này để hỏi về việc giải quyết chế độ cho thân nhân liệt sĩ. Liệt sĩ {martyr} là {relation} của tôi, đã có bằng Tổ quốc ghi công. Khi đổi người thờ cúng, gia đình nộp đủ giấy tờ tại UBND xã {commune} nhưng hồ sơ thất lạc, phải làm lại. Đến nay vẫn chưa được hưởng trợ cấp.",
    ],
    "insurance": [
        "{me} Tôi là công nhân của {company} từ năm {year}. Công ty trích tiền bảo hiểm xã hội hàng tháng từ lương của công nhân nhưng nợ đóng bảo hiểm {months} tháng, nay tôi nghỉ việc không chốt được sổ bảo hiểm, không hưởng được trợ cấp thất nghiệp. Đề nghị cơ quan chức năng buộc công ty đóng đủ bảo hiểm và chốt sổ cho người lao động.",
        "{me} {company} nợ tiền bảo hiểm xã hội của người lao động {months} tháng dù vẫn trừ vào lương hằng tháng. Hàng trăm công nhân như tôi không thể chốt sổ bảo hiểm để hưởng chế độ. Chúng tôi đề nghị cơ quan bảo hiểm xã hội và thanh tra lao động vào cuộc.",
        "{me} Công ty {company} trừ lương đóng BHXH nhưng không nộp, nợ {months} tháng, tôi không chốt được sổ. Đề nghị can thiệp.",
        "{me} Tôi làm việc tại {company} đã nhiều năm. Khi nghỉ việc tôi mới biết công ty chậm đóng bảo hiểm xã hội cho công nhân suốt {months} tháng qua, trong khi bảng lương vẫn ghi khấu trừ. Tôi bị mất quyền lợi bảo hiểm thất nghiệp và thai sản. Kính mong các cơ quan xem xét, bảo vệ quyền lợi người lao động.",
    ],
    "bribe": [
        "{me} Tôi làm đơn tố cáo ông {official}, {position} {commune}, đã nhận của gia đình tôi {amount} triệu đồng với lời hứa làm nhanh thủ tục cấp giấy chứng nhận quyền sử dụng đất cho thửa đất số {plot}. Đến nay giấy không được cấp mà ông {official} cũng không trả lại tiền. Đề nghị điều tra, xử lý nghiêm hành vi nhận hối lộ.",
        "{me} Ông {official} là {position} {commune} đòi gia đình tôi phải đưa {amount} triệu đồng mới làm hồ sơ sổ đỏ thửa {plot}. Gia đình đã đưa tiền nhưng hồ sơ vẫn nằm im. Tôi tố cáo hành vi nhũng nhiễu, lợi dụng chức vụ để vòi tiền của dân.",
        "{me} Tố cáo {position} {commune} {official} nhận {amount} triệu của dân để làm sổ đỏ thửa {plot} nhưng không làm.",
        '{me} Tôi xin phản ánh và tố cáo: để được cấp giấy chứng nhận cho thửa {plot}, gia đình tôi bị ông {official} ({position}) gợi ý phải "bồi dưỡng" {amount} triệu đồng. Gia đình tôi đã vay mượn để đưa, có người làm chứng. Nhưng sau gần một năm vẫn chưa có giấy. Đề nghị các cơ quan làm rõ, xử lý theo pháp luật.',
    ],
    "enforcement": [
        "{me} Bản án số {judgment} của Tòa án nhân dân đã có hiệu lực pháp luật, buộc ông {other} trả cho tôi {amount} triệu đồng. Tôi đã nộp đơn yêu cầu thi hành án từ năm {year} nhưng đến nay cơ quan thi hành án dân sự vẫn chưa tổ chức thi hành, ông {other} vẫn tẩu tán tài sản. Đề nghị đôn đốc thi hành án.",
        "{me} Tôi là người được thi hành án theo bản án {judgment}. Người phải thi hành án là ông {other}, ở thôn {hamlet}, có nhà đất nhưng chấp hành viên không kê biên, để đương sự chuyển nhượng cho người khác. Số tiền {amount} triệu đồng đến nay tôi chưa nhận được đồng nào.",
        "{me} Đề nghị thi hành bản án {judgment}, ông {other} phải trả tôi {amount} triệu, chậm thi hành nhiều năm.",
        "{me} Việc thi hành án dân sự đối với ông {other} theo bản án số {judgment} bị kéo dài. Tôi nhiều lần lên Chi cục thi hành án hỏi thì được trả lời là đang xác minh điều kiện thi hành. Trong khi đó ông {other} vẫn kinh doanh bình thường. Tôi kiến nghị có biện pháp cưỡng chế để tôi nhận lại {amount} triệu đồng.",
    ],
    "poor_list": [
        "{me} Gia đình tôi thuộc diện hộ nghèo nhiều năm, chồng tôi bị bệnh nặng không lao động được, nhưng năm nay thôn {hamlet} bình xét đưa gia đình tôi ra khỏi danh sách hộ nghèo, trong khi một số hộ khá giả lại được đưa vào. Đề nghị xã {commune} rà soát lại việc bình xét cho công bằng.",
        "{me} Việc bình xét hộ nghèo ở thôn {hamlet} năm nay không công khai, không đúng thực tế. Nhà tôi khó khăn, có người ốm đau lâu năm mà bị loại khỏi danh sách, mất thẻ bảo hiểm y tế. Kính đề nghị kiểm tra lại.",
        "{me} Nhà tôi nghèo, chồng ốm, bị loại khỏi danh sách hộ nghèo thôn {hamlet}, đề nghị xét lại.",
        "{me} Tôi phản ánh việc rà soát hộ nghèo, hộ cận nghèo tại xã {commune} có dấu hiệu thiên vị: trưởng thôn {hamlet} đưa người thân vào danh sách, còn gia đình tôi là hộ khó khăn thật sự thì bị gạch tên. Chúng tôi mất các chính sách hỗ trợ về y tế, học phí cho con. Mong cơ quan có thẩm quyền xem xét.",
    ],
    "wages": [
        "{me} {company} nợ lương công nhân {months} tháng, tổng cộng với tôi là {amount} triệu đồng. Giám đốc công ty hứa nhiều lần nhưng không trả, nay công ty đóng cửa, chủ bỏ đi. Đề nghị các cơ quan chức năng can thiệp để công nhân được nhận lương.",
        "{me} Chúng tôi là công nhân {company}, đã {months} tháng không được trả lương, cuộc sống vô cùng khó khăn. Riêng tôi bị nợ {amount} triệu đồng tiền lương. Công ty ngừng hoạt động mà không giải quyết quyền lợi cho người lao động.",
        "{me} Công ty {company} nợ lương {months} tháng rồi ngừng hoạt động, đề nghị giúp công nhân đòi lương.",
        "{me} Tôi kiến nghị về việc {company} chây ỳ trả lương: từ {months} tháng nay công nhân chỉ được tạm ứng một ít, số còn nợ của tôi khoảng {amount} triệu. Công đoàn công ty không bảo vệ người lao động. Đề nghị Sở Nội vụ, Liên đoàn lao động tỉnh vào cuộc giải quyết dứt điểm.",
    ],
    "building": [
        "{me} Hộ ông {other} ở thôn {hamlet}, xã {commune} đang xây dựng nhà ba tầng không có giấy phép, lấn ra lối đi chung của xóm và đổ vật liệu chắn rãnh thoát nước, làm nhà tôi bị ngập mỗi khi mưa. Đề nghị đình chỉ xây dựng, xử lý vi phạm trật tự xây dựng.",
        "{me} Ông {other} xây nhà không phép ngay cạnh nhà tôi ở thôn {hamlet}, lấp cả rãnh thoát nước chung, đổ móng lấn lối đi. Tôi báo xã {commune} thì cán bộ xuống xem rồi về, công trình vẫn xây tiếp. Đề nghị xử lý.",
        "{me} Phản ánh hộ {other} thôn {hamlet} xây nhà trái phép, lấn lối đi chung, lấp rãnh nước.",
        "{me} Về việc xây dựng sai phép tại thôn {hamlet}: công trình nhà ở của ông {other} đã vượt quá số tầng được cấp phép, phần ban công đua ra lối đi, nước mưa từ mái đổ sang nhà tôi gây thấm dột. Tôi kiến nghị UBND xã {commune} kiểm tra, buộc tháo dỡ phần vi phạm.",
    ],
    "electricity": [
        "{me} Hóa đơn tiền điện tháng vừa rồi của gia đình tôi ở thôn {hamlet}, xã {commune} tăng gấp {bill} lần so với các tháng trước dù gia đình sử dụng như bình thường. Tôi nghi ngờ công tơ bị lỗi hoặc ghi chỉ số sai. Đề nghị điện lực kiểm tra công tơ và tính lại tiền điện.",
        "{me} Tiền điện nhà tôi tháng này cao bất thường, gấp {bill} lần mọi tháng, trong khi nhà chỉ có hai người già. Nhân viên điện lực không giải thích thỏa đáng. Tôi đề nghị kiểm định công tơ, thôn {hamlet} nhiều hộ cũng bị như vậy.",
        "{me} Tiền điện tăng gấp {bill} lần, nghi công tơ hỏng, đề nghị kiểm tra (thôn {hamlet}).",
        "{me} Tôi phản ánh việc ghi chỉ số công tơ điện tại thôn {hamlet} không chính xác: có tháng không ghi mà ước tính, tháng sau dồn lại làm hóa đơn nhà tôi tăng gấp {bill} lần. Đề nghị ngành điện rà soát cách ghi chỉ số, hoàn lại tiền thu thừa.",
    ],
}

SELF_INTROS = [
    "Tôi tên là {name}, sinh năm {born}, trú tại thôn {hamlet}, xã {commune}, tỉnh Ninh Bình.",
    "Tôi là {name}, hiện ở thôn {hamlet}, xã {commune}.",
    "Kính gửi Đoàn đại biểu Quốc hội tỉnh Ninh Bình. Tôi là {name}, địa chỉ: thôn {hamlet}, xã {commune}.",
    "Họ và tên người làm đơn: {name}. Địa chỉ: thôn {hamlet} - xã {commune} - tỉnh Ninh Bình.",
    "",
]
CLOSINGS = [
    "",
    "",
    " Tôi xin chân thành cảm ơn.",
    " Tôi xin cam đoan những điều trình bày trên là đúng sự thật.",
    " Rất mong nhận được sự quan tâm của các cấp.",
]


@dataclass
class Writer:
    full_name: str
    id_number: str
    address: str
    phone: str


def new_writer(rng: random.Random, commune: str, hamlet: str) -> Writer:
    return Writer(
        full_name=person_name(rng),
        id_number=f"037{rng.randint(0, 1)}{rng.randint(60, 99)}{rng.randint(0, 999999):06d}",
        address=f"thôn {hamlet}, xã {commune}, tỉnh Ninh Bình",
        phone=f"09{rng.randint(10000000, 99999999)}",
    )


def _sentences(text: str) -> list[str]:
    parts = [p.strip() for p in re.split(r"(?<=[.!?])\s+", text.strip()) if p.strip()]
    return [p if p[-1] in ".!?" else p + "." for p in parts]


def tell(
    rng: random.Random,
    matter: Matter,
    telling: int,
    writer: Writer,
    *,
    accents: bool = True,
    shuffle: bool = False,
) -> str:
    s = dict(matter.slots)
    s["road_cap"] = s["road"][0].upper() + s["road"][1:]
    s["relation_cap"] = s["relation"][0].upper() + s["relation"][1:]
    intro = rng.choice(SELF_INTROS).format(
        name=writer.full_name,
        born=rng.randint(1945, 1995),
        hamlet=s["hamlet"],
        commune=s["commune"],
    )
    # A letter is told mostly in one of the four ways, with sentences borrowed from the
    # others: two letters share wording only as much as two writers would by chance.
    own = _sentences(TELLINGS[matter.kind][telling].format(me="", **s))
    others = [
        x
        for i, t in enumerate(TELLINGS[matter.kind])
        if i != telling
        for x in _sentences(t.format(me="", **s))
    ]
    keep = [x for x in own if rng.random() < 0.75] or own[:1]
    keep += rng.sample(others, min(len(others), rng.randint(0, 2)))
    if shuffle:
        rng.shuffle(keep)
    text = " ".join(x for x in [intro, *keep] if x) + rng.choice(CLOSINGS)
    return text if accents else strip_accents(text)


# ----------------------------------------------------------------------------- the set


def write_data(seed: int = 20260501) -> None:
    rng = random.Random(seed)
    rows: list[dict] = []
    kinds = list(TELLINGS)

    def row(
        group: int,
        role: str,
        matter: Matter,
        telling: int,
        w: Writer,
        on: datetime.date,
        *,
        accents: bool = True,
        shuffle: bool = False,
        give_id: bool = True,
    ) -> dict:
        return {
            "id": len(rows) + 1,
            "group": group,
            "role": role,
            "kind": matter.kind,
            "on": on.isoformat(),
            "person": {
                "full_name": w.full_name,
                "id_number": w.id_number if give_id else "",
                "address": w.address,
                "phone": w.phone if rng.random() < 0.5 else "",
            },
            "text": tell(rng, matter, telling, w, accents=accents, shuffle=shuffle),
        }

    group = 0
    for kind in kinds:
        for _ in range(5):
            group += 1
            matter = new_matter(rng, kind)
            hamlet, commune = matter.slots["hamlet"], matter.slots["commune"]
            writer = new_writer(rng, commune, hamlet)
            first = datetime.date(rng.randint(2017, 2023), rng.randint(1, 12), rng.randint(1, 28))
            tellings = rng.sample(range(4), 3)
            rows.append(row(group, "original", matter, tellings[0], writer, first))
            # The same writer again, told another way, months or years later.
            later = first + datetime.timedelta(days=rng.randint(30, 900))
            rows.append(
                row(
                    group,
                    "duplicate",
                    matter,
                    tellings[1],
                    writer,
                    later,
                    accents=rng.random() > 0.25,
                    shuffle=rng.random() < 0.3,
                    give_id=rng.random() < 0.6,
                )
            )
            # A relative or neighbour writes about the same matter.
            other = new_writer(rng, commune, hamlet)
            rows.append(
                row(
                    group,
                    "duplicate",
                    matter,
                    tellings[2],
                    other,
                    later + datetime.timedelta(days=rng.randint(1, 400)),
                    accents=rng.random() > 0.25,
                    shuffle=rng.random() < 0.3,
                )
            )
            # A different matter of the same kind in the same commune (often the same hamlet).
            twin = new_matter(rng, kind, commune)
            if rng.random() < 0.5:
                twin.slots["hamlet"] = hamlet
            rows.append(
                row(
                    -group,
                    "distractor",
                    twin,
                    rng.randrange(4),
                    new_writer(rng, commune, twin.slots["hamlet"]),
                    first + datetime.timedelta(days=rng.randint(-300, 300)),
                    accents=rng.random() > 0.2,
                )
            )
            # Every third matter: the same writer about something else.
            if group % 3 == 0:
                elsewhere = new_matter(rng, rng.choice([k for k in kinds if k != kind]), commune)
                elsewhere.slots["hamlet"] = hamlet
                rows.append(
                    row(
                        -1000 - group,
                        "same_writer_other_matter",
                        elsewhere,
                        rng.randrange(4),
                        writer,
                        first + datetime.timedelta(days=rng.randint(10, 700)),
                    )
                )
    DATA.parent.mkdir(parents=True, exist_ok=True)
    with DATA.open("w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"wrote {len(rows)} items to {DATA.relative_to(ROOT)}")


def load_data() -> list[dict]:
    return [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line]


def person(r: dict) -> identity.Person:
    return identity.Person(**r["person"])


# ----------------------------------------------------------------------------- baseline

_WORD = re.compile(r"(?u)\b\w\w+\b")


class TfIdf:
    """sklearn's TfidfVectorizer defaults, written out: raw words, smooth idf, l2 norm."""

    def __init__(self, docs: dict[int, str]) -> None:
        self.tfs = {k: Counter(_WORD.findall(t.lower())) for k, t in docs.items()}
        df: Counter[str] = Counter()
        for tf in self.tfs.values():
            df.update(tf.keys())
        n = len(docs)
        self.idf = {t: math.log((1 + n) / (1 + d)) + 1 for t, d in df.items()}
        self.n = n
        self.vectors = {k: self._vector(tf) for k, tf in self.tfs.items()}

    def _vector(self, tf: Counter[str]) -> dict[str, float]:
        v = {t: c * self.idf.get(t, math.log(1 + self.n) + 1) for t, c in tf.items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        return {t: x / norm for t, x in v.items()}

    def rank(self, text: str, exclude: set[int]) -> list[tuple[float, int]]:
        q = self._vector(Counter(_WORD.findall(text.lower())))
        scores = [
            (sum(w * v.get(t, 0.0) for t, w in q.items()), k)
            for k, v in self.vectors.items()
            if k not in exclude
        ]
        return sorted(scores, key=lambda s: (-s[0], s[1]))


# ----------------------------------------------------------------------------- quality


def quality() -> None:
    rows = load_data()
    indexed = [r for r in rows if r["role"] != "duplicate"]
    originals = {r["group"]: r["id"] for r in rows if r["role"] == "original"}
    reset_tables()
    index.index_items(
        NS,
        [
            index.Entry(r["id"], r["text"], [person(r)], datetime.date.fromisoformat(r["on"]))
            for r in indexed
        ],
    )
    baseline = TfIdf({r["id"]: r["text"] for r in indexed})
    dups = [r for r in rows if r["role"] == "duplicate"]
    fresh = [r for r in rows if r["role"] in {"distractor", "same_writer_other_matter"}]

    def ours(r: dict, with_people: bool, exclude: set[int]) -> list[services.Match]:
        return services.find_similar(
            namespace=NS,
            text=r["text"],
            people=[person(r)] if with_people else [],
            exclude=exclude,
            limit=10,
        )

    report = {}
    for name, with_people in (("ours (text + people)", True), ("ours (text only)", False)):
        hits1 = hits3 = flagged = wrong_flags = 0
        for r in dups:
            ms = ours(r, with_people, set())
            keys = [m.key for m in ms]
            target = originals[r["group"]]
            hits1 += keys[:1] == [target]
            hits3 += target in keys[:3]
            flagged += any(m.key == target and m.likely_duplicate for m in ms)
            wrong_flags += sum(m.likely_duplicate and m.key != target for m in ms)
        false_queries = 0
        same_person_found = same_person_total = 0
        for r in fresh:
            ms = ours(r, with_people, {r["id"]})
            false_queries += any(m.likely_duplicate for m in ms)
            if r["role"] == "same_writer_other_matter":
                same_person_total += 1
                original = originals[-r["group"] - 1000]
                same_person_found += any(m.key == original and m.same_person for m in ms)
        report[name] = {
            "recall@1": hits1 / len(dups),
            "recall@3": hits3 / len(dups),
            "flagged": flagged / len(dups),
            "false_rate": false_queries / len(fresh),
            "wrong_flags": wrong_flags / len(dups),
            "same_person": (same_person_found, same_person_total),
        }
    # Baseline.
    hits1 = hits3 = 0
    dup_scores = []
    for r in dups:
        ranked = baseline.rank(r["text"], set())
        keys = [k for _s, k in ranked]
        target = originals[r["group"]]
        hits1 += keys[:1] == [target]
        hits3 += target in keys[:3]
        dup_scores.append(next(s for s, k in ranked if k == target))
    fresh_best = [baseline.rank(r["text"], {r["id"]})[0][0] for r in fresh]

    def baseline_at(threshold: float) -> tuple[float, float]:
        return (
            sum(s >= threshold for s in dup_scores) / len(dups),
            sum(s >= threshold for s in fresh_best) / len(fresh),
        )

    ours_flagged = report["ours (text + people)"]["flagged"]
    equal = sorted(dup_scores, reverse=True)[max(0, round(ours_flagged * len(dups)) - 1)]
    b_flag, b_false = baseline_at(0.5)
    e_flag, e_false = baseline_at(equal)
    print(
        f"labelled set: {len(rows)} items, {len(originals)} matters, {len(dups)} reworded "
        f"duplicates, {len(fresh)} new matters (distractors and same writer/other matter)"
    )
    print(
        f"{'method':<34}{'recall@1':>9}{'recall@3':>9}{'flagged':>9}{'false rate':>11}"
        f"{'wrong flags/q':>14}"
    )
    for name, m in report.items():
        print(
            f"{name:<34}{m['recall@1']:>9.3f}{m['recall@3']:>9.3f}{m['flagged']:>9.3f}"
            f"{m['false_rate']:>11.3f}{m['wrong_flags']:>14.3f}"
        )
    print(
        f"{'TF-IDF cosine, flag ≥ 0.50':<34}{hits1 / len(dups):>9.3f}{hits3 / len(dups):>9.3f}"
        f"{b_flag:>9.3f}{b_false:>11.3f}"
    )
    print(
        f"{f'TF-IDF cosine, flag ≥ {equal:.2f} (eq.)':<34}{'':>9}{'':>9}{e_flag:>9.3f}"
        f"{e_false:>11.3f}"
    )
    sp = report["ours (text + people)"]["same_person"]
    print(
        f"same writer, other matter: found as same_person {sp[0]}/{sp[1]}, "
        "none flagged likely_duplicate"
        if report["ours (text + people)"]["false_rate"] == 0
        else f"same writer, other matter: found as same_person {sp[0]}/{sp[1]}"
    )
    # Calibration: the share of listed matches that are the true original, by score band.
    bands: dict[int, list[int]] = {}
    for r in dups:
        for m in ours(r, True, set()):
            bands.setdefault(min(int(m.score * 5), 4), []).append(m.key == originals[r["group"]])
    for r in fresh:
        for m in ours(r, True, {r["id"]}):
            bands.setdefault(min(int(m.score * 5), 4), []).append(False)
    print(
        "calibration (score band: matches listed, share that are the same matter): "
        + "; ".join(
            f"{b / 5:.1f}–{(b + 1) / 5:.1f}: {len(v)}, {sum(v) / len(v):.2f}"
            for b, v in sorted(bands.items())
        )
    )
    index.clear(NS)


# ----------------------------------------------------------------------------- scale


def _generate(args: tuple[int, int]) -> list[tuple[int, str, int, str, str, str]]:
    """Petitions start..stop: (key, stored terms, length, id number, name, address)."""
    start, stop = args
    out = []
    for key in range(start, stop):
        rng = random.Random(key)
        matter = new_matter(rng)
        scale_variety(rng, matter)
        writer = new_writer(rng, matter.slots["commune"], matter.slots["hamlet"])
        text = tell(rng, matter, rng.randrange(4), writer, accents=rng.random() > 0.15)
        a = analyze(text)
        out.append((key, a.stored(), a.length, writer.id_number, writer.full_name, writer.address))
    return out


def _query_for(key: int) -> tuple[str, Writer]:
    """Another telling of background petition KEY's matter, by someone else."""
    rng = random.Random(key)
    matter = new_matter(rng)
    scale_variety(rng, matter)
    new_writer(rng, matter.slots["commune"], matter.slots["hamlet"])
    first = rng.randrange(4)
    rng2 = random.Random(-key)
    other = new_writer(rng2, matter.slots["commune"], matter.slots["hamlet"])
    telling = (first + 1 + rng2.randrange(3)) % 4
    return tell(rng2, matter, telling, other, accents=rng2.random() > 0.25), other


def reset_tables() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "TRUNCATE matching_persondigest, matching_item, matching_term, "
                "matching_totals RESTART IDENTITY CASCADE"
            )
            # An interrupted scale run leaves the table without its index.
            cursor.execute(
                "CREATE INDEX IF NOT EXISTS matching_item_terms_gin "
                "ON matching_item USING gin (terms_tsv)"
            )
        else:
            for table in (
                "matching_persondigest",
                "matching_item",
                "matching_term",
                "matching_totals",
            ):
                cursor.execute(f"DELETE FROM {table}")
            cursor.execute(
                "INSERT INTO matching_item_fts (matching_item_fts) VALUES ('delete-all')"
            )


def load_scale(size: int) -> float:
    from dannguyen.matching.text import Analysis  # noqa: PLC0415 -- after setup

    reset_tables()
    started = time.perf_counter()
    postgres = connection.vendor == "postgresql"
    if postgres:
        # Bulk-load practice: build the GIN index once after the load, not row by row.
        with connection.cursor() as cursor:
            cursor.execute("DROP INDEX IF EXISTS matching_item_terms_gin")
    chunk = 5000
    with Pool(2) as pool:
        for rows in pool.imap(
            _generate, [(s, min(s + chunk, size)) for s in range(0, size, chunk)]
        ):
            index.index_analyses(
                NS,
                [
                    (
                        key,
                        Analysis.from_stored(terms),
                        identity.person_keys([identity.Person(name, idn, addr)]),
                        None,
                    )
                    for key, terms, _length, idn, name, addr in rows
                ],
            )
    # Another namespace in the same tables (as suggestion examples are), so lookups take
    # the namespace-filtered path of the candidate query.
    index.index_items(
        "bench-other", [index.Entry(i, f"Kiến nghị sửa đường liên thôn số {i}") for i in range(20)]
    )
    if postgres:
        with connection.cursor() as cursor:
            cursor.execute("SET maintenance_work_mem = '1GB'")
            cursor.execute(
                "CREATE INDEX matching_item_terms_gin ON matching_item USING gin (terms_tsv)"
            )
            cursor.execute("ANALYZE matching_item")
    return time.perf_counter() - started


def latency(size: int, queries: int) -> dict:
    rng = random.Random(7)
    keys = rng.sample(range(size), queries)
    times, hits = [], 0
    for key in keys:
        text, _writer = _query_for(key)
        t0 = time.perf_counter()
        ms = services.find_similar(namespace=NS, text=text, limit=10)
        times.append(time.perf_counter() - t0)
        hits += key in [m.key for m in ms[:3]]
    return {
        "median_ms": 1000 * statistics.median(times),
        "p90_ms": 1000 * statistics.quantiles(times, n=10)[-1],
        "recall@3": hits / queries,
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 1_000_000])
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--quality-only", action="store_true")
    parser.add_argument("--write-data", action="store_true")
    args = parser.parse_args()
    if args.write_data:
        write_data()
    call_command("migrate", verbosity=0)
    translation.deactivate_all()
    print(f"engine: {connection.vendor}")
    quality()
    if args.quality_only:
        return 0
    rows = []
    for size in args.sizes:
        seconds = load_scale(size)
        result = latency(size, args.queries)
        rows.append((size, seconds, result))
        print(
            f"  indexed {size:,} in {seconds:.0f} s; lookups median {result['median_ms']:.1f} ms",
            flush=True,
        )
    base = rows[0][2]["median_ms"] if rows else 1.0
    print(
        f"{'petitions':>10}{'index s':>9}{'per s':>8}{'median ms':>11}{'p90 ms':>8}"
        f"{'recall@3':>9}{'× smallest':>11}"
    )
    for size, seconds, r in rows:
        print(
            f"{size:>10,}{seconds:>9.0f}{size / seconds:>8.0f}{r['median_ms']:>11.1f}"
            f"{r['p90_ms']:>8.1f}{r['recall@3']:>9.3f}{r['median_ms'] / base:>11.2f}"
        )
    reset_tables()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
