"""domain.md §3.4 reads NQLT 72 Art 38(2) (as amended by NQLT 100/2025) for extraordinary
sessions only: the 2 / 7 working days no longer apply to thematic sessions, whose synthesis
has no statutory count there. Corrects the rows shipped by 0002 (load_reference_data does the
same from the fixture)."""

from django.db import migrations

CODES = ("synthesis-before-extraordinary", "synthesis-after-extraordinary")


def forward(apps, schema_editor):
    TimeRule = apps.get_model("voters", "TimeRule")
    for rule in TimeRule.objects.filter(code__in=CODES):
        rule.session_kinds = ["extraordinary"]
        rule.legal_basis = rule.legal_basis.replace(
            "kỳ họp bất thường (chuyên đề)", "kỳ họp bất thường"
        )
        rule.save(update_fields=["session_kinds", "legal_basis"])


class Migration(migrations.Migration):
    dependencies = [("voters", "0006_publication_rule_data")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
