from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResearchConfig(AppConfig):
    name = "dannguyen.research"
    label = "research"
    verbose_name = _("Research topics")

    def ready(self) -> None:
        from dannguyen.core import audit  # noqa: PLC0415 -- app registry must be ready

        from . import models  # noqa: PLC0415 -- app registry must be ready

        for model in (models.Topic, models.Milestone, models.Output):
            audit.register(model)
