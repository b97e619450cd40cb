"""Fixed labels of a Vietnamese document header, matched on pfold-ed lines."""

from __future__ import annotations

import re

__all__ = ["GAZETTE_LABEL", "MOTTO", "NUMBER_LABEL"]

# The national motto, on the line pfold-ed: it sits between the issuer and the date.
MOTTO = re.compile(
    r"cong\s*hoa\s+xa\s+hoi\s+chu\s+nghia\s+viet\s+nam|doc\s+lap\s*[-–]\s*tu\s+do\s*[-–]\s*hanh\s+phuc"
)
# "Số:", "Luật số:", "SỐ", optionally mid-line after the issuer when cells were merged.
# At the start of a line the colon is optional ("SỐ 18-L/CTN"); mid-line it is required,
# or every "Nghị định số …" cited in a consolidated text's preamble would qualify.
NUMBER_LABEL = re.compile(
    r"(?:^(?:(?:bo\s+)?luat\s+|phap\s+lenh\s+|sac\s+lenh\s+)?so\s*(?::|(?=\s*\d))"
    r"|(?<=\s)so\s*:)\s*"
)
# The gazette's section labels above a document ("VĂN BẢN QUY PHẠM PHÁP LUẬT").
GAZETTE_LABEL = re.compile(
    r"^(?:van ban quy pham phap luat|van ban phap luat khac|dieu uoc quoc te|van ban hop nhat)"
    r"\s*[-–]?\s*"
)
