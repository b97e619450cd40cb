from __future__ import annotations

import datetime

import factory

from dannguyen.legal.models import DocumentType, LegalDocument


class DocumentTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DocumentType
        django_get_or_create = ("code",)

    code = "luat"
    name = "Luật"
    rank = 2
    level = "central"


class LegalDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LegalDocument

    number_raw = factory.Sequence(lambda n: f"{n + 1:02d}/2011/QH13")
    number_key = factory.LazyAttribute(lambda o: o.number_raw.upper())
    title = factory.Sequence(lambda n: f"Luật thử nghiệm số {n + 1}")
    document_type = factory.SubFactory(DocumentTypeFactory)
    level = "central"
    issued_on = datetime.date(2011, 11, 11)
    effective_on = datetime.date(2012, 7, 1)
    source = "manual"
