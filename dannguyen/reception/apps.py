from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReceptionConfig(AppConfig):
    name = "dannguyen.reception"
    label = "reception"
    verbose_name = _("Citizen reception")

    def ready(self) -> None:
        from dannguyen.core import audit  # noqa: PLC0415 -- app registry must be ready

        from . import models  # noqa: PLC0415 -- app registry must be ready

        audit.register(models.ReceptionSession)
        # What a citizen says may name them (a denouncer says "tôi là …"): the audit log
        # records that the text changed, never what it says.
        audit.register(
            models.ReceptionCase,
            secret={"content", "citizen_request", "outcome_detail", "instructions", "note"},
        )
        audit.register(models.ReceptionCitizen, secret=set(models.ReceptionCitizen.IDENTITY_FIELDS))
        audit.register(models.TimeLimitRule)
        audit.register(models.RefusalGround)
