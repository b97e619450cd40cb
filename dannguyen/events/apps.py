from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "dannguyen.events"
    label = "events"
    verbose_name = _("Conferences, briefings and training")

    def ready(self) -> None:
        from dannguyen.core import audit  # noqa: PLC0415 -- app registry must be ready

        from . import models  # noqa: PLC0415 -- app registry must be ready

        # The version counter moves with every change; the fields that moved are what matters.
        audit.register(models.Event, exclude={"version", "updated_at"})
        audit.register(models.AgendaItem)
        audit.register(models.Participant)
        audit.register(models.EventDocument)
        audit.register(models.FollowUpTask)
