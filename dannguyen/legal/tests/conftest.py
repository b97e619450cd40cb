from __future__ import annotations

from pathlib import Path

import pytest

from dannguyen.core import reference_data
from dannguyen.legal import importing
from dannguyen.legal import reference_data as legal_reference

LAW = """QUỐC HỘI
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Luật số: 02/2011/QH13

LUẬT
KHIẾU NẠI

Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam năm 1992;
Quốc hội ban hành Luật khiếu nại.

Chương I
NHỮNG QUY ĐỊNH CHUNG

Điều 1. Phạm vi điều chỉnh
Luật này quy định về khiếu nại và giải quyết khiếu nại đối với quyết định hành chính, hành vi hành chính của cơ quan hành chính nhà nước.

Điều 2. Giải thích từ ngữ
Trong Luật này, các từ ngữ dưới đây được hiểu như sau:
1. Khiếu nại là việc công dân, cơ quan, tổ chức hoặc cán bộ, công chức theo thủ tục do Luật này quy định, đề nghị cơ quan, tổ chức, cá nhân có thẩm quyền xem xét lại quyết định hành chính.
2. Người khiếu nại là công dân, cơ quan, tổ chức hoặc cán bộ, công chức thực hiện quyền khiếu nại.

Chương II
THỜI HIỆU

Điều 9. Thời hiệu khiếu nại
Thời hiệu khiếu nại là 90 ngày, kể từ ngày nhận được quyết định hành chính hoặc biết được quyết định hành chính, hành vi hành chính.

Điều 28. Thời hạn giải quyết khiếu nại lần đầu
Thời hạn giải quyết khiếu nại lần đầu không quá 30 ngày, kể từ ngày thụ lý; đối với vụ việc phức tạp thì thời hạn giải quyết có thể kéo dài hơn nhưng không quá 45 ngày, kể từ ngày thụ lý.

Điều 70. Hiệu lực thi hành
Luật này có hiệu lực thi hành từ ngày 01 tháng 7 năm 2012.

Luật này đã được Quốc hội nước Cộng hòa xã hội chủ nghĩa Việt Nam khóa XIII, kỳ họp thứ 2 thông qua ngày 11 tháng 11 năm 2011.

CHỦ TỊCH QUỐC HỘI
Nguyễn Sinh Hùng
"""

DECREE = """CHÍNH PHỦ
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Số: 124/2020/NĐ-CP
Hà Nội, ngày 19 tháng 10 năm 2020

NGHỊ ĐỊNH
Quy định chi tiết một số điều và biện pháp thi hành Luật Khiếu nại

Căn cứ Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015;
Căn cứ Luật Khiếu nại ngày 11 tháng 11 năm 2011;
Chính phủ ban hành Nghị định quy định chi tiết một số điều và biện pháp thi hành Luật Khiếu nại.

Điều 1. Phạm vi điều chỉnh
Nghị định này quy định chi tiết về khiếu nại đông người, tiếp nhận, phân loại đơn khiếu nại theo Luật khiếu nại số 02/2011/QH13.

Điều 2. Hiệu lực thi hành
Nghị định này có hiệu lực thi hành kể từ ngày 05 tháng 12 năm 2020.

TM. CHÍNH PHỦ
THỦ TƯỚNG
Nguyễn Xuân Phúc
"""


@pytest.fixture
def document_types(db):
    report = reference_data.LoadReport()
    legal_reference.load(report)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def law(document_types, tmp_path):
    return importing.import_file(write(tmp_path, "luat-khieu-nai.txt", LAW)).document


@pytest.fixture
def decree(law, tmp_path):
    return importing.import_file(write(tmp_path, "nd-124.txt", DECREE)).document
