from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from dannguyen.lib.fts import emptied_after_flush


class LegalConfig(AppConfig):
    name = "dannguyen.legal"
    label = "legal"
    verbose_name = _("Legal documents")

    def ready(self) -> None:
        from dannguyen.core import audit  # noqa: PLC0415 -- app registry must be ready

        from . import models  # noqa: PLC0415 -- app registry must be ready

        audit.register(models.DocumentType)
        audit.register(
            models.LegalDocument,
            exclude={"full_text", "title_terms", "content_hash", "name_key", "updated_at"},
        )
        audit.register(models.Relation)
        audit.register(models.EffectEvent)
        audit.register(models.Attachment)

        from django.db.models.signals import pre_delete  # noqa: PLC0415

        from . import search  # noqa: PLC0415 -- app registry must be ready

        def unindex(sender: type, instance: models.LegalDocument, **kwargs: object) -> None:
            # Before the cascade removes the entries, so the corpus statistics follow.
            search.remove_document(instance)

        pre_delete.connect(unindex, sender=models.LegalDocument, weak=False)
        post_migrate.connect(
            emptied_after_flush("legal_searchentry", "legal_article_fts", "legal_heading_fts"),
            sender=self,
            weak=False,
        )
