from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from dannguyen.lib.fts import emptied_after_flush


class MatchingConfig(AppConfig):
    name = "dannguyen.matching"
    label = "matching"
    verbose_name = _("Text matching and suggestions")

    def ready(self) -> None:
        from dannguyen.core import audit  # noqa: PLC0415 -- app registry must be ready

        from . import models  # noqa: PLC0415 -- app registry must be ready

        # Rules are reference data the office may edit; the index tables are derived
        # (rebuilt from the callers' records) and are not audited.
        audit.register(models.Rule, exclude={"phrase_key"})
        post_migrate.connect(
            emptied_after_flush("matching_item", "matching_item_fts"), sender=self, weak=False
        )
