"""Demo petitions for development and demonstrations: three years of letters to the office of
tỉnh Ninh Bình, written for the project (no real person, no real case).

Every kind and channel appears; letters come from today's communes and from addresses still
written the old way; some people write again about the same matter in other words (with
and without a person having linked them as duplicates); crowd letters carry many
signatures; denunciations are protected, one denouncer has waived protection, and some
letters are anonymous. Generated from hand-written templates with a fixed random seed, so
every developer gets the same world. Registered through the real workflow (codes, search
text, the matching index), then the confirmed classifications train the suggestions.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from dannguyen.accounts.models import User
from dannguyen.core.models import AdministrativeUnit, Agency, FieldOfWork

from . import engine, workflow
from .identity import PersonInput
from .models import (
    AnswerKind,
    Channel,
    Competence,
    Deadline,
    DeadlineStep,
    Eligibility,
    Evaluation,
    FilingReason,
    ForwardingSource,
    Kind,
    Petition,
    ProcedureStage,
)

DEMO_PREFIX = "demo:"
PROVINCE_CODE = "37"
SEED = 20260701

SURNAMES = [
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đinh", "Bùi", "Đỗ", "Ngô", "Dương",
    "Tạ", "Trịnh", "Đặng", "Hà", "Lưu", "Mai", "Phan", "Tống", "Lại",
]  # fmt: skip
MIDDLE_MALE = ["Văn", "Đức", "Minh", "Quang", "Hữu", "Ngọc", "Thanh", "Xuân", "Công"]
MIDDLE_FEMALE = ["Thị", "Thu", "Ngọc", "Thanh", "Kim", "Thị Thu", "Hồng"]
GIVEN_MALE = [
    "Hùng", "Dũng", "Cường", "Thắng", "Tuấn", "Long", "Sơn", "Hải", "Bình", "Toàn", "Khánh",
    "Quý", "Thành", "Nam", "Phúc", "Lợi", "Tiến", "Hiếu", "Chiến", "Đông",
]  # fmt: skip
GIVEN_FEMALE = [
    "Lan", "Hương", "Hoa", "Mai", "Hằng", "Nga", "Thảo", "Yến", "Dung", "Liên", "Huệ",
    "Nhung", "Oanh", "Hạnh", "Loan", "Thủy",
]  # fmt: skip
HAMLETS = [
    "Xóm 1", "Xóm 3", "Xóm 5", "Xóm Đông", "Xóm Trung", "Thôn 2", "Thôn 4", "Thôn Bắc",
    "Tổ dân phố 6", "Tổ dân phố 9",
]  # fmt: skip
# Addresses still written before the 2025 merger (real old communes of Ninh Bình, Hà Nam and
# Nam Định, which became today's tỉnh Ninh Bình).
OLD_ADDRESSES = [
    "xã Gia Sinh, huyện Gia Viễn, tỉnh Ninh Bình",
    "xã Ninh Hải, huyện Hoa Lư, tỉnh Ninh Bình",
    "xã Khánh Thành, huyện Yên Khánh, tỉnh Ninh Bình",
    "xã Kim Đông, huyện Kim Sơn, tỉnh Ninh Bình",
    "xã Yên Thắng, huyện Yên Mô, tỉnh Ninh Bình",
    "xã Thanh Hà, huyện Thanh Liêm, tỉnh Hà Nam",
    "phường Quang Trung, thành phố Phủ Lý, tỉnh Hà Nam",
    "xã Hải Anh, huyện Hải Hậu, tỉnh Nam Định",
    "xã Xuân Ninh, huyện Xuân Trường, tỉnh Nam Định",
    "phường Nam Thành, thành phố Ninh Bình, tỉnh Ninh Bình",
]
PROJECTS = [
    "Khu đô thị mới phía Nam",
    "đường nối cao tốc Cầu Giẽ – Ninh Bình",
    "Cụm công nghiệp Gia Phong",
    "mở rộng Quốc lộ 10",
    "Khu du lịch sinh thái Vân Long",
    "trạm biến áp 110 kV",
]
ROADS = ["ĐT 477", "ĐT 491", "ĐT 480", "Quốc lộ 21A", "đường trục xã"]
OFFICIAL_TITLES = [
    "cán bộ địa chính",
    "Chủ tịch Ủy ban nhân dân",
    "kế toán ngân sách",
    "Trưởng thôn",
    "cán bộ tư pháp – hộ tịch",
]


@dataclass(frozen=True)
class Template:
    kind: str
    field_code: str
    agency: str  # Agency.name; "{commune}" means the commune's People's Committee
    summary: str
    wordings: tuple[str, ...]  # the same matter written in other words (for duplicates)
    crowd: bool = False
    channels: tuple[str, ...] = (Channel.POST, Channel.IN_PERSON, Channel.FORWARDED)
    stage: str = ProcedureStage.NOT_RESOLVED


T = Template
# The agencies' written answers, by kind of letter (số ký hiệu after the number).
ANSWER_SYMBOLS = {
    "complaint": "QĐ-UBND",
    "denunciation": "TB-UBND",
    "petition": "UBND-TCD",
    "multiple": "UBND-TCD",
}
ANSWER_SUMMARIES = {
    "complaint": "Quyết định giải quyết khiếu nại: giữ nguyên phương án bồi thường đã phê duyệt, "
    "bổ sung hỗ trợ chuyển đổi nghề.",
    "denunciation": "Thông báo kết quả giải quyết tố cáo: tố cáo đúng một phần, đã kiểm điểm "
    "cán bộ có vi phạm.",
    "petition": "Văn bản trả lời: đã kiểm tra thực tế, giao UBND cấp xã giải quyết theo thẩm "
    "quyền trong quý tới.",
    "multiple": "Văn bản trả lời từng nội dung của đơn.",
}
ANSWER_SIGNERS = ["Phó Chủ tịch UBND", "Chủ tịch UBND", "Chánh Thanh tra", "Giám đốc Sở"]
RESENT = "Tôi gửi lại đơn này vì đã quá thời hạn mà chưa nhận được văn bản trả lời. "
TEMPLATES: list[Template] = [
    T(
        "complaint",
        "HC-DD-BT",
        "{commune}",
        "Khiếu nại mức bồi thường khi thu hồi đất nông nghiệp cho dự án {project}",
        (
            "Tôi là {name}, thường trú tại {address}. Gia đình tôi bị thu hồi {area} m² đất "
            "nông nghiệp để thực hiện dự án {project}. Theo Quyết định số {number}/QĐ-UBND, mức "
            "bồi thường chỉ {price} đồng/m², thấp hơn nhiều so với giá đất thực tế tại địa phương "
            "và không có hỗ trợ chuyển đổi nghề nghiệp. Tôi khiếu nại quyết định trên, đề nghị "
            "xem xét lại đơn giá bồi thường và bổ sung các khoản hỗ trợ theo quy định.",
            "Kính gửi Đoàn đại biểu Quốc hội tỉnh. Năm {year}, {commune} thu hồi của gia đình "
            "tôi {area} m² ruộng lúa để làm dự án {project}. Số tiền bồi thường được duyệt quá "
            "thấp ({price} đồng/m²), gia đình tôi không đồng ý nhưng chưa được giải quyết. Tôi "
            "làm đơn khiếu nại mức bồi thường này và đề nghị được hỗ trợ đào tạo nghề, tìm việc "
            "làm như các hộ khác.",
            "Tôi tiếp tục gửi đơn về việc bồi thường đất nông nghiệp bị thu hồi cho dự án "
            "{project}. Đơn giá {price} đồng một mét vuông là không thỏa đáng, trong khi hộ bên "
            "cạnh được tính cao hơn. Đề nghị các cơ quan có thẩm quyền xem xét, giải quyết dứt "
            "điểm khiếu nại của gia đình tôi.",
        ),
        stage=ProcedureStage.FIRST_RESOLVED,
    ),
    T(
        "complaint",
        "HC-DD-GCN",
        "{commune}",
        "Khiếu nại việc chậm cấp giấy chứng nhận quyền sử dụng đất",
        (
            "Gia đình tôi nộp hồ sơ đề nghị cấp giấy chứng nhận quyền sử dụng đất đối với thửa "
            "đất số {plot}, tờ bản đồ số {sheet} tại {commune} từ tháng {month} năm {year} nhưng "
            "đến nay đã quá thời hạn mà chưa được cấp, cũng không được trả lời bằng văn bản. Tôi "
            "khiếu nại hành vi chậm giải quyết thủ tục hành chính của cán bộ địa chính xã.",
            "Hồ sơ cấp sổ đỏ cho thửa {plot} tờ bản đồ {sheet} của gia đình tôi đã nộp hơn một "
            "năm, nhiều lần lên xã hỏi chỉ được hẹn. Đề nghị xem xét trách nhiệm của cán bộ thụ "
            "lý hồ sơ và sớm cấp giấy chứng nhận cho gia đình tôi.",
        ),
    ),
    T(
        "complaint",
        "HC-CS-NCC",
        "Sở Nội vụ tỉnh Ninh Bình",
        "Khiếu nại việc dừng chi trả trợ cấp ưu đãi người có công",
        (
            "Bố tôi là {name_elder}, thương binh, hưởng trợ cấp ưu đãi từ năm 1985. Từ tháng "
            "{month} năm {year}, gia đình không được chi trả trợ cấp mà không nhận được quyết "
            "định nào. Tôi khiếu nại việc dừng chi trả nêu trên và đề nghị khôi phục chế độ cho "
            "bố tôi.",
            "Đề nghị làm rõ lý do cắt trợ cấp thương binh của ông {name_elder}. Gia đình đã hỏi "
            "cán bộ lao động – thương binh và xã hội của xã nhưng không được giải thích; việc "
            "dừng chi trả là không đúng chính sách đối với người có công với cách mạng.",
        ),
    ),
    T(
        "complaint",
        "HC-CS-BHXH",
        "Bảo hiểm xã hội tỉnh Ninh Bình",
        "Khiếu nại việc từ chối giải quyết bảo hiểm xã hội một lần",
        (
            "Tôi làm công nhân tại Khu công nghiệp Gián Khẩu, đã nghỉ việc hơn một năm. Hồ sơ đề "
            "nghị hưởng bảo hiểm xã hội một lần của tôi bị từ chối với lý do chưa đủ điều kiện, "
            "trong khi tôi đã đóng bảo hiểm {years} năm. Tôi khiếu nại văn bản từ chối của cơ "
            "quan bảo hiểm xã hội.",
            "Cơ quan bảo hiểm xã hội không giải quyết chế độ bảo hiểm xã hội một lần cho tôi dù "
            "tôi đã nghỉ việc quá 12 tháng và không tiếp tục đóng. Đề nghị xem xét lại.",
        ),
        channels=(Channel.POST, Channel.ONLINE, Channel.IN_PERSON),
    ),
    T(
        "complaint",
        "HC-CC-TD",
        "Sở Nội vụ tỉnh Ninh Bình",
        "Khiếu nại quyết định kỷ luật viên chức",
        (
            "Tôi là giáo viên Trường Tiểu học {commune_short}. Ngày {day}/{month}/{year}, Hiệu "
            "trưởng ký quyết định kỷ luật khiển trách tôi vì lý do không hoàn thành nhiệm vụ, "
            "nhưng không tổ chức họp Hội đồng kỷ luật đúng quy định. Tôi khiếu nại quyết định kỷ "
            "luật này.",
        ),
        stage=ProcedureStage.FIRST_RESOLVED,
    ),
    T(
        "denunciation",
        "TN-DD",
        "Thanh tra tỉnh Ninh Bình",
        "Tố cáo cán bộ địa chính nhận tiền để làm hồ sơ đất đai",
        (
            "Tôi tố cáo ông {official}, {official_title} {commune}, đã nhận tiền của nhiều hộ "
            "dân (mỗi hộ từ 5 đến 15 triệu đồng) để làm hồ sơ cấp giấy chứng nhận quyền sử dụng "
            "đất, hợp thức hóa đất lấn chiếm. Tôi có danh sách các hộ đã nộp tiền và sẵn sàng "
            "cung cấp khi được yêu cầu. Đề nghị giữ bí mật danh tính của tôi.",
            "Ông {official} ({official_title} {commune}) nhận tiền của dân để làm sổ đỏ sai quy "
            "định, hợp thức hóa đất lấn chiếm. Nhiều hộ phải nộp tiền ngoài mới được làm hồ sơ. "
            "Tôi tố cáo hành vi nhũng nhiễu, nhận hối lộ trên và đề nghị cơ quan chức năng xác "
            "minh, xử lý nghiêm.",
        ),
        channels=(Channel.POST, Channel.IN_PERSON, Channel.FORWARDED),
    ),
    T(
        "denunciation",
        "TN-TC",
        "Thanh tra tỉnh Ninh Bình",
        "Tố cáo sai phạm trong quản lý kinh phí xây dựng đường giao thông nông thôn",
        (
            "Tôi tố cáo ông {official}, {official_title} {commune}, đã lập khống khối lượng công "
            "trình đường giao thông thôn {hamlet} năm {year}: đường thực tế chỉ dày 14 cm nhưng "
            "nghiệm thu 20 cm, chênh lệch khoảng {amount} triệu đồng. Đề nghị thanh tra, kiểm tra "
            "việc quản lý, sử dụng kinh phí của công trình.",
            "Công trình bê tông hóa đường thôn {hamlet}, {commune} bị rút ruột: mặt đường mỏng, "
            "mới làm đã nứt vỡ, trong khi hồ sơ quyết toán ghi đủ khối lượng. Tôi tố cáo lãnh đạo "
            "xã và đơn vị thi công cấu kết tham ô tiền ngân sách.",
        ),
    ),
    T(
        "denunciation",
        "HC-DD-VP",
        "{commune}",
        "Tố cáo hành vi lấn chiếm đất công, xây dựng trái phép",
        (
            "Tôi tố cáo hộ ông {official} tại {hamlet}, {commune} đã tự ý san lấp, lấn chiếm "
            "khoảng {area} m² đất hành lang kênh thủy lợi và xây dựng nhà xưởng trái phép. Chính "
            "quyền xã biết nhưng không xử lý. Đề nghị kiểm tra, buộc khôi phục hiện trạng.",
        ),
    ),
    T(
        "petition",
        "HC-KHAC-MT",
        "Sở Nông nghiệp và Môi trường tỉnh Ninh Bình",
        "Phản ánh trang trại chăn nuôi lợn gây ô nhiễm môi trường",
        (
            "Chúng tôi là các hộ dân {hamlet}, {commune}. Từ năm {year}, trang trại chăn nuôi "
            "lợn quy mô lớn cạnh khu dân cư xả nước thải chưa qua xử lý ra kênh tưới tiêu, mùi "
            "hôi thối nồng nặc, nhiều gia đình có trẻ nhỏ bị bệnh đường hô hấp. Chúng tôi kiến "
            "nghị các cơ quan chức năng kiểm tra, xử lý và buộc trang trại di dời ra xa khu dân "
            "cư.",
            "Kiến nghị của nhân dân {hamlet} về tình trạng ô nhiễm do trại lợn xả thải: nước kênh "
            "đen đặc, cá chết, không khí hôi thối cả ngày đêm. Người dân đã nhiều lần phản ánh "
            "với xã nhưng chưa được giải quyết. Đề nghị tỉnh vào cuộc kiểm tra.",
        ),
        crowd=True,
        channels=(Channel.POST, Channel.IN_PERSON, Channel.VOTER_MEETING, Channel.ONLINE),
    ),
    T(
        "petition",
        "HC-KHAC-GT",
        "Sở Xây dựng tỉnh Ninh Bình",
        "Kiến nghị sửa chữa tuyến đường xuống cấp",
        (
            "Tuyến đường {road} đoạn qua {commune} xuống cấp nghiêm trọng, nhiều ổ gà sâu, mùa "
            "mưa ngập nước, đã xảy ra nhiều vụ tai nạn giao thông. Cử tri kiến nghị sớm bố trí "
            "kinh phí sửa chữa, nâng cấp tuyến đường.",
            "Đề nghị sửa chữa đường {road} qua địa bàn {commune}: mặt đường hư hỏng, xe tải chở "
            "vật liệu chạy nhiều, học sinh đi lại rất nguy hiểm.",
        ),
        channels=(Channel.VOTER_MEETING, Channel.POST, Channel.ONLINE),
    ),
    T(
        "petition",
        "HC-KHAC-NN",
        "Sở Nông nghiệp và Môi trường tỉnh Ninh Bình",
        "Kiến nghị nạo vét kênh tiêu úng",
        (
            "Kênh tiêu úng chính chảy qua {hamlet}, {commune} bị bồi lắng, bèo rác ùn ứ nhiều "
            "năm không được nạo vét, mỗi khi mưa lớn hàng chục héc-ta lúa bị ngập úng. Bà con "
            "nông dân kiến nghị bố trí kinh phí nạo vét, kiên cố hóa kênh.",
        ),
        crowd=True,
        channels=(Channel.VOTER_MEETING, Channel.POST),
    ),
    T(
        "petition",
        "HC-KHAC-YT",
        "Sở Y tế tỉnh Ninh Bình",
        "Phản ánh trạm y tế thiếu thuốc bảo hiểm y tế",
        (
            "Trạm y tế {commune} thường xuyên thiếu thuốc điều trị tăng huyết áp, tiểu đường "
            "cấp theo bảo hiểm y tế; người bệnh phải tự mua ngoài. Đề nghị ngành y tế bảo đảm "
            "cung ứng thuốc cho tuyến xã.",
        ),
        channels=(Channel.VOTER_MEETING, Channel.ONLINE, Channel.POST),
    ),
    T(
        "petition",
        "HC-KHAC-GD",
        "Sở Giáo dục và Đào tạo tỉnh Ninh Bình",
        "Phản ánh việc thu các khoản ngoài quy định tại trường học",
        (
            "Đầu năm học, Trường Trung học cơ sở {commune_short} thu của mỗi học sinh nhiều "
            "khoản ngoài quy định như tiền xây dựng, tiền máy chiếu, tiền vệ sinh, tổng cộng hơn "
            "{amount}00 nghìn đồng. Phụ huynh phản ánh và đề nghị kiểm tra việc lạm thu.",
        ),
        channels=(Channel.ONLINE, Channel.POST, Channel.VOTER_MEETING),
    ),
    T(
        "petition",
        "HC-CC-TTHC",
        "{commune}",
        "Phản ánh việc giải quyết thủ tục hành chính chậm, gây phiền hà",
        (
            "Tôi làm thủ tục chứng thực và đăng ký hộ tịch tại bộ phận một cửa của {commune}, "
            "bị yêu cầu bổ sung giấy tờ nhiều lần, quá hẹn mà không có thông báo. Đề nghị chấn "
            "chỉnh thái độ, trách nhiệm của cán bộ tiếp nhận hồ sơ.",
        ),
        channels=(Channel.ONLINE, Channel.POST),
    ),
    T(
        "petition",
        "KHAC-PL",
        "Quốc hội",
        "Kiến nghị sửa đổi quy định về bồi thường khi thu hồi đất",
        (
            "Cử tri đề nghị Quốc hội nghiên cứu sửa đổi Luật Đất đai theo hướng giá đất bồi "
            "thường sát với giá thị trường và có cơ chế chia sẻ lợi ích cho người có đất bị thu "
            "hồi, tránh khiếu kiện kéo dài.",
        ),
        channels=(Channel.VOTER_MEETING,),
    ),
    T(
        "petition",
        "TP-THADS",
        "Thi hành án dân sự tỉnh Ninh Bình",
        "Kiến nghị đẩy nhanh thi hành bản án dân sự",
        (
            "Bản án dân sự phúc thẩm số {number}/{year}/DS-PT đã có hiệu lực pháp luật, buộc "
            "ông {official} trả cho tôi {amount} triệu đồng, nhưng đã hơn hai năm cơ quan thi "
            "hành án chưa tổ chức thi hành. Tôi kiến nghị đẩy nhanh việc thi hành án.",
        ),
        stage=ProcedureStage.FINAL,
    ),
    T(
        "petition",
        "TP-TA",
        "Tòa án nhân dân tỉnh Ninh Bình",
        "Đề nghị xem xét lại bản án theo thủ tục giám đốc thẩm",
        (
            "Tôi không đồng ý với Bản án số {number}/{year}/DS-ST về tranh chấp quyền sử dụng "
            "đất giữa gia đình tôi và ông {official}; tòa án đã không xem xét chứng cứ là biên "
            "bản đo đạc năm 1998. Tôi đề nghị xem xét lại bản án theo thủ tục giám đốc thẩm.",
        ),
        stage=ProcedureStage.FINAL,
    ),
    T(
        "multiple",
        "HC-DD",
        "Ủy ban nhân dân tỉnh Ninh Bình",
        "Đơn vừa khiếu nại về bồi thường vừa tố cáo cán bộ xã",
        (
            "Tôi khiếu nại việc {commune} không bồi thường phần tài sản trên đất khi thu hồi đất "
            "làm dự án {project}, đồng thời tố cáo ông {official}, {official_title}, đã ký xác "
            "nhận sai nguồn gốc đất để người nhà được bồi thường. Đề nghị giải quyết cả hai nội "
            "dung.",
        ),
    ),
]


@dataclass
class Person:
    full_name: str
    id_number: str
    phone: str
    address: str

    def as_input(self) -> PersonInput:
        return PersonInput(
            full_name=self.full_name,
            id_number=self.id_number,
            phone=self.phone,
            address=self.address,
        )


def _name(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE_MALE)} {rng.choice(GIVEN_MALE)}"
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE_FEMALE)} {rng.choice(GIVEN_FEMALE)}"


def _id_number(rng: random.Random) -> str:
    # Birth province codes of old Ninh Bình (037), Hà Nam (035) and Nam Định (036).
    province = rng.choice(["037", "035", "036"])
    born = rng.randint(1950, 2000)
    sex_century = rng.choice(["0", "1"])
    return f"{province}{sex_century}{born % 100:02d}{rng.randint(0, 999_999):06d}"


def _phone(rng: random.Random) -> str:
    return (
        rng.choice(["091", "098", "086", "035", "039", "070", "083"])
        + f"{rng.randint(0, 9_999_999):07d}"
    )


@dataclass
class World:
    rng: random.Random
    communes: list[AdministrativeUnit]
    users: dict[str, User]
    agencies: dict[str, Agency]
    fields: dict[str, FieldOfWork]
    today: datetime.date


def _person(world: World) -> Person:
    rng = world.rng
    if rng.random() < 0.3:
        address = f"{rng.choice(HAMLETS)}, {rng.choice(OLD_ADDRESSES)}"
    else:
        commune = rng.choice(world.communes)
        address = (
            f"{rng.choice(HAMLETS)}, {commune.name.lower()[:1]}{commune.name[1:]}, tỉnh Ninh Bình"
        )
    return Person(_name(rng), _id_number(rng), _phone(rng) if rng.random() < 0.8 else "", address)


def _slots(world: World, commune: AdministrativeUnit, person: Person) -> dict[str, Any]:
    rng = world.rng
    return {
        "name": person.full_name,
        "address": person.address,
        "commune": commune.name[:1].lower() + commune.name[1:],
        "commune_short": commune.name.split(" ", 1)[-1],
        "project": rng.choice(PROJECTS),
        "road": rng.choice(ROADS),
        "hamlet": rng.choice(HAMLETS).lower(),
        "official": _name(rng),
        "official_title": rng.choice(OFFICIAL_TITLES),
        "name_elder": f"{rng.choice(SURNAMES)} Văn {rng.choice(GIVEN_MALE)}",
        "area": rng.choice([180, 240, 320, 360, 450, 720, 1_080]),
        "price": rng.choice(["65.000", "72.000", "90.000", "105.000"]),
        "number": rng.randint(12, 980),
        "plot": rng.randint(10, 480),
        "sheet": rng.randint(1, 42),
        "year": rng.choice([2019, 2020, 2021, 2022, 2023]),
        "month": rng.randint(1, 12),
        "day": rng.randint(1, 28),
        "years": rng.randint(3, 12),
        "amount": rng.randint(3, 95),
    }


def _agency(world: World, template: Template, commune: AdministrativeUnit) -> Agency | None:
    if template.agency == "{commune}":
        # The commune's People's Committee when the directory has it, else the province's.
        return world.agencies.get(f"Ủy ban nhân dân {commune.name.lower()}") or world.agencies.get(
            "Ủy ban nhân dân tỉnh Ninh Bình"
        )
    return world.agencies.get(template.agency)


def _received_on(world: World, year: int) -> datetime.date:
    last = min(datetime.date(year, 12, 31), world.today)
    first = datetime.date(year, 1, 2)
    return first + datetime.timedelta(days=world.rng.randint(0, max(0, (last - first).days)))


@dataclass
class Letter:
    template: Template
    wording: int
    person: Person | None
    commune: AdministrativeUnit
    slots: dict[str, Any]
    received_on: datetime.date
    signers: list[Person] = field(default_factory=list)
    signer_count: int = 1
    anonymous: bool = False
    original: Letter | None = None  # the letter this one repeats
    resent: bool = False  # the same text sent again


def _letters(world: World) -> list[Letter]:
    rng = world.rng
    letters: list[Letter] = []
    years = [world.today.year - 2, world.today.year - 1, world.today.year]
    for year in years:
        for _n in range(96):
            template = rng.choice(TEMPLATES)
            commune = rng.choice(world.communes)
            person = _person(world)
            letter = Letter(
                template=template,
                wording=rng.randrange(len(template.wordings)),
                person=person,
                commune=commune,
                slots=_slots(world, commune, person),
                received_on=_received_on(world, year),
            )
            if template.crowd and rng.random() < 0.7:
                letter.signers = [_person(world) for _i in range(rng.randint(2, 4))]
                letter.signer_count = rng.randint(12, 180)
            elif template.kind == "denunciation" and rng.random() < 0.12:
                letter.person, letter.anonymous = None, True
            letters.append(letter)
    # People write again about the same matter, in other words, months later.
    for index in rng.sample(range(len(letters) - 40), 38):
        first = letters[index]
        if first.anonymous:
            continue
        again = Letter(
            template=first.template,
            wording=(first.wording + 1) % len(first.template.wordings),
            resent=len(first.template.wordings) < 2,
            person=first.person,
            commune=first.commune,
            slots=first.slots,
            received_on=min(
                world.today, first.received_on + datetime.timedelta(days=rng.randint(40, 300))
            ),
            signers=first.signers,
            signer_count=first.signer_count,
            original=first,
        )
        letters.append(again)
    letters.sort(key=lambda letter: letter.received_on)
    return letters


def _values(world: World, letter: Letter) -> dict[str, Any]:
    rng = world.rng
    template = letter.template
    channel = rng.choice(template.channels)
    values: dict[str, Any] = {
        "received_on": letter.received_on,
        "channel": channel,
        "summary": template.summary.format(**letter.slots),
        "content": (RESENT if letter.resent else "")
        + template.wordings[letter.wording].format(**letter.slots),
        "signer_count": letter.signer_count,
        "is_anonymous": letter.anonymous,
        "place": letter.commune,
        "receiving_subject": rng.choice(
            [
                "office",
                "office",
                "na_delegation",
                "na_delegation",
                "council_standing",
                "council_deputy",
            ]
        ),
    }
    if values["receiving_subject"] == "council_deputy":
        values["receiving_deputy"] = world.users.get("daibieu")
    if channel == Channel.FORWARDED:
        source = rng.choice(list(ForwardingSource.values))
        values["forwarding_source"] = source
        if source == ForwardingSource.AGENCY:
            values["forwarded_by_agency"] = world.agencies.get("Ban Tiếp công dân tỉnh Ninh Bình")
        elif source == ForwardingSource.PRESS:
            values["forwarded_by_name"] = "Báo Ninh Bình"
        else:
            values["forwarded_by_name"] = f"Đại biểu {_name(rng)}"
        values["forwarding_reference"] = f"Phiếu chuyển số {rng.randint(10, 300)}/PC"
    if template.kind in ("complaint", "denunciation") or rng.random() < 0.4:
        values["kind"] = template.kind
    if rng.random() < 0.04:
        values["urgency"] = "urgent"
    return values


def _people(letter: Letter) -> list[PersonInput]:
    if letter.anonymous or letter.person is None:
        return []
    return [letter.person.as_input(), *(s.as_input() for s in letter.signers)]


def _progress(
    world: World, petition: Petition, letter: Letter, registered: dict[int, Petition]
) -> None:
    """Older letters are assigned, classified and linked, as the office would have done."""
    rng = world.rng
    age = (world.today - petition.received_on).days
    # Recent letters wait for the managers; some older ones are still being handled.
    if (age < 60 and rng.random() < 0.5) or (age < 10):
        return
    head = world.users.get("truongphong") or world.users.get("photruongphong")
    handler = (
        world.users.get("giamsat")
        if letter.template.kind == "denunciation"
        else world.users.get("tiepdan")
    )
    if head is None or handler is None:
        return
    now = timezone.make_aware(datetime.datetime.combine(petition.received_on, datetime.time(9, 30)))
    workflow.assign(petition, to=handler, by=head, now=now + datetime.timedelta(days=1))
    # A few letters of the last year wait unclassified; older ones have all been classified.
    if (age < 120 and rng.random() < 0.5) or (age < 365 and rng.random() < 0.08):
        return
    template = letter.template
    eligibility = Eligibility.ELIGIBLE
    reasons: list[str] = []
    if letter.anonymous:
        eligibility, reasons = Eligibility.INELIGIBLE, ["anonymous", "no_name_or_address"]
    elif letter.original is not None:
        eligibility, reasons = Eligibility.INELIGIBLE, ["duplicate"]
    agency = _agency(world, template, letter.commune)
    workflow.classify(
        petition,
        kind=template.kind,
        main_field=world.fields[template.field_code],
        eligibility=eligibility,
        ineligibility_reasons=reasons,
        competence=Competence.OUTSIDE if agency else Competence.UNDETERMINED,
        competent_agency=agency,
        procedure_stage=template.stage,
        by=handler,
        now=now + datetime.timedelta(days=rng.randint(2, 6)),
    )
    original = registered.get(id(letter.original)) if letter.original else None
    if original is not None and original.pk != petition.pk and rng.random() < 0.7:
        workflow.link_duplicate(
            petition, original=original, by=handler, now=now + datetime.timedelta(days=7)
        )
    _process(world, petition, letter, handler=handler, head=head, after=now.date())


def _aware(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _process(
    world: World,
    petition: Petition,
    letter: Letter,
    *,
    handler: User,
    head: User,
    after: datetime.date,
) -> None:
    """What the office did next, each step on its own day and never after today: file the
    ineligible letters, guide when no agency is competent, forward the others; agencies
    answer (or not, and are urged), the answers are evaluated, the citizen told, closed."""
    # Its own generator, so that the letters drawn before stay those of earlier versions.
    rng = random.Random(f"{SEED}:{petition.import_key}")
    petition.refresh_from_db()
    day = after + datetime.timedelta(days=rng.randint(7, 12))
    if day > world.today:
        return
    if petition.eligibility == Eligibility.INELIGIBLE:
        reason = FilingReason.DUPLICATE if letter.original else FilingReason.NOT_FORWARDED
        workflow.file(
            petition,
            reason=reason,
            note="Đơn không đủ điều kiện xử lý, lưu theo dõi.",
            by=handler,
            on=day,
            now=_aware(day),
        )
        return
    recent = day > world.today - datetime.timedelta(days=60)
    if recent and rng.random() < 0.4:
        return  # still being studied
    if petition.competent_agency is None or (
        petition.kind == Kind.PETITION and rng.random() < 0.15
    ):
        workflow.guide(
            petition,
            note="Đã hướng dẫn công dân gửi đơn đến cơ quan có thẩm quyền giải quyết.",
            by=handler,
            on=day,
            now=_aware(day),
        )
        return
    if day > world.today - datetime.timedelta(days=120) and rng.random() < 0.2:
        workflow.request_supplement(
            petition,
            note="Đề nghị công dân bổ sung bản sao quyết định đã giải quyết lần đầu.",
            by=handler,
            on=day,
            now=_aware(day),
        )
        return
    (forwarding,) = workflow.forward(
        petition, agencies=[petition.competent_agency], by=handler, on=day, now=_aware(day)
    )
    due = (
        Deadline.objects.filter(forwarding=forwarding, step=DeadlineStep.AGENCY_ANSWER)
        .values_list("due_on", flat=True)
        .first()
    )
    if petition.channel == Channel.IN_PERSON:
        # Whoever came in person is told in writing where the letter was sent.
        told = day + datetime.timedelta(days=rng.randint(1, 4))
        if told <= world.today:
            workflow.inform_citizen(
                petition,
                note="Đã thông báo cho công dân việc chuyển đơn đến cơ quan có thẩm quyền.",
                by=handler,
                on=told,
                now=_aware(told, 14),
            )
    answered = day + datetime.timedelta(days=rng.randint(20, 75))
    # In the last year one agency in four lets the deadline pass, and the office urges it a
    # week later; older forwardings were all answered in the end, some of them late.
    if (day > world.today - datetime.timedelta(days=365) and rng.random() < 0.25) or (
        answered > world.today
    ):
        urged = due + datetime.timedelta(days=7) if due else None
        if urged is not None and urged <= world.today:
            workflow.urge(
                petition,
                forwarding=forwarding,
                note="Đôn đốc lần 1.",
                by=handler,
                on=urged,
                now=_aware(urged),
            )
        return
    answer = workflow.record_answer(
        petition,
        forwarding=forwarding,
        kind=AnswerKind.RESULT,
        number=f"{rng.randint(20, 950)}/{ANSWER_SYMBOLS[letter.template.kind]}",
        issued_on=answered - datetime.timedelta(days=rng.randint(1, 4)),
        received_on=answered,
        signer=rng.choice(ANSWER_SIGNERS),
        summary=ANSWER_SUMMARIES[letter.template.kind],
        by=handler,
        now=_aware(answered),
    )
    evaluated = answered + datetime.timedelta(days=rng.randint(1, 5))
    if evaluated > world.today:
        return
    workflow.evaluate(
        petition,
        answer=answer,
        result=rng.choices(list(Evaluation.values), weights=[2, 5, 2])[0],
        by=handler,
        now=_aware(evaluated),
    )
    informed = evaluated + datetime.timedelta(days=rng.randint(1, 5))
    if informed > world.today:
        return
    workflow.inform_citizen(
        petition,
        note="Đã gửi văn bản thông báo kết quả giải quyết cho công dân.",
        by=handler,
        on=informed,
        now=_aware(informed, 10),
    )
    if informed + datetime.timedelta(days=3) <= world.today and rng.random() < 0.8:
        workflow.close(
            petition,
            note="Cơ quan có thẩm quyền đã giải quyết.",
            by=head,
            now=_aware(informed + datetime.timedelta(days=3)),
        )


@transaction.atomic
def seed(*, today: datetime.date | None = None) -> int:
    """Register the demo letters once; returns how many were created (0 when present)."""
    if Petition.objects.filter(import_key__startswith=DEMO_PREFIX).exists():
        return 0
    communes = list(
        AdministrativeUnit.objects.filter(
            parent__code=PROVINCE_CODE, valid_to__isnull=True
        ).order_by("code")
    )
    if not communes:
        return 0
    world = World(
        rng=random.Random(SEED),
        communes=communes,
        users={u.username: u for u in User.objects.filter(is_active=True)},
        agencies={a.name: a for a in Agency.objects.all()},
        fields={f.code: f for f in FieldOfWork.objects.all()},
        today=today or timezone.localdate(),
    )
    letters = _letters(world)
    registrar = world.users.get("tiepdan")
    registered: dict[int, Petition] = {}
    created: list[Petition] = []
    for number, letter in enumerate(letters):
        at = datetime.datetime.combine(letter.received_on, datetime.time(8, 15))
        petition = workflow.register(
            values=_values(world, letter),
            people=_people(letter),
            by=registrar,
            import_key=f"{DEMO_PREFIX}{number}",
            now=timezone.make_aware(at),
        )
        registered[id(letter)] = petition
        created.append(petition)
        _progress(world, petition, letter, registered)
    _protected_cases(world, created, letters)
    engine.retrain()
    return len(created)


def _protected_cases(world: World, created: list[Petition], letters: list[Letter]) -> None:
    """One denouncer waives protection; a manager reveals another identity, with a reason."""
    head = world.users.get("truongphong")
    denunciations = [
        created[n]
        for n, letter in enumerate(letters)
        if letter.template.kind == "denunciation" and not letter.anonymous
    ]
    if head is None or len(denunciations) < 2:
        return
    workflow.waive_protection(
        denunciations[0],
        by=head,
        note="Người tố cáo có văn bản đề nghị công khai họ tên khi làm việc với đoàn xác minh.",
    )
    workflow.reveal_identity(
        denunciations[1],
        by=head,
        reason="Liên hệ người tố cáo để bổ sung danh sách hộ dân đã nộp tiền.",
        what="danh tính người ký đơn và toàn văn",
        source="command:seed_demo",
    )
