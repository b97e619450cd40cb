from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VotersConfig(AppConfig):
    name = "dannguyen.voters"
    label = "voters"
    verbose_name = _("Voter contact")

    def ready(self) -> None:
        from dannguyen.core import audit  # noqa: PLC0415 -- app registry must be ready

        from . import models  # noqa: PLC0415 -- app registry must be ready

        audit.register(models.Session)
        audit.register(models.ContactPlan)
        audit.register(models.Meeting)
        audit.register(models.Opinion)
        audit.register(models.VoterPetition)
        audit.register(models.TimeRule)
        audit.register(models.SynthesisReport)
        audit.register(models.Dispatch)
        audit.register(models.Answer)
        audit.register(models.Evaluation)
