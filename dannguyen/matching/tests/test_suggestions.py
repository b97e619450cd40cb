"""Suggestions: rules from day one, then learned from confirmed items."""

from __future__ import annotations

import datetime

import pytest

from dannguyen.core.models import Agency
from dannguyen.matching import services, suggestions
from dannguyen.matching.models import Rule

pytestmark = pytest.mark.django_db

DENUNCIATION = (
    "Tôi làm đơn này tố cáo ông Trần Văn Bình, cán bộ địa chính xã, đã nhận hối lộ 50 triệu "
    "đồng để làm sổ đỏ cho một hộ trong thôn."
)
COMPLAINT = (
    "Gia đình tôi khiếu nại quyết định thu hồi đất của UBND xã vì mức đền bù không thỏa đáng."
)


@pytest.mark.usefixtures("rules")
def test_rules_suggest_the_kind_on_an_empty_database() -> None:
    [first, *_rest] = services.suggest(namespace="petition-kind", text=DENUNCIATION)
    assert first.label == "denunciation"
    assert first.reasons == ["words: ‘tố cáo, nhận hối lộ’"]
    assert first.confidence == pytest.approx(3.5 / 4.5, abs=1e-4)
    [complaint] = services.suggest(namespace="petition-kind", text=COMPLAINT)
    assert complaint.label == "complaint"
    assert complaint.reasons == ["words: ‘khiếu nại, quyết định thu hồi đất, không thỏa đáng’"]


@pytest.mark.usefixtures("rules")
def test_rules_work_without_diacritics_and_with_abbreviations() -> None:
    text = "Khieu nai ve gia den bu khi thu hoi dat cua UBND xa"
    labels = [s.label for s in services.suggest(namespace="petition-field", text=text)]
    assert labels[0] == "HC-DD-BT"


@pytest.mark.usefixtures("rules")
def test_rules_name_agencies_by_their_short_name() -> None:
    text = "Đề nghị đôn đốc chấp hành viên thi hành án theo bản án đã có hiệu lực."
    [first, *_rest] = services.suggest(namespace="petition-agency", text=text)
    assert first.label == str(Agency.objects.get(short_name="THADS tỉnh").pk)
    assert first.reasons == ["words: ‘chấp hành viên, thi hành án’"]


@pytest.mark.usefixtures("rules")
def test_a_rule_counts_only_while_it_is_valid() -> None:
    text = "Khiếu nại quyết định của Ủy ban nhân dân huyện về việc cấp đất."
    rule = Rule.objects.get(
        namespace="petition-kind", phrase="quyết định của ủy ban nhân dân huyện"
    )
    assert rule.valid_to == datetime.date(2025, 6, 30)
    before = suggestions.suggest("petition-kind", text, today=datetime.date(2025, 6, 1))
    after = suggestions.suggest("petition-kind", text, today=datetime.date(2025, 7, 1))
    assert before[0].reasons == ["words: ‘khiếu nại, quyết định của ủy ban nhân dân huyện’"]
    assert after[0].reasons == ["words: ‘khiếu nại’"]
    assert before[0].confidence > after[0].confidence


def test_without_rules_or_data_there_is_nothing_to_suggest() -> None:
    assert services.suggest(namespace="petition-field", text=DENUNCIATION) == []


@pytest.mark.usefixtures("rules")
def test_learning_from_confirmed_items_changes_the_suggestions() -> None:
    text = "Mương nội đồng thôn Trung bị bồi lấp, nước không về ruộng được."
    before = services.suggest(namespace="petition-field", text=text)
    assert "HC-KHAC-NN" not in [s.label for s in before]
    examples = [
        ("Mương nội đồng thôn Đoài bị bồi lấp, ruộng không có nước cấy.", "HC-KHAC-NN"),
        ("Đề nghị nạo vét mương nội đồng bị bồi lấp ở xứ đồng Cửa Chùa.", "HC-KHAC-NN"),
        ("Mương tiêu nội đồng bị bồi lấp gây úng ruộng lúa.", "HC-KHAC-NN"),
        ("Đường liên thôn xuống cấp, nhiều ổ gà.", "HC-KHAC-GT"),
        ("Cầu dân sinh qua kênh bị gãy, học sinh phải đi đò.", "HC-KHAC-GT"),
        ("", "HC-KHAC-GT"),
        ("Đơn không có nhãn", ""),
    ]
    report = services.learn(namespace="petition-field", examples=examples)
    assert (report.examples, report.skipped) == (5, 2)
    assert report.labels == {"HC-KHAC-GT": 2, "HC-KHAC-NN": 3}
    [first, *_rest] = services.suggest(namespace="petition-field", text=text)
    assert first.label == "HC-KHAC-NN"
    assert first.reasons[-1] == "similar to 3 confirmed items"
    assert first.reasons[0].startswith("learned from confirmed items: ‘")
    assert "bồi lấp" in first.reasons[0]
    # Learning again replaces the model rather than adding to it.
    services.learn(namespace="petition-field", examples=examples[3:5])
    labels = [s.label for s in services.suggest(namespace="petition-field", text=text)]
    assert "HC-KHAC-NN" not in labels


@pytest.mark.usefixtures("rules")
def test_suggestions_never_exceed_the_limit_and_are_ordered() -> None:
    text = DENUNCIATION + " " + COMPLAINT + " Đường liên thôn xuống cấp, ô nhiễm môi trường."
    found = services.suggest(namespace="petition-field", text=text, limit=2)
    assert len(found) == 2
    assert found[0].confidence >= found[1].confidence
    assert services.suggest(namespace="petition-field", text=text, limit=0) == []
