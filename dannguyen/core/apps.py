from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "dannguyen.core"
    label = "core"
    verbose_name = _("Reference data and audit")

    def ready(self) -> None:
        from . import audit, models  # noqa: PLC0415 -- app registry must be ready

        audit.register(models.AdministrativeUnit)
        audit.register(models.FieldOfWork)
        audit.register(models.Agency)
        audit.register(models.CalendarOverride)
