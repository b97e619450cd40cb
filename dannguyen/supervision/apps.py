from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "dannguyen.supervision"
    label = "supervision"
    verbose_name = _("Supervision of complaint resolution")

    def ready(self) -> None:
        from dannguyen.core import audit  # noqa: PLC0415 -- app registry must be ready

        from . import models  # noqa: PLC0415 -- app registry must be ready

        audit.register(models.SupervisionPlan)
        audit.register(models.SupervisedAgency)
        audit.register(models.ReportRequest)
        audit.register(models.AgencyReport)
        audit.register(models.WorkingSession)
        audit.register(models.Finding)
        audit.register(models.Recommendation)
