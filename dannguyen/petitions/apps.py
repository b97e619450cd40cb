from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PetitionsConfig(AppConfig):
    name = "dannguyen.petitions"
    label = "petitions"
    verbose_name = _("Petitions")

    def ready(self) -> None:
        from dannguyen.core import audit  # noqa: PLC0415 -- app registry must be ready

        from . import models  # noqa: PLC0415 -- app registry must be ready

        # The text of a petition may name its author (a denouncer writes "tôi là …"), so the
        # general audit log records that it changed, never what it says.
        audit.register(models.Petition, secret={"content", "summary", "note"})
        audit.register(models.Petitioner, secret=set(models.Petitioner.IDENTITY_FIELDS))
        audit.register(models.PetitionSigner)
        audit.register(models.PetitionAttachment, secret={"original_name"})
        audit.register(models.DuplicateLink)
        audit.register(models.ScanBatch)
        # The text of a scanned letter names its writer like the content does.
        audit.register(models.ScanPage, secret={"ocr_text", "text"})
