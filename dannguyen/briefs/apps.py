from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BriefsConfig(AppConfig):
    name = "dannguyen.briefs"
    label = "briefs"
    verbose_name = _("Information service")

    def ready(self) -> None:
        from dannguyen.core import audit  # noqa: PLC0415 -- app registry must be ready

        from . import models  # noqa: PLC0415 -- app registry must be ready

        # The version counter moves with every change; the fields that moved are what matters.
        audit.register(models.Brief, exclude={"version", "updated_at"})
        audit.register(models.BriefDocument)
        audit.register(models.BriefVoterPetition)
        audit.register(models.BriefSection)
