from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeputiesConfig(AppConfig):
    name = "dannguyen.deputies"
    label = "deputies"
    verbose_name = _("Deputies and their activities")

    def ready(self) -> None:
        from dannguyen.core import audit  # noqa: PLC0415 -- app registry must be ready

        from . import models  # noqa: PLC0415 -- app registry must be ready

        audit.register(models.Term)
        audit.register(models.Person, exclude={"name_folded", "updated_at"})
        audit.register(models.Organization)
        audit.register(models.Area)
        audit.register(models.Membership)
        audit.register(models.ActivityEntry)
