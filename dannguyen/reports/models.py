"""Report layouts (mẫu báo cáo) as versioned data.

The official templates changed in 2021 (TT 02/2021/TT-TTCP) and again in 2025 (TT
06/2025/TT-TTCP), and the NA-side report set (domain.md §5.2) is the office's own practice:
a layout is therefore a row with validity dates and a JSON definition (lines with "MS"
codes, metric keys, filters, formulas, grouping), validated by `layouts.validate`, never
code. The numbers are always computed from the registers (`metrics.py`), never typed.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dannguyen.core.audit import AuditedQuerySet


class ReportLayoutQuerySet(AuditedQuerySet):
    def valid_on(self, day: datetime.date) -> ReportLayoutQuerySet:
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day),
            Q(valid_to__isnull=True) | Q(valid_to__gte=day),
        )


class ReportLayout(models.Model):
    """One version of a report's layout; the version in force on a period's last day applies."""

    code = models.CharField(_("code"), max_length=20)
    title = models.CharField(_("title"), max_length=300)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    definition: models.JSONField[Any, Any] = models.JSONField(_("definition"), default=dict)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    objects = ReportLayoutQuerySet.as_manager()

    class Meta:
        ordering = ["order", "code", "-version"]
        verbose_name = _("report layout")
        verbose_name_plural = _("report layouts")
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="reportlayout_code_version"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="reportlayout_validity_ordered",
            ),
            models.CheckConstraint(
                condition=Q(version__gte=1), name="reportlayout_version_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} v{self.version} — {self.title}"
