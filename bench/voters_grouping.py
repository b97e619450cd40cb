# ruff: noqa: E501 -- the opinions are prose, kept one per line
"""Grouping voters' opinions: quality on a labelled set next to a TF-IDF baseline, and time at scale.

    .venv/bin/python bench/voters_grouping.py                  # quality + 1,000 / 5,000 / 20,000
    .venv/bin/python bench/voters_grouping.py --quality-only
    .venv/bin/python bench/voters_grouping.py --sizes 1000 5000
    .venv/bin/python bench/voters_grouping.py --write-data     # rewrite bench/data/voter_opinions_labelled.json

Quality: bench/data/voter_opinions_labelled.json (written by --write-data from the
wordings below, seeded; kept in the repository as the labelled set). Pairwise precision,
recall and F1 of "same group" for dannguyen.voters.grouping.propose at its default
threshold, and for a plain TF-IDF cosine over lower-cased syllables at the threshold that
maximises *its own* F1 on this set (a generous baseline): once as groups (connected
components of the pairs above the threshold) and once as raw pair decisions (not a
partition, so an upper bound on what a threshold on that cosine can do). Then our
threshold curve, the threshold chosen on half the families and measured on the other
half (how much the calibration flatters us), and ablations.

Scale: N opinions recombined from the same wordings (an instance of a request gets its
own numbers and place, raised at 1–4 meetings with other openings); the time of one
propose() call and the pairwise figures against the instances.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import random
import re
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dannguyen.voters import grouping  # noqa: E402
from dannguyen.voters.grouping import OpinionText, propose  # noqa: E402

DATA = ROOT / "bench" / "data" / "voter_opinions_labelled.json"

# ----------------------------------------------------------------------------- the wordings
#
# Written for the project: requests a provincial round of voter meetings really raises,
# grouped in *families* (same topic, same road, same body of staff…). Inside a family
# every request is a hard negative for the others. Each request is told in two to five
# ways, as different deputies' secretaries write the minutes: other words, other order,
# abbreviations or not, a description of the problem or the request itself. A wording
# that starts with a lower-case letter is the request itself and gets an opening ("Cử tri
# xã X kiến nghị …"); one that starts with a capital stands alone and sometimes gets the
# speaker's "phản ánh" in front; either may get a stock closing. Openings, closings,
# communes and the few texts typed without diacritics are drawn by the seeded writer, so
# the wording the engine must see through is not the one it was written with.
# family → request key → paraphrases (one opinion each)
FAMILIES: dict[str, dict[str, list[str]]] = {
    "dt477": {
        "upgrade": [
            "đầu tư nâng cấp, mở rộng tuyến đường ĐT 477 đoạn qua xã vì mặt đường đã xuống cấp nghiêm trọng.",
            "Đường tỉnh 477 nhiều năm không được sửa chữa, mặt đường bong tróc, ổ gà ổ voi, xe đi lại rất nguy hiểm; đề nghị sớm cải tạo, nâng cấp.",
            "sớm bố trí vốn cải tạo, nâng cấp ĐT477, hiện tuyến đường hư hỏng nặng gây mất an toàn giao thông.",
            "Tuyến ĐT.477 hẹp và xuống cấp, đề nghị tỉnh đưa vào kế hoạch đầu tư mở rộng mặt đường.",
        ],
        "lighting": [
            "lắp đặt hệ thống đèn chiếu sáng trên tuyến ĐT 477 đoạn qua khu dân cư để người dân đi lại ban đêm an toàn.",
            "Đoạn đường tỉnh 477 qua các thôn chưa có điện chiếu sáng, buổi tối rất tối, đã xảy ra nhiều vụ tai nạn; đề nghị lắp đèn đường.",
            "bố trí kinh phí lắp đèn đường dọc tuyến ĐT477 qua địa bàn xã.",
        ],
        "drainage": [
            "xây dựng hệ thống rãnh thoát nước dọc tuyến ĐT 477, mỗi khi mưa lớn nước tràn vào nhà dân.",
            "Tuyến ĐT477 không có mương thoát nước hai bên, mùa mưa gây ngập úng cục bộ các hộ dân ven đường; đề nghị làm rãnh thoát nước.",
            "khắc phục tình trạng ngập úng trên đường tỉnh 477 do không có cống, rãnh thoát nước.",
        ],
    },
    "ql1a": {
        "junction": [
            "lắp đặt đèn tín hiệu giao thông tại nút giao giữa QL1A và đường vào cụm công nghiệp Gián Khẩu, nơi thường xuyên xảy ra tai nạn.",
            "Nút giao Quốc lộ 1A với đường vào CCN Gián Khẩu rất phức tạp, nhiều vụ tai nạn chết người; đề nghị sớm lắp đèn tín hiệu, biển báo.",
            "bố trí đèn xanh đèn đỏ tại ngã ba Gián Khẩu trên quốc lộ 1A để giảm tai nạn giao thông.",
        ],
        "overload": [
            "tăng cường kiểm soát xe quá tải chạy trên QL1A đoạn qua xã, xe quá khổ quá tải làm hư hỏng mặt đường và gây bụi.",
            "Xe tải chở đất đá quá tải hoạt động cả ngày đêm trên quốc lộ 1A làm đường nhanh hỏng; đề nghị lực lượng CSGT kiểm tra, xử lý nghiêm.",
            "xử lý nghiêm tình trạng xe chở vật liệu xây dựng quá tải trọng trên Quốc lộ 1A.",
        ],
    },
    "lienxa": {
        "build": [
            "đầu tư xây dựng tuyến đường liên xã Yên Phong – Yên Mỹ để người dân đi lại thuận tiện và phát triển kinh tế.",
            "Tuyến đường nối xã Yên Phong với xã Yên Mỹ hiện chỉ là đường đất, mùa mưa lầy lội; đề nghị tỉnh sớm đầu tư làm đường.",
            "sớm triển khai dự án đường liên xã Yên Phong đi Yên Mỹ đã được quy hoạch từ năm 2020.",
        ],
        "compensation": [
            "sớm chi trả tiền bồi thường cho các hộ dân bị thu hồi đất làm đường liên xã Yên Phong – Yên Mỹ, đã bàn giao mặt bằng từ năm 2023 nhưng chưa nhận tiền.",
            "Các hộ bàn giao đất cho dự án đường Yên Phong – Yên Mỹ hơn một năm vẫn chưa được đền bù; đề nghị chủ đầu tư chi trả dứt điểm.",
            "Việc giải phóng mặt bằng dự án đường liên xã Yên Phong – Yên Mỹ chậm chi trả bồi thường, người dân bức xúc.",
        ],
    },
    "police": {
        "allowance": [
            "tăng mức phụ cấp cho lực lượng công an xã bán chuyên trách vì hiện nay mức phụ cấp quá thấp.",
            "Phụ cấp hằng tháng của công an viên chỉ khoảng 1,5 triệu đồng, không đủ trang trải; đề nghị nâng mức phụ cấp.",
            "nâng phụ cấp cho lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở để họ yên tâm công tác.",
        ],
        "staffing": [
            "bổ sung biên chế công an xã vì sau sáp nhập địa bàn rộng, dân số đông mà số cán bộ công an không tăng.",
            "Công an xã thiếu người, một cán bộ phải phụ trách nhiều thôn; đề nghị tăng cường thêm cán bộ chiến sĩ công an chính quy về xã.",
            "tăng thêm biên chế cho công an cấp xã để đáp ứng yêu cầu giữ gìn an ninh trật tự trên địa bàn rộng sau sắp xếp.",
        ],
        "office": [
            "đầu tư xây dựng trụ sở làm việc cho công an xã, hiện đang phải mượn tạm nhà văn hóa.",
            "Công an xã chưa có trụ sở riêng, làm việc nhờ tại hội trường UBND xã; đề nghị bố trí kinh phí xây trụ sở.",
        ],
    },
    "teachers": {
        "preschool_pay": [
            "có chính sách tăng lương, phụ cấp ưu đãi cho giáo viên mầm non vì thu nhập hiện nay quá thấp so với công sức.",
            "Giáo viên mầm non làm việc từ sáng sớm đến chiều tối nhưng lương thấp, nhiều cô bỏ nghề; đề nghị nâng mức phụ cấp ưu đãi nghề cho giáo viên mầm non.",
            "cải thiện thu nhập cho đội ngũ giáo viên mầm non, nâng phụ cấp đứng lớp.",
        ],
        "shortage": [
            "bổ sung giáo viên cho các trường tiểu học trên địa bàn, nhiều trường thiếu giáo viên tiếng Anh và tin học.",
            "Các trường tiểu học trong xã đang thiếu giáo viên, nhất là giáo viên môn tiếng Anh, tin học; đề nghị ngành giáo dục tuyển dụng bổ sung.",
            "Tình trạng thiếu giáo viên ở bậc tiểu học kéo dài, phải dạy ghép, ảnh hưởng chất lượng dạy học; đề nghị tỉnh giao thêm chỉ tiêu tuyển dụng.",
        ],
        "contract": [
            "xét tuyển đặc cách vào biên chế cho các giáo viên hợp đồng đã giảng dạy nhiều năm.",
            "Nhiều giáo viên hợp đồng đã dạy trên 10 năm vẫn chưa được vào biên chế, thu nhập bấp bênh; đề nghị có cơ chế tuyển dụng đặc cách.",
        ],
    },
    "bhyt": {
        "card_support": [
            "hỗ trợ kinh phí mua thẻ BHYT cho người thuộc hộ cận nghèo và người từ 70 đến dưới 80 tuổi.",
            "nâng mức hỗ trợ đóng bảo hiểm y tế cho hộ cận nghèo, hiện nhiều hộ không đủ tiền mua thẻ.",
            "Người cao tuổi từ 70 đến 79 tuổi chưa được cấp thẻ bảo hiểm y tế miễn phí; đề nghị Nhà nước hỗ trợ mua thẻ BHYT cho đối tượng này.",
        ],
        "medicine": [
            "Bệnh viện thường xuyên thiếu thuốc, người bệnh có thẻ BHYT phải tự bỏ tiền ra ngoài mua thuốc; đề nghị bảo đảm đủ thuốc trong danh mục BHYT.",
            "khắc phục tình trạng thiếu thuốc, vật tư y tế tại các bệnh viện để người có bảo hiểm y tế được cấp đủ thuốc.",
            "chỉ đạo các cơ sở khám chữa bệnh cung ứng đủ thuốc cho bệnh nhân BHYT, không để người bệnh phải mua thuốc ngoài.",
        ],
        "referral": [
            "đơn giản hóa thủ tục chuyển tuyến khám chữa bệnh BHYT, người bệnh mãn tính phải xin giấy chuyển viện nhiều lần rất vất vả.",
            "Thủ tục chuyển tuyến bảo hiểm y tế còn rườm rà, người mắc bệnh mãn tính mỗi năm phải xin giấy chuyển tuyến; đề nghị cải cách thủ tục này.",
        ],
    },
    "power": {
        "weak_grid": [
            "cải tạo, nâng công suất trạm biến áp thôn Đông Hạ vì điện yếu, vào giờ cao điểm các thiết bị không hoạt động được.",
            "Điện ở thôn Đông Hạ rất yếu, bóng đèn chập chờn, máy bơm không chạy được; đề nghị ngành điện nâng cấp trạm biến áp.",
            "ngành điện sớm đầu tư thêm trạm biến áp cho thôn Đông Hạ để khắc phục tình trạng điện yếu.",
        ],
        "price": [
            "xem xét lại cách tính giá điện bậc thang, mùa hè tiền điện các hộ gia đình tăng gấp đôi.",
            "Giá điện sinh hoạt theo bậc thang quá cao, hóa đơn tiền điện tháng 6, tháng 7 tăng đột biến; đề nghị điều chỉnh biểu giá điện hợp lý.",
            "giảm số bậc và điều chỉnh giá bán lẻ điện sinh hoạt để giảm gánh nặng tiền điện cho người dân.",
        ],
        "outage": [
            "Ngành điện thường xuyên cắt điện không thông báo trước, ảnh hưởng sản xuất kinh doanh của người dân; đề nghị thông báo lịch cắt điện đầy đủ.",
            "điện lực thông báo lịch cắt điện trước cho nhân dân, tránh tình trạng mất điện đột ngột như thời gian qua.",
        ],
    },
    "water": {
        "plant": [
            "đầu tư xây dựng nhà máy nước sạch để cung cấp nước sinh hoạt cho người dân trong xã, hiện phải dùng nước giếng khoan nhiễm phèn.",
            "Người dân các thôn vùng cao chưa có nước sạch, phải dùng nước giếng nhiễm phèn, nhiễm asen; đề nghị sớm kéo đường ống nước sạch về xã.",
            "sớm mở rộng mạng lưới cấp nước sạch về các thôn chưa có nước máy.",
        ],
        "quality_price": [
            "Nước máy do công ty cấp nước cung cấp thường xuyên đục, có mùi, giá lại cao; đề nghị kiểm tra chất lượng nước sạch.",
            "kiểm tra chất lượng nước sinh hoạt của nhà máy nước Gia Viễn, nước có mùi clo nặng và cặn bẩn.",
            "cơ quan chức năng kiểm tra, giám sát chất lượng nước máy, nhiều lúc nước đục và có váng.",
        ],
    },
    "pollution": {
        "paper_mill": [
            "kiểm tra, xử lý Công ty TNHH Giấy Hòa Bình xả nước thải chưa qua xử lý ra sông Vạc, gây ô nhiễm và cá chết hàng loạt.",
            "Nhà máy giấy Hòa Bình thường xuyên xả thải ra sông Vạc vào ban đêm, nước sông đen và bốc mùi; đề nghị đình chỉ hoạt động nếu vi phạm.",
            "xử lý dứt điểm tình trạng ô nhiễm sông Vạc do nước thải của nhà máy giấy Hòa Bình.",
            "Sông Vạc bị ô nhiễm nặng, người dân nghi do công ty giấy Hòa Bình xả thải; đề nghị lấy mẫu nước kiểm tra và công khai kết quả.",
        ],
        "cement_dust": [
            "Khói bụi từ nhà máy xi măng Duyên Hà gây ô nhiễm không khí, ảnh hưởng sức khỏe người dân xung quanh; đề nghị kiểm tra hệ thống lọc bụi.",
            "yêu cầu nhà máy xi măng Duyên Hà lắp đặt thiết bị xử lý khí thải, bụi bám đầy nhà dân và hoa màu.",
            "giải quyết tình trạng bụi, tiếng ồn của nhà máy xi măng Duyên Hà ảnh hưởng đến các hộ dân sống gần nhà máy.",
        ],
        "brick_kiln": [
            "kiên quyết xóa bỏ các lò gạch thủ công còn hoạt động trên địa bàn, khói lò gây hại cây trồng.",
            "Các lò nung gạch thủ công vẫn đỏ lửa, khói đen làm lúa chết, cây ăn quả mất mùa; đề nghị chính quyền xử lý, di dời.",
        ],
    },
    "land": {
        "red_book": [
            "đẩy nhanh việc cấp giấy chứng nhận quyền sử dụng đất cho các hộ được giao đất giãn dân từ năm 2010 đến nay chưa có sổ đỏ.",
            "Nhiều hộ được giao đất giãn dân đã hơn 10 năm nhưng chưa được cấp sổ đỏ, không thể thế chấp vay vốn; đề nghị giải quyết.",
            "sớm cấp GCNQSDĐ cho các hộ dân ở khu giãn dân thôn Bắc.",
            "Đất giãn dân giao từ lâu mà đến nay người dân vẫn chưa được cấp giấy chứng nhận; đề nghị hoàn thiện hồ sơ cấp sổ.",
        ],
        "price_kcn": [
            "xem xét lại đơn giá bồi thường đất nông nghiệp khi thu hồi làm Khu công nghiệp Khánh Phú, giá bồi thường quá thấp so với thị trường.",
            "Giá đền bù đất nông nghiệp cho dự án KCN Khánh Phú thấp, người dân không đồng ý; đề nghị điều chỉnh giá bồi thường phù hợp.",
            "nâng đơn giá bồi thường cho các hộ bị thu hồi đất nông nghiệp tại dự án khu công nghiệp Khánh Phú.",
        ],
        "resettlement": [
            "hoàn thiện hạ tầng khu tái định cư Khánh Phú, người dân đã nhận đất nhưng chưa có điện, nước, đường để xây nhà.",
            "Khu TĐC Khánh Phú đến nay vẫn chưa có đường nội bộ, chưa có điện nước; đề nghị sớm đầu tư hạ tầng để dân ổn định cuộc sống.",
            "Các hộ dân phải di dời nhưng khu tái định cư Khánh Phú chưa hoàn thành hạ tầng, dân phải đi thuê nhà; đề nghị đẩy nhanh tiến độ.",
        ],
        "remeasure": [
            "đo đạc lại diện tích đất nông nghiệp vì số liệu trên bản đồ địa chính sai lệch so với thực tế sử dụng.",
            "Diện tích ghi trong giấy chứng nhận không khớp với thực tế do đo đạc sai; đề nghị đo đạc, chỉnh lý bản đồ địa chính.",
        ],
    },
    "merger": {
        "documents": [
            "miễn phí và hướng dẫn người dân thay đổi địa chỉ trên các loại giấy tờ sau khi sáp nhập xã.",
            "Sau sắp xếp đơn vị hành chính, địa chỉ trên CCCD, sổ đỏ, giấy đăng ký xe của người dân thay đổi; đề nghị không bắt buộc đổi giấy tờ và không thu phí.",
            "làm rõ việc người dân có phải làm lại giấy tờ khi tên xã thay đổi do sáp nhập hay không, nếu phải làm thì miễn lệ phí.",
        ],
        "distance": [
            "Sau khi hợp nhất xã, trụ sở UBND xã mới ở xa, người dân các thôn đi làm thủ tục hành chính mất nhiều thời gian; đề nghị bố trí điểm tiếp nhận hồ sơ tại trụ sở cũ.",
            "duy trì bộ phận một cửa tại trụ sở xã cũ để người dân làm thủ tục không phải đi xa sau sắp xếp.",
            "tổ chức điểm phục vụ hành chính công tại các xã cũ vì trụ sở xã mới cách nhà dân trên 15 km.",
        ],
        "surplus": [
            "có chính sách thỏa đáng đối với cán bộ, công chức cấp xã dôi dư sau sắp xếp đơn vị hành chính.",
            "Nhiều cán bộ xã dôi dư sau sáp nhập chưa biết bố trí công việc gì, tâm lý hoang mang; đề nghị sớm có phương án và chế độ nghỉ việc.",
        ],
        "online": [
            "Cổng dịch vụ công trực tuyến thường xuyên bị lỗi, người dân nộp hồ sơ trực tuyến không được; đề nghị khắc phục.",
            "nâng cấp hệ thống dịch vụ công trực tuyến, hồ sơ nộp qua mạng hay bị treo, phải đến nộp trực tiếp.",
        ],
    },
    "kct": {
        "hamlet_pay": [
            "nâng mức phụ cấp cho người hoạt động không chuyên trách ở thôn, tổ dân phố, hiện quá thấp so với khối lượng công việc.",
            "Trưởng thôn, bí thư chi bộ thôn làm nhiều việc nhưng phụ cấp chỉ hơn 2 triệu đồng; đề nghị tăng mức phụ cấp cho cán bộ thôn.",
            "điều chỉnh tăng phụ cấp hàng tháng cho những người hoạt động không chuyên trách ở thôn.",
        ],
        "kct_leave": [
            "có chế độ hỗ trợ thỏa đáng cho người hoạt động không chuyên trách cấp xã nghỉ việc do sắp xếp bộ máy.",
            "Cán bộ không chuyên trách xã phải nghỉ việc sau sắp xếp mà mức hỗ trợ thấp, nhiều người có thời gian công tác trên 20 năm; đề nghị nâng mức hỗ trợ.",
            "chi trả sớm khoản hỗ trợ cho người hoạt động không chuyên trách ở xã đã nghỉ việc từ 01/7/2025.",
        ],
        "kct_insurance": [
            "cho người hoạt động không chuyên trách ở thôn được tham gia bảo hiểm xã hội bắt buộc.",
            "Cán bộ thôn không được đóng BHXH nên khi về già không có lương hưu; đề nghị có chính sách cho họ tham gia bảo hiểm xã hội.",
        ],
    },
    "farm": {
        "rice_price": [
            "Giá lúa vụ mùa giảm mạnh, thương lái ép giá, nông dân thua lỗ; đề nghị có giải pháp bao tiêu sản phẩm lúa gạo.",
            "có giải pháp ổn định giá lúa, hỗ trợ tiêu thụ lúa cho nông dân khi được mùa mất giá.",
            "Lúa thu hoạch xong không bán được, giá thấp hơn giá thành sản xuất; đề nghị Nhà nước can thiệp để bình ổn giá thóc.",
        ],
        "fertilizer": [
            "kiểm soát giá phân bón, thuốc bảo vệ thực vật đang tăng cao, nông dân sản xuất không có lãi.",
            "Giá phân bón và vật tư nông nghiệp tăng liên tục trong khi giá nông sản giảm; đề nghị có biện pháp bình ổn giá vật tư nông nghiệp.",
            "quản lý chặt thị trường phân bón, vừa giá cao vừa có phân bón giả, kém chất lượng.",
        ],
        "swine_fever": [
            "sớm chi trả tiền hỗ trợ cho các hộ chăn nuôi có lợn bị tiêu hủy do bệnh dịch tả lợn châu Phi năm 2024.",
            "Các hộ có lợn mắc dịch tả châu Phi phải tiêu hủy từ năm ngoái đến nay vẫn chưa nhận được tiền hỗ trợ; đề nghị giải quyết sớm.",
            "nâng mức hỗ trợ cho người chăn nuôi có lợn bị tiêu hủy do dịch tả lợn châu Phi vì mức hiện nay quá thấp.",
        ],
    },
    "irrigation": {
        "dredge_canal": [
            "nạo vét kênh Bắc đoạn qua xã vì lòng kênh bị bồi lắng, không đủ nước tưới cho vụ xuân.",
            "Kênh Bắc lâu ngày không được nạo vét, bùn đất bồi lấp, nước không về được đồng ruộng; đề nghị công ty thủy lợi sớm nạo vét.",
            "sớm nạo vét, khơi thông dòng chảy kênh Bắc để bảo đảm tưới tiêu.",
        ],
        "field_canals": [
            "hỗ trợ xi măng, kinh phí để kiên cố hóa hệ thống kênh mương nội đồng.",
            "Kênh mương nội đồng phần lớn là kênh đất, thất thoát nước nhiều; đề nghị tỉnh có chính sách hỗ trợ bê tông hóa kênh mương.",
            "tiếp tục bố trí vốn kiên cố hóa kênh mương nội đồng, phục vụ sản xuất nông nghiệp.",
        ],
        "pump_station": [
            "sửa chữa trạm bơm Đông Xuyên bị hỏng máy từ đầu năm, hàng chục ha lúa thiếu nước.",
            "Trạm bơm Đông Xuyên hư hỏng nhiều tháng chưa được khắc phục, đồng ruộng khô hạn; đề nghị sớm sửa chữa, thay máy bơm mới.",
            "đầu tư thay thế máy bơm cho trạm bơm Đông Xuyên đã xuống cấp, hoạt động không hiệu quả.",
        ],
    },
    "welfare": {
        "elder_age": [
            "hạ độ tuổi hưởng trợ cấp xã hội hằng tháng đối với người cao tuổi từ 80 tuổi xuống 75 tuổi.",
            "Người cao tuổi phải đủ 80 tuổi mới được hưởng trợ cấp là quá cao; đề nghị hạ xuống 75 tuổi như nhiều ý kiến đã nêu.",
            "giảm tuổi hưởng trợ cấp người cao tuổi không có lương hưu xuống 75 tuổi.",
        ],
        "disability": [
            "tăng mức trợ cấp xã hội hằng tháng cho người khuyết tật nặng và đặc biệt nặng, mức hiện nay không đủ chi tiêu tối thiểu.",
            "Trợ cấp cho người khuyết tật đặc biệt nặng quá thấp, gia đình chăm sóc rất khó khăn; đề nghị nâng mức trợ cấp.",
            "điều chỉnh tăng mức trợ cấp cho người khuyết tật và người trực tiếp chăm sóc người khuyết tật đặc biệt nặng.",
        ],
        "bank_payment": [
            "Việc chi trả trợ cấp xã hội qua tài khoản ngân hàng gây khó khăn cho người già không biết dùng thẻ; đề nghị cho phép nhận tiền mặt.",
            "cho người cao tuổi được lựa chọn nhận trợ cấp bằng tiền mặt thay vì bắt buộc chuyển khoản.",
            "tiếp tục chi trả chế độ chính sách bằng tiền mặt cho người già, người khuyết tật không sử dụng được tài khoản ngân hàng.",
        ],
    },
    "merit": {
        "agent_orange": [
            "xem xét giải quyết chế độ cho con của người hoạt động kháng chiến bị nhiễm chất độc hóa học, hồ sơ đã nộp từ năm 2022.",
            "Hồ sơ đề nghị hưởng chế độ nhiễm chất độc da cam của một số gia đình đã nộp nhiều năm chưa được giải quyết; đề nghị ngành chức năng sớm xem xét.",
        ],
        "housing": [
            "hỗ trợ xây mới, sửa chữa nhà ở cho người có công với cách mạng đang ở nhà tạm, nhà dột nát.",
            "Còn nhiều gia đình người có công ở nhà xuống cấp; đề nghị tiếp tục thực hiện chính sách hỗ trợ nhà ở cho người có công.",
        ],
    },
    "school": {
        "classrooms": [
            "đầu tư xây dựng thêm phòng học cho Trường THCS Gia Thắng, hiện học sinh phải học nhờ phòng chức năng.",
            "Trường trung học cơ sở Gia Thắng thiếu phòng học, nhiều lớp học tạm; đề nghị bố trí vốn xây phòng học mới.",
            "xây dãy phòng học cao tầng cho trường THCS Gia Thắng đã xuống cấp và thiếu phòng.",
        ],
        "fees": [
            "chấn chỉnh tình trạng lạm thu đầu năm học, nhà trường thu nhiều khoản ngoài quy định.",
            "Đầu năm học các trường vận động nhiều khoản đóng góp ngoài học phí, phụ huynh rất bức xúc; đề nghị ngành giáo dục kiểm tra.",
            "kiểm tra việc thu các khoản thỏa thuận, xã hội hóa tại trường học, tránh lạm thu gây khó khăn cho phụ huynh.",
        ],
        "textbooks": [
            "Sách giáo khoa thay đổi hằng năm, không dùng lại được, gây tốn kém cho gia đình; đề nghị ổn định bộ sách giáo khoa.",
            "sớm thực hiện bộ sách giáo khoa thống nhất toàn quốc và cho mượn sách miễn phí để giảm chi phí cho phụ huynh.",
        ],
    },
    "health": {
        "station_doctor": [
            "bổ sung bác sĩ cho trạm y tế xã, hiện trạm chỉ có y sĩ, người dân phải lên tuyến trên khám bệnh.",
            "Trạm y tế xã không có bác sĩ, trang thiết bị thiếu thốn; đề nghị tăng cường bác sĩ về trạm y tế.",
            "có chính sách thu hút bác sĩ về công tác tại trạm y tế cấp xã.",
        ],
        "hospital_overload": [
            "Bệnh viện đa khoa tỉnh thường xuyên quá tải, bệnh nhân nằm ghép 2-3 người một giường; đề nghị đầu tư mở rộng bệnh viện.",
            "sớm đầu tư xây dựng cơ sở 2 Bệnh viện đa khoa tỉnh để giảm tình trạng quá tải.",
        ],
    },
    "security": {
        "drugs": [
            "tăng cường đấu tranh phòng chống ma túy, tình trạng thanh thiếu niên sử dụng ma túy tổng hợp có chiều hướng gia tăng.",
            "Tệ nạn ma túy trong giới trẻ ở các thôn diễn biến phức tạp; đề nghị công an truy quét các điểm mua bán ma túy.",
            "có biện pháp mạnh ngăn chặn ma túy xâm nhập vào trường học và các khu dân cư.",
        ],
        "racing": [
            "Thanh niên tụ tập đua xe, lạng lách trên đường ĐT 491 vào ban đêm gây mất trật tự; đề nghị công an tăng cường tuần tra.",
            "xử lý nghiêm các nhóm đua xe trái phép trên tuyến ĐT491 vào các tối cuối tuần.",
        ],
        "fraud": [
            "tuyên truyền, cảnh báo và xử lý nghiêm các đối tượng lừa đảo qua mạng, qua điện thoại, nhiều người già bị lừa mất tiền.",
            "Tình trạng lừa đảo chiếm đoạt tài sản trên không gian mạng ngày càng nhiều; đề nghị cơ quan công an có giải pháp ngăn chặn.",
        ],
        "loan_shark": [
            "xử lý các đối tượng cho vay nặng lãi, tín dụng đen hoạt động công khai, dán quảng cáo khắp nơi.",
            "Tín dụng đen lãi suất cắt cổ, đòi nợ bằng cách khủng bố tinh thần người vay; đề nghị triệt phá.",
        ],
    },
    "waste": {
        "landfill": [
            "Bãi rác tập trung của xã quá tải, rác để lộ thiên bốc mùi hôi thối, nước rỉ rác chảy ra đồng; đề nghị xử lý.",
            "đầu tư lò đốt rác hoặc chuyển rác đi xử lý vì bãi rác thôn Nam đã đầy, gây ô nhiễm môi trường.",
            "sớm xử lý ô nhiễm tại bãi rác thôn Nam, mùi hôi ảnh hưởng đến các hộ dân xung quanh.",
        ],
        "waste_fee": [
            "Mức phí thu gom rác thải sinh hoạt tăng cao trong khi tần suất thu gom ít; đề nghị điều chỉnh mức thu hợp lý.",
            "xem xét lại mức thu phí vệ sinh môi trường, thu gom rác mỗi tuần một lần nhưng thu tiền cao.",
        ],
    },
    "dyke": {
        "erosion": [
            "khẩn trương khắc phục điểm sạt lở bờ sông Hoàng Long đoạn qua thôn Thượng, đe dọa an toàn đê.",
            "Bờ sông Hoàng Long tại thôn Thượng sạt lở nghiêm trọng, sát chân đê; đề nghị đầu tư kè chống sạt lở trước mùa mưa bão.",
            "xây kè bảo vệ bờ sông Hoàng Long khu vực thôn Thượng đang bị sạt lở.",
        ],
        "encroach": [
            "xử lý các trường hợp lấn chiếm hành lang bảo vệ đê sông Hoàng Long để xây dựng công trình trái phép.",
            "Nhiều hộ xây nhà, lều quán trong hành lang đê sông Hoàng Long; đề nghị chính quyền kiểm tra, xử lý vi phạm.",
        ],
    },
    "telecom": {
        "signal": [
            "Vùng đồi núi của xã sóng điện thoại và internet rất yếu, học sinh không học trực tuyến được; đề nghị nhà mạng lắp thêm trạm phát sóng.",
            "các nhà mạng đầu tư trạm BTS tại các thôn vùng cao để cải thiện chất lượng sóng di động.",
            "khắc phục tình trạng mất sóng điện thoại, internet chập chờn ở các thôn miền núi.",
        ],
    },
    "market": {
        "rebuild": [
            "đầu tư xây dựng lại chợ trung tâm xã đã xuống cấp, mái tôn thủng, mùa mưa ngập nước.",
            "Chợ xã được xây từ năm 1998 nay đã hư hỏng nặng; đề nghị bố trí kinh phí cải tạo, xây mới chợ.",
        ],
        "street_market": [
            "Chợ tạm họp lấn ra lòng đường, lề đường ĐT 491 gây ùn tắc và nguy cơ tai nạn; đề nghị dẹp chợ tạm.",
            "xử lý tình trạng họp chợ trên lòng đường tỉnh 491 đoạn trước UBND xã, rất nguy hiểm cho người tham gia giao thông.",
        ],
    },
    "jobs": {
        "local_hiring": [
            "yêu cầu các doanh nghiệp trong khu công nghiệp ưu tiên tuyển dụng lao động địa phương có đất bị thu hồi.",
            "Các công ty ở KCN Khánh Phú ít tuyển lao động tại địa phương, người mất đất nông nghiệp không có việc làm; đề nghị có chính sách ưu tiên.",
            "có cơ chế buộc doanh nghiệp trong KCN Khánh Phú tuyển dụng con em các hộ bị thu hồi đất.",
        ],
        "vocational": [
            "mở các lớp đào tạo nghề miễn phí cho lao động nông thôn, nhất là lao động trung niên mất đất sản xuất.",
            "Hỗ trợ học nghề cho lao động nông thôn còn ít, ngành nghề không phù hợp; đề nghị đổi mới đào tạo nghề gắn với nhu cầu doanh nghiệp.",
        ],
    },
    "culture": {
        "hall": [
            "hỗ trợ kinh phí sửa chữa nhà văn hóa thôn Trung đã xuống cấp, dột nát, không đủ điều kiện tổ chức sinh hoạt.",
            "Nhà văn hóa thôn Trung xây từ lâu, tường nứt, mái dột; đề nghị hỗ trợ kinh phí xây mới.",
        ],
        "sports": [
            "quy hoạch, xây dựng sân thể thao cho thanh thiếu niên ở các thôn, hiện không có chỗ vui chơi.",
            "Xã chưa có sân bóng, khu thể thao công cộng; đề nghị dành quỹ đất làm sân thể thao.",
        ],
    },
    "storm": {
        "yagi_support": [
            "sớm chi trả tiền hỗ trợ thiệt hại do cơn bão số 3 năm 2024 cho các hộ bị đổ nhà, hỏng hoa màu.",
            "Nhiều hộ bị thiệt hại do bão Yagi đến nay chưa nhận được tiền hỗ trợ; đề nghị kiểm tra, chi trả cho người dân.",
            "Việc hỗ trợ khắc phục hậu quả bão số 3 chưa công bằng, có hộ thiệt hại nặng không được hỗ trợ; đề nghị rà soát lại danh sách.",
        ],
        "trees": [
            "hỗ trợ giống cây trồng cho nông dân trồng lại vườn cây ăn quả bị đổ sau bão.",
            "Vườn bưởi, vườn cam bị bão quật đổ gần hết; đề nghị hỗ trợ cây giống để bà con khôi phục sản xuất.",
        ],
    },
    "public_land": {
        "land_5pct": [
            "công khai việc cho thuê quỹ đất công ích 5% của xã, có trường hợp cho thuê không đấu giá, giá thấp.",
            "Quỹ đất công ích 5% do xã quản lý bị sử dụng sai mục đích, cho thuê không minh bạch; đề nghị thanh tra.",
        ],
        "cemetery": [
            "quy hoạch nghĩa trang nhân dân tập trung, nghĩa địa của thôn đã hết chỗ.",
            "Nghĩa trang các thôn đã kín, không còn đất an táng; đề nghị xã sớm quy hoạch nghĩa trang mới.",
        ],
    },
    "pension": {
        "low_pension": [
            "Lương hưu của cán bộ nghỉ hưu trước năm 1995 rất thấp, không đủ sống; đề nghị điều chỉnh tăng lương hưu cho đối tượng này.",
            "có chính sách điều chỉnh lương hưu cho người nghỉ hưu trước năm 1995 để giảm chênh lệch với người nghỉ sau.",
        ],
        "voluntary_si": [
            "tăng mức hỗ trợ đóng bảo hiểm xã hội tự nguyện cho nông dân, lao động tự do.",
            "Mức Nhà nước hỗ trợ đóng BHXH tự nguyện còn thấp, nông dân khó tham gia; đề nghị nâng mức hỗ trợ.",
        ],
    },
    "credit": {
        "policy_loan": [
            "tăng nguồn vốn và nâng mức cho vay của Ngân hàng Chính sách xã hội đối với hộ cận nghèo, hộ mới thoát nghèo.",
            "Mức vay vốn ưu đãi của Ngân hàng Chính sách xã hội còn thấp, thủ tục chậm; đề nghị nâng hạn mức cho vay hộ mới thoát nghèo.",
        ],
        "poor_criteria": [
            "Tiêu chí xác định hộ nghèo, cận nghèo chưa sát thực tế, nhiều hộ khó khăn thật sự không được công nhận; đề nghị điều chỉnh tiêu chí.",
            "rà soát lại tiêu chí chuẩn nghèo đa chiều cho phù hợp với thực tế nông thôn.",
        ],
    },
    "singles": {
        "bus_route": [
            "mở tuyến xe buýt từ trung tâm tỉnh về các xã phía Tây để người dân, học sinh đi lại thuận tiện."
        ],
        "stray_dogs": [
            "Chó thả rông trên đường nhiều, đã có người bị cắn; đề nghị xã có biện pháp quản lý chó nuôi."
        ],
        "karaoke": [
            "Hát karaoke gây ồn ào quá 22 giờ đêm trong khu dân cư; đề nghị xử lý theo quy định."
        ],
        "bridge_cau_dong": [
            "xây lại cầu Đồng Trương đã yếu, xe trên 5 tấn không qua được, người dân phải đi vòng 7 km."
        ],
        "cccd_chip": [
            "bố trí cán bộ công an xuống thôn làm căn cước cho người già yếu, người khuyết tật không đi lại được."
        ],
        "fish_farming": [
            "hỗ trợ người nuôi cá lồng trên sông Đáy bị thiệt hại do cá chết hàng loạt trong đợt nắng nóng tháng 6."
        ],
        "tourism_fee": [
            "Phí tham quan khu du lịch Tràng An tăng cao, người dân địa phương cũng phải mua vé; đề nghị miễn vé cho người dân sở tại."
        ],
        "tree_felling": [
            "Cây xanh ven đường liên thôn mục gốc, có nguy cơ đổ khi mưa bão; đề nghị chặt hạ, thay thế."
        ],
        "church_land": [
            "giải quyết dứt điểm tranh chấp đất giữa giáo xứ và các hộ dân thôn Phát Diệm kéo dài nhiều năm."
        ],
        "militia": [
            "điều chỉnh phụ cấp cho dân quân thường trực, mức hiện nay chưa tương xứng với nhiệm vụ."
        ],
        "gas_station": [
            "Cây xăng mới xây sát trường mầm non, nguy cơ cháy nổ; đề nghị kiểm tra việc cấp phép."
        ],
        "e_invoice": [
            "hướng dẫn hộ kinh doanh nhỏ sử dụng hóa đơn điện tử, nhiều hộ lớn tuổi không biết dùng máy tính tiền."
        ],
    },
}


# Commune names for the openings (Ninh Bình after the 2025 sắp xếp, plus old names).
COMMUNES = [
    "Yên Phong",
    "Yên Mỹ",
    "Gia Viễn",
    "Gia Tân",
    "Gia Thắng",
    "Khánh Phú",
    "Khánh Thiện",
    "Nho Quan",
    "Phú Long",
    "Kim Sơn",
    "Phát Diệm",
    "Lai Thành",
    "Yên Khánh",
    "Yên Mô",
    "Hoa Lư",
    "Tam Điệp",
    "Đông Sơn",
    "Trường Yên",
    "Ninh Hải",
    "Gia Hưng",
    "Quỳnh Lưu",
    "Thạch Bình",
    "Cúc Phương",
    "Gia Sinh",
    "Ninh Giang",
]
HAMLETS = ["Đông", "Tây", "Nam", "Bắc", "Trung", "Thượng", "Hạ", "Đoài", "Chùa", "Đình"]
REQUEST_OPENINGS = [
    "Cử tri xã {c} kiến nghị",
    "Cử tri xã {c} đề nghị",
    "Cử tri phường {c} kiến nghị các cấp có thẩm quyền",
    "Cử tri thôn {h}, xã {c} đề nghị",
    "Nhiều cử tri xã {c} tiếp tục kiến nghị",
    "Cử tri {c} đề xuất",
    "Cử tri đề nghị",
    "Đề nghị",
    "Kiến nghị",
    "Cử tri xã {c} mong muốn",
]
REPORT_OPENINGS = [
    "Cử tri xã {c} phản ánh:",
    "Cử tri phường {c} phản ánh",
    "Cử tri thôn {h} xã {c} cho rằng",
]
CLOSINGS = [
    " Đề nghị các cấp có thẩm quyền quan tâm, xem xét giải quyết.",
    " Đề nghị cơ quan chức năng sớm xem xét, giải quyết dứt điểm.",
    " Kính đề nghị các cấp, các ngành quan tâm.",
]

# A further wording of each request (another secretary's minutes), and more requests.
MORE: dict[str, dict[str, list[str]]] = {
    "dt477": {
        "upgrade": [
            "Mặt đường ĐT 477 hư hỏng, nhiều đoạn sụt lún; đề nghị tỉnh sớm sửa chữa, nâng cấp toàn tuyến."
        ],
        "lighting": [
            "Cử tri mong muốn có đèn chiếu sáng công cộng trên đường tỉnh 477 đoạn qua trung tâm xã."
        ],
        "drainage": ["làm cống thoát nước hai bên đường ĐT 477 để chống ngập cho các hộ dân."],
    },
    "ql1a": {
        "junction": [
            "Ngã ba giao cắt QL 1A và đường vào Gián Khẩu chưa có đèn tín hiệu, người dân qua đường rất nguy hiểm."
        ],
        "overload": [
            "kiểm tra tải trọng xe tải lưu thông trên QL1A, xe quá tải làm lún nứt mặt đường."
        ],
    },
    "ql10": {
        "widen": [
            "sớm triển khai dự án mở rộng Quốc lộ 10 đoạn qua thị trấn, đường hẹp thường xuyên ùn tắc.",
            "Đoạn QL10 qua khu trung tâm quá hẹp, giờ cao điểm ùn tắc kéo dài; đề nghị mở rộng mặt đường.",
            "đầu tư mở rộng tuyến quốc lộ 10 qua địa bàn để giảm ùn tắc giao thông.",
        ],
        "compensation": [
            "chi trả tiền bồi thường giải phóng mặt bằng cho các hộ bị ảnh hưởng bởi dự án mở rộng QL10.",
            "Các hộ dân bàn giao đất mở rộng Quốc lộ 10 đã lâu nhưng chưa nhận đủ tiền đền bù; đề nghị chi trả sớm.",
            "Việc bồi thường, hỗ trợ khi thu hồi đất mở rộng QL 10 chậm, giá bồi thường thấp; đề nghị xem xét lại.",
        ],
    },
    "lienxa": {
        "build": [
            "làm đường bê tông nối Yên Phong sang Yên Mỹ, hiện đường đất rất khó đi vào mùa mưa."
        ],
        "compensation": [
            "giải ngân tiền đền bù cho người dân đã giao đất làm đường Yên Phong – Yên Mỹ từ năm 2023."
        ],
    },
    "police": {
        "allowance": [
            "Lực lượng công an xã bán chuyên trách hưởng phụ cấp thấp, đề nghị nâng mức phụ cấp để động viên anh em."
        ],
        "staffing": [
            "Số cán bộ công an chính quy ở xã quá ít so với địa bàn sau sáp nhập; đề nghị tăng biên chế."
        ],
        "office": ["sớm xây trụ sở công an xã vì hiện phải làm việc nhờ ở nhà văn hóa thôn."],
        "equipment": [
            "trang bị thêm phương tiện, công cụ hỗ trợ cho công an xã như xe máy, camera, bộ đàm.",
            "Công an xã thiếu phương tiện đi lại và thiết bị nghiệp vụ; đề nghị cấp bổ sung xe chuyên dụng, công cụ hỗ trợ.",
            "hỗ trợ lắp đặt camera an ninh và trang thiết bị cho lực lượng công an xã.",
        ],
    },
    "teachers": {
        "preschool_pay": [
            "Lương giáo viên mầm non quá thấp so với áp lực công việc; đề nghị tăng phụ cấp ưu đãi cho giáo viên mầm non."
        ],
        "shortage": ["tuyển thêm giáo viên tiếng Anh, tin học cho các trường tiểu học đang thiếu."],
        "contract": [
            "Giáo viên hợp đồng lâu năm mong được xét đặc cách vào biên chế để ổn định cuộc sống."
        ],
    },
    "bhyt": {
        "card_support": [
            "hỗ trợ mua thẻ bảo hiểm y tế cho người từ 70 tuổi đến dưới 80 tuổi và hộ cận nghèo."
        ],
        "medicine": [
            "Bệnh nhân BHYT thường phải mua thuốc ngoài vì bệnh viện hết thuốc; đề nghị khắc phục."
        ],
        "referral": [
            "bỏ thủ tục xin giấy chuyển tuyến hằng năm đối với người bệnh mãn tính có thẻ BHYT."
        ],
        "student": [
            "Mức đóng bảo hiểm y tế học sinh, sinh viên cao, gia đình đông con khó khăn; đề nghị tăng mức hỗ trợ đóng BHYT học sinh.",
            "nâng mức ngân sách hỗ trợ đóng BHYT cho học sinh, sinh viên.",
            "giảm mức đóng bảo hiểm y tế cho học sinh thuộc gia đình khó khăn.",
        ],
    },
    "power": {
        "weak_grid": [
            "Thôn Đông Hạ điện yếu kéo dài, đề nghị điện lực thay trạm biến áp công suất lớn hơn."
        ],
        "price": [
            "Biểu giá điện bậc thang làm tiền điện mùa nắng nóng tăng cao; đề nghị điều chỉnh giá điện sinh hoạt."
        ],
        "outage": [
            "Thường xuyên mất điện đột xuất mà không có thông báo; đề nghị ngành điện báo trước lịch cắt điện."
        ],
    },
    "water": {
        "plant": [
            "Xã chưa có nước sạch, đề nghị đầu tư hệ thống cấp nước sạch cho nhân dân các thôn."
        ],
        "quality_price": [
            "Chất lượng nước máy không bảo đảm, nước đục, có cặn; đề nghị kiểm tra công ty cấp nước."
        ],
    },
    "pollution": {
        "cement_dust": [
            "Bụi từ nhà máy xi măng Duyên Hà bay vào khu dân cư, đề nghị kiểm tra việc xử lý khí thải của nhà máy."
        ],
        "brick_kiln": ["dẹp bỏ lò gạch thủ công gây ô nhiễm khói bụi, ảnh hưởng lúa và hoa màu."],
    },
    "land": {
        "red_book": [
            "hoàn thiện thủ tục cấp sổ đỏ cho các hộ ở khu đất giãn dân đã giao nhiều năm."
        ],
        "price_kcn": [
            "Giá bồi thường đất nông nghiệp ở KCN Khánh Phú quá thấp, đề nghị tăng giá đền bù."
        ],
        "resettlement": [
            "đầu tư điện, nước, đường nội bộ tại khu tái định cư Khánh Phú để dân sớm làm nhà."
        ],
        "remeasure": ["kiểm tra, đo lại diện tích đất vì bản đồ địa chính sai so với hiện trạng."],
        "red_book_fee": [
            "Tiền sử dụng đất phải nộp khi cấp sổ đỏ cho đất giãn dân quá cao, nhiều hộ không đủ tiền nộp; đề nghị giảm hoặc cho ghi nợ.",
            "cho phép ghi nợ tiền sử dụng đất khi cấp giấy chứng nhận cho các hộ khó khăn ở khu giãn dân.",
            "giảm tiền sử dụng đất phải nộp khi làm sổ đỏ cho đất giãn dân, mức thu hiện nay vượt khả năng của người dân.",
        ],
    },
    "merger": {
        "documents": [
            "Sau sáp nhập xã, đề nghị không bắt người dân đổi lại giấy tờ có địa chỉ cũ, nếu đổi thì miễn phí."
        ],
        "distance": [
            "Trụ sở xã mới quá xa, đề nghị giữ điểm tiếp nhận hồ sơ thủ tục hành chính tại xã cũ."
        ],
        "surplus": ["giải quyết chế độ, chính sách cho cán bộ, công chức xã dôi dư do sáp nhập."],
        "online": [
            "Hệ thống dịch vụ công trực tuyến hay lỗi, nộp hồ sơ trực tuyến không được; đề nghị nâng cấp hệ thống."
        ],
        "house_numbers": [
            "sớm đặt tên đường, đánh số nhà mới sau khi sáp nhập vì nhiều thôn trùng tên gây nhầm lẫn địa chỉ.",
            "Sau sắp xếp, nhiều thôn trùng tên nhau, thư từ, hàng hóa giao nhầm; đề nghị đặt lại tên thôn, đánh số nhà.",
        ],
    },
    "kct": {
        "hamlet_pay": [
            "Phụ cấp của trưởng thôn và người hoạt động không chuyên trách ở thôn quá thấp; đề nghị tăng."
        ],
        "kct_leave": [
            "nâng mức hỗ trợ cho cán bộ không chuyên trách cấp xã phải nghỉ việc khi sắp xếp bộ máy."
        ],
        "kct_insurance": [
            "có chính sách cho cán bộ không chuyên trách ở thôn, tổ dân phố đóng bảo hiểm xã hội bắt buộc."
        ],
    },
    "farm": {
        "rice_price": [
            "Giá thóc xuống thấp, nông dân bán lúa không có lãi; đề nghị có chính sách hỗ trợ tiêu thụ lúa."
        ],
        "fertilizer": ["Phân bón, thuốc trừ sâu tăng giá, đề nghị bình ổn giá vật tư nông nghiệp."],
        "swine_fever": [
            "Tiền hỗ trợ lợn bị tiêu hủy do dịch tả lợn châu Phi chậm chi trả, đề nghị giải quyết cho các hộ chăn nuôi."
        ],
    },
    "irrigation": {
        "dredge_canal": ["Lòng kênh Bắc bị bồi lấp, đề nghị sớm nạo vét để có nước tưới vụ xuân."],
        "field_canals": ["bê tông hóa kênh mương nội đồng, nhà nước hỗ trợ xi măng cho các thôn."],
        "pump_station": ["Máy bơm trạm bơm Đông Xuyên hỏng, đề nghị sửa chữa kịp thời vụ."],
        "water_fee": [
            "miễn giá dịch vụ thủy lợi nội đồng cho nông dân, hiện các hợp tác xã vẫn thu phí dẫn nước.",
            "Nông dân vẫn phải nộp tiền thủy lợi phí nội đồng cho hợp tác xã; đề nghị nhà nước hỗ trợ để miễn khoản thu này.",
        ],
    },
    "welfare": {
        "elder_age": [
            "Đề nghị hưởng trợ cấp người cao tuổi từ đủ 75 tuổi thay vì 80 tuổi như hiện nay."
        ],
        "disability": [
            "Mức trợ cấp hằng tháng cho người khuyết tật nặng thấp, đề nghị nâng mức trợ cấp."
        ],
        "bank_payment": [
            "Người già không biết rút tiền qua thẻ ATM, đề nghị tiếp tục chi trả trợ cấp bằng tiền mặt."
        ],
    },
    "merit": {
        "agent_orange": [
            "Nhiều hồ sơ hưởng chế độ chất độc hóa học đã nộp lâu chưa được giải quyết, đề nghị sớm xem xét."
        ],
        "housing": [
            "tiếp tục hỗ trợ sửa chữa, xây nhà cho gia đình người có công còn ở nhà dột nát."
        ],
    },
    "school": {
        "classrooms": ["Trường THCS Gia Thắng thiếu phòng học, đề nghị xây thêm phòng học."],
        "fees": [
            "Phụ huynh phản ánh nhiều khoản thu ngoài quy định đầu năm học, đề nghị kiểm tra chấn chỉnh lạm thu."
        ],
        "textbooks": [
            "Sách giáo khoa năm nào cũng thay, không dùng lại được; đề nghị ổn định sách giáo khoa."
        ],
    },
    "health": {
        "station_doctor": ["Trạm y tế xã chưa có bác sĩ, đề nghị bố trí bác sĩ về trạm."],
        "hospital_overload": [
            "Bệnh viện đa khoa tỉnh quá tải, bệnh nhân nằm ghép; đề nghị mở rộng bệnh viện."
        ],
    },
    "security": {
        "drugs": [
            "Ma túy trong thanh thiếu niên gia tăng, đề nghị công an tăng cường phòng chống ma túy."
        ],
        "racing": [
            "Đua xe trái phép trên đường ĐT 491 vào ban đêm, đề nghị công an tuần tra xử lý."
        ],
        "fraud": ["ngăn chặn lừa đảo qua điện thoại, mạng xã hội, nhiều người cao tuổi bị lừa."],
        "loan_shark": ["Cho vay nặng lãi, tín dụng đen còn hoạt động, đề nghị công an triệt phá."],
    },
    "waste": {
        "landfill": ["Bãi rác thôn Nam quá tải, ô nhiễm, đề nghị sớm xử lý."],
        "waste_fee": ["Phí thu gom rác cao mà thu gom không thường xuyên, đề nghị giảm mức thu."],
    },
    "dyke": {
        "erosion": ["Sạt lở bờ sông Hoàng Long ở thôn Thượng, đề nghị xây kè."],
        "encroach": ["Lấn chiếm hành lang đê sông Hoàng Long xây nhà trái phép, đề nghị xử lý."],
    },
    "telecom": {
        "signal": ["Sóng di động, internet ở thôn vùng núi yếu, đề nghị lắp thêm trạm phát sóng."]
    },
    "market": {
        "rebuild": ["Chợ trung tâm xã xuống cấp, đề nghị xây mới chợ."],
        "street_market": ["Chợ họp trên lòng đường ĐT491 gây mất an toàn, đề nghị xử lý dẹp chợ."],
    },
    "jobs": {
        "local_hiring": [
            "Doanh nghiệp ở KCN Khánh Phú cần ưu tiên tuyển lao động địa phương bị mất đất."
        ],
        "vocational": ["tổ chức đào tạo nghề miễn phí cho lao động nông thôn mất đất sản xuất."],
    },
    "culture": {
        "hall": ["Nhà văn hóa thôn Trung dột nát, đề nghị hỗ trợ kinh phí sửa chữa."],
        "sports": ["dành đất xây dựng sân thể thao, sân bóng cho thanh niên các thôn."],
    },
    "storm": {
        "yagi_support": [
            "Tiền hỗ trợ thiệt hại bão số 3 năm 2024 chưa được chi trả cho nhiều hộ, đề nghị chi trả."
        ],
        "trees": ["Cây ăn quả bị bão làm đổ, đề nghị hỗ trợ cây giống cho nông dân trồng lại."],
    },
    "public_land": {
        "land_5pct": ["Việc cho thuê đất công ích 5% không công khai, đề nghị thanh tra."],
        "cemetery": ["Nghĩa trang thôn hết đất an táng, đề nghị quy hoạch nghĩa trang tập trung."],
    },
    "pension": {
        "low_pension": ["Người nghỉ hưu trước năm 1995 lương hưu thấp, đề nghị điều chỉnh tăng."],
        "voluntary_si": [
            "Nâng mức hỗ trợ của Nhà nước khi nông dân đóng bảo hiểm xã hội tự nguyện."
        ],
    },
    "credit": {
        "policy_loan": [
            "Hộ mới thoát nghèo cần vay vốn ưu đãi nhiều hơn, đề nghị Ngân hàng Chính sách xã hội nâng mức cho vay."
        ],
        "poor_criteria": ["Tiêu chí hộ nghèo đa chiều chưa phù hợp thực tế, đề nghị điều chỉnh."],
    },
}


# ----------------------------------------------------------------------------- the set


def _strip_marks(text: str) -> str:
    """Typed without diacritics, case kept (as a secretary on a plain keyboard)."""
    decomposed = unicodedata.normalize("NFD", text)
    out = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return unicodedata.normalize("NFC", out.replace("đ", "d").replace("Đ", "D"))


def _requests() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for source in (FAMILIES, MORE):
        for family, requests in source.items():
            for key, cores in requests.items():
                out.setdefault(f"{family}.{key}", []).extend(cores)
    return out


def _dress(core: str, rng: random.Random) -> tuple[str, str]:
    """An opening (who speaks, from which commune) and maybe a stock closing."""
    commune = rng.choice(COMMUNES)
    hamlet = rng.choice(HAMLETS)
    if core[:1].islower():
        text = rng.choice(REQUEST_OPENINGS).format(c=commune, h=hamlet) + " " + core
    elif rng.random() < 0.35:
        opening = rng.choice(REPORT_OPENINGS).format(c=commune, h=hamlet)
        text = (
            f"{opening} {core[:1].lower()}{core[1:]}"
            if not opening.endswith(":")
            else f"{opening} {core}"
        )
    else:
        text = core
    if rng.random() < 0.25 and "đề nghị" not in core.lower():
        text = text.rstrip() + rng.choice(CLOSINGS)
    if rng.random() < 0.07:
        text = _strip_marks(text)
    return text, commune


def write_data(path: Path = DATA) -> None:
    rng = random.Random(20)
    rows = []
    for key, cores in _requests().items():
        for core in cores:
            text, commune = _dress(core, rng)
            rows.append({"group": key, "commune": commune, "text": text})
    rng.shuffle(rows)  # ids in no order of request: nothing to gain from adjacency
    path.write_text(
        json.dumps(
            {
                "description": "Voters' opinions for bench/voters_grouping.py; group = family.request (same family: same topic, different request).",
                "opinions": [
                    {"id": i, "group": r["group"], "commune": r["commune"], "text": r["text"]}
                    for i, r in enumerate(rows, start=1)
                ],
            },
            ensure_ascii=False,
            indent=1,
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"wrote {len(rows)} opinions in {len({r['group'] for r in rows})} groups to {path}")


def load() -> tuple[list[OpinionText], dict[int, str]]:
    data = json.loads(DATA.read_text(encoding="utf-8"))["opinions"]
    ops = [OpinionText(id=r["id"], text=r["text"], commune=r["commune"]) for r in data]
    return ops, {r["id"]: r["group"] for r in data}


# ----------------------------------------------------------------------------- metrics


@dataclass
class Score:
    precision: float
    recall: float
    f1: float
    groups: int


def pairwise(partition: Sequence[Sequence[int]], gold: Mapping[int, str]) -> Score:
    """Precision and recall of "same group" over all pairs of opinions."""
    cells: Counter[tuple[int, str]] = Counter()
    sizes = []
    for k, group in enumerate(partition):
        sizes.append(len(group))
        for i in group:
            cells[(k, gold[i])] += 1
    tp = sum(c * (c - 1) // 2 for c in cells.values())
    predicted = sum(s * (s - 1) // 2 for s in sizes)
    gold_sizes = Counter(gold[i] for group in partition for i in group)
    actual = sum(c * (c - 1) // 2 for c in gold_sizes.values())
    p = tp / predicted if predicted else 1.0
    r = tp / actual if actual else 1.0
    return Score(p, r, 2 * p * r / (p + r) if p + r else 0.0, len(partition))


def pairwise_edges(edges: Iterable[tuple[int, int]], gold: Mapping[int, str]) -> Score:
    """The same figures for raw pair decisions (not a partition)."""
    edges = list(edges)
    tp = sum(1 for a, b in edges if gold[a] == gold[b])
    actual = sum(c * (c - 1) // 2 for c in Counter(gold.values()).values())
    p = tp / len(edges) if edges else 1.0
    r = tp / actual if actual else 1.0
    return Score(p, r, 2 * p * r / (p + r) if p + r else 0.0, 0)


# ----------------------------------------------------------------------------- baseline

_WORD = re.compile(r"[^\W_]+")


def tfidf_vectors(texts: Sequence[str]) -> list[dict[str, float]]:
    """Plain TF-IDF over lower-cased syllables (accents kept), smooth idf, l2 norm —
    sklearn's TfidfVectorizer defaults, without its tokeniser's 2-letter minimum."""
    docs = [Counter(_WORD.findall(unicodedata.normalize("NFC", t).lower())) for t in texts]
    df: Counter[str] = Counter()
    for d in docs:
        df.update(d.keys())
    n = len(docs)
    out = []
    for d in docs:
        v = {t: c * (math.log((1 + n) / (1 + df[t])) + 1) for t, c in d.items()}
        norm = math.sqrt(sum(w * w for w in v.values()))
        out.append({t: w / norm for t, w in v.items()})
    return out


def all_cosines(vectors: Sequence[Mapping[str, float]]) -> list[tuple[float, int, int]]:
    out = []
    for i, j in itertools.combinations(range(len(vectors)), 2):
        a, b = vectors[i], vectors[j]
        if len(a) > len(b):
            a, b = b, a
        s = sum(w * b.get(t, 0.0) for t, w in a.items())
        if s > 0:
            out.append((s, i, j))
    return out


def components(n: int, edges: Iterable[tuple[int, int]]) -> list[list[int]]:
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in edges:
        parent[find(a)] = find(b)
    out: dict[int, list[int]] = {}
    for i in range(n):
        out.setdefault(find(i), []).append(i)
    return list(out.values())


def baseline(
    ops: Sequence[OpinionText], gold: Mapping[int, str]
) -> tuple[float, Score, float, Score]:
    """Best threshold for the baseline's own F1: as groups (connected components) and
    as raw pair decisions."""
    cos = all_cosines(tfidf_vectors([o.text for o in ops]))
    ids = [o.id for o in ops]
    best_c: tuple[float, Score] = (0.0, Score(0, 0, 0, 0))
    best_e: tuple[float, Score] = (0.0, Score(0, 0, 0, 0))
    for step in range(5, 96):
        t = step / 100
        edges = [(i, j) for s, i, j in cos if s >= t]
        parts = [[ids[k] for k in c] for c in components(len(ops), edges)]
        sc = pairwise(parts, gold)
        if sc.f1 > best_c[1].f1:
            best_c = (t, sc)
        se = pairwise_edges(((ids[i], ids[j]) for i, j in edges), gold)
        if se.f1 > best_e[1].f1:
            best_e = (t, se)
    return best_c[0], best_c[1], best_e[0], best_e[1]


# ----------------------------------------------------------------------------- ours


def ours(
    ops: Sequence[OpinionText], gold: Mapping[int, str], threshold: float | None = None
) -> Score:
    return pairwise([g.opinion_ids for g in propose(ops, threshold=threshold)], gold)


def sweep(ops: Sequence[OpinionText], gold: Mapping[int, str]) -> list[tuple[float, Score]]:
    return [(t / 100, ours(ops, gold, t / 100)) for t in range(6, 51, 2)]


def split_half(
    ops: Sequence[OpinionText], gold: Mapping[int, str]
) -> list[tuple[str, float, Score, Score]]:
    """Threshold chosen on one half of the families, measured on the other half."""
    families = sorted({g.split(".")[0] for g in gold.values()})
    halves = [set(families[0::2]), set(families[1::2])]
    out = []
    for k, (train, test) in enumerate([(halves[0], halves[1]), (halves[1], halves[0])]):
        tr = [o for o in ops if gold[o.id].split(".")[0] in train]
        te = [o for o in ops if gold[o.id].split(".")[0] in test]
        best = max(sweep(tr, gold), key=lambda ts: (ts[1].f1, -ts[0]))
        _t, base, _te, _se = baseline(te, gold)
        out.append((f"half {k + 1}", best[0], ours(te, gold, best[0]), base))
    return out


def ablations(ops: Sequence[OpinionText], gold: Mapping[int, str]) -> list[tuple[str, Score]]:
    rows = []
    saved = (grouping.PARTICULAR_FLOOR, grouping.LINK_RATIO, grouping._FILLER, grouping._SPEAKERS)
    try:
        grouping.PARTICULAR_FLOOR = 1.0
        rows.append(("without the particulars factor", ours(ops, gold)))
        grouping.PARTICULAR_FLOOR = saved[0]
        grouping.LINK_RATIO = 0.0
        rows.append(("single edge ≥ threshold, no average-link check", ours(ops, gold)))
        grouping.LINK_RATIO = saved[1]
        grouping._FILLER = ()  # type: ignore[assignment]
        grouping._SPEAKERS = ()  # type: ignore[assignment]
        grouping._rewrite_tree.cache_clear()
        rows.append(("without boilerplate stripping", ours(ops, gold)))
    finally:
        (grouping.PARTICULAR_FLOOR, grouping.LINK_RATIO, grouping._FILLER, grouping._SPEAKERS) = (
            saved
        )
        grouping._rewrite_tree.cache_clear()
    return rows


# ----------------------------------------------------------------------------- scale

_NUMBER = re.compile(r"\d+")
_NAME_SYLLABLES = ["An", "Bình", "Cát", "Đại", "Đông", "Gia", "Hà", "Hải", "Hòa", "Hưng",
                   "Khánh", "Kim", "Lạc", "Liên", "Long", "Minh", "Mỹ", "Nam", "Ninh", "Phú",
                   "Phúc", "Quang", "Sơn", "Tân", "Thanh", "Thịnh", "Thượng", "Tiến", "Trung",
                   "Vân", "Vĩnh", "Xuân", "Yên"]  # fmt: skip


def _rename(text: str, names: dict[str, str], rng: random.Random) -> str:
    """Every run of two or more capitalised words inside a sentence (a place, a school,
    a company) gets the instance's own name: two instances of a wording are two places."""
    words = text.split(" ")
    out: list[str] = []
    i = 0
    while i < len(words):
        j = i
        after_stop = i == 0 or words[i - 1].endswith((".", ":", ";"))
        while (
            not after_stop
            and j < len(words)
            and words[j][:1].isupper()
            and not words[j].rstrip(".,;:").isupper()
        ):
            j += 1
            if words[j - 1][-1:] in ".,;:":
                break
        if j - i >= 2:
            run = " ".join(words[i:j])
            tail = run[len(run.rstrip(".,;:")) :]
            key = run.rstrip(".,;:")
            name = names.setdefault(
                key, f"{rng.choice(_NAME_SYLLABLES)} {rng.choice(_NAME_SYLLABLES)}"
            )
            out.append(name + tail)
            i = j
        else:
            out.append(words[i])
            i += 1
    return " ".join(out)


def generate(n: int, seed: int = 7) -> tuple[list[OpinionText], dict[int, str]]:
    """N opinions recombined from the labelled wordings: each *instance* is one request
    with its own numbers and names (and a hamlet and commune added to every wording), raised
    at 1–4 meetings with the speakers' openings; gold = the instance."""
    rng = random.Random(seed)
    requests = sorted(_requests().items())
    ops: list[OpinionText] = []
    gold: dict[int, str] = {}
    instance = 0
    while len(ops) < n:
        key, cores = rng.choice(requests)
        instance += 1
        numbers: dict[str, str] = {}
        names: dict[str, str] = {}

        def renumber(m: re.Match[str], numbers: dict[str, str] = numbers) -> str:
            if len(m.group(0)) == 4 and m.group(0).startswith("20"):
                return numbers.setdefault(m.group(0), str(rng.randint(2015, 2025)))
            return numbers.setdefault(m.group(0), str(rng.randint(10, 999)))

        place = f"thôn {rng.choice(_NAME_SYLLABLES)} {rng.choice(_NAME_SYLLABLES)}, xã {rng.choice(_NAME_SYLLABLES)} {rng.choice(_NAME_SYLLABLES)}"
        for _ in range(min(rng.choice((1, 1, 2, 2, 3, 4)), n - len(ops))):
            core = _rename(_NUMBER.sub(renumber, rng.choice(cores)), names, rng)
            core = core.rstrip(".") + f" tại {place}."
            text, commune = _dress(core, rng)
            oid = len(ops) + 1
            ops.append(
                OpinionText(id=oid, text=text, commune=commune, meeting=rng.randint(1, n // 10 + 1))
            )
            gold[oid] = f"{key}#{instance}"
    return ops, gold


def scale(sizes: Sequence[int]) -> list[tuple[int, float, Score]]:
    rows = []
    for n in sizes:
        ops, gold = generate(n)
        start = time.perf_counter()
        groups = propose(ops)
        elapsed = time.perf_counter() - start
        rows.append((n, elapsed, pairwise([g.opinion_ids for g in groups], gold)))
    return rows


# ----------------------------------------------------------------------------- main


def _fmt(s: Score) -> str:
    return f"P {s.precision:.3f}  R {s.recall:.3f}  F1 {s.f1:.3f}  groups {s.groups}"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--write-data", action="store_true")
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 5000, 20000])
    parser.add_argument("--quality-only", action="store_true")
    args = parser.parse_args()
    if args.write_data:
        write_data()
        return
    ops, gold = load()
    print(
        f"labelled set: {len(ops)} opinions, {len(set(gold.values()))} gold groups, "
        f"{sum(c * (c - 1) // 2 for c in Counter(gold.values()).values())} same-group pairs"
    )
    print(f"ours (threshold {grouping.DEFAULT_THRESHOLD}):          {_fmt(ours(ops, gold))}")
    t_c, s_c, t_e, s_e = baseline(ops, gold)
    print(f"TF-IDF cosine, components (best t={t_c:.2f}): {_fmt(s_c)}")
    print(f"TF-IDF cosine, raw pairs  (best t={t_e:.2f}): {_fmt(s_e)}")
    print("ours by threshold:")
    for t, s in sweep(ops, gold):
        print(f"  {t:.2f}  {_fmt(s)}")
    print("threshold chosen on half the families, measured on the other half:")
    print("(the baseline at its best threshold on that same half, as groups, beside it)")
    for name, t, s, base in split_half(ops, gold):
        print(f"  {name}: t={t:.2f}  {_fmt(s)}   | TF-IDF: {_fmt(base)}")
    print("ablations (default threshold):")
    for name, s in ablations(ops, gold):
        print(f"  {name:48s} {_fmt(s)}")
    if args.quality_only:
        return
    print("scale (generated; gold = instance):")
    for n, elapsed, s in scale(args.sizes):
        print(f"  {n:>6}  {elapsed:7.2f} s  {elapsed / n * 1000:6.2f} ms/opinion  {_fmt(s)}")
    saved = grouping.PARTICULAR_FLOOR
    grouping.PARTICULAR_FLOOR = 1.0
    try:
        for n, elapsed, s in scale([5000]):
            print(f"  {n:>6} without the particulars factor: {elapsed:6.2f} s  {_fmt(s)}")
    finally:
        grouping.PARTICULAR_FLOOR = saved


if __name__ == "__main__":
    main()
