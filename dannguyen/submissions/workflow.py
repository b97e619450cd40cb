"""Online petitions: turning a citizen's form into a registered petition, and finding it
again from its tracking code.

`submit` is the only code that writes a `Submission`, in the same transaction as the
petition it registers through `petitions.workflow.register` (channel "online"), so the
register, its clocks and the matching index treat it as any other letter. It is registered
by the portal's own account, which cannot sign in.
"""

from __future__ import annotations

import datetime
import hmac
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from dannguyen.accounts.models import User
from dannguyen.core import audit
from dannguyen.petitions import workflow as petitions
from dannguyen.petitions.identity import PersonInput
from dannguyen.petitions.models import AttachmentKind, Channel, Petition, Petitioner

from . import tracking
from .models import Submission

PORTAL_USERNAME = "portal"
# Shown in the register as who entered the letter: data in the office's language, like
# OFFICE_NAME, not an interface string.
PORTAL_FULL_NAME = "Cổng thông tin (đơn gửi trực tuyến)"
# The same letter from the same phone within this time is a repeat, not a new petition.
REPEAT_WINDOW = datetime.timedelta(hours=24)
# Compared against when there is nothing to compare, so a miss costs what a hit costs.
_NOTHING = "0" * 64


class Refused(Exception):
    """A submission that is not taken; its message is forms.REFUSED, whatever the cause."""


@dataclass(frozen=True)
class Receipt:
    """What the citizen is shown once: the code exists nowhere else in clear."""

    code: str
    petition: Petition


def portal_user() -> User:
    """The account online petitions are registered by: inactive, without a password."""
    user, _created = User.objects.get_or_create(
        username=PORTAL_USERNAME,
        defaults={
            "full_name": PORTAL_FULL_NAME,
            "is_active": False,
            "password": make_password(None),
        },
    )
    return user


def is_repeat(*, phone: str, content: str, now: datetime.datetime) -> bool:
    return Submission.objects.filter(
        phone_hash__in=tracking.keyed_all("phone", tracking.phone_material(phone)),
        content_hash__in=tracking.keyed_all("content", tracking.content_material(content)),
        submitted_at__gt=now - REPEAT_WINDOW,
    ).exists()


def submit(
    *,
    kind: str,
    receiving_subject: str,
    person: PersonInput,
    summary: str,
    content: str,
    place_detail: str = "",
    previous_handling: str = "",
    files: list[tuple[UploadedFile, str]] | None = None,
    now: datetime.datetime | None = None,
) -> Receipt:
    """Register the petition and its tracking record; raise Refused for a repeat.

    PERSON is entered as a new petitioner even when the identity number is already in the
    register: nobody vouches for what was typed on a public page, so it must not overwrite
    the record of a person the office knows (the matching engine still finds them alike,
    and staff merge what is the same person).
    """
    now = now or timezone.now()
    stored: list[str] = []
    try:
        with transaction.atomic():
            if is_repeat(phone=person.phone, content=content, now=now):
                raise Refused
            user = portal_user()
            code = tracking.new_code()
            with audit.acting_as(user, source="portal"):
                petition = petitions.register(
                    values={
                        "received_on": timezone.localdate(now),
                        "channel": Channel.ONLINE,
                        "receiving_subject": receiving_subject,
                        "kind": kind,
                        "summary": summary,
                        "content": content,
                        "place_detail": place_detail,
                        "previous_handling": previous_handling,
                        "signer_count": 1,
                    },
                    people=[
                        PersonInput(
                            full_name=person.full_name,
                            id_number=person.id_number,
                            phone=person.phone,
                            address=person.address,
                            existing=Petitioner(),
                        )
                    ],
                    by=user,
                    files=files or [],
                    attachment_kind=AttachmentKind.EVIDENCE,
                    now=now,
                )
                stored = [a.file.name for a in petition.attachments.all()]
                id_material = tracking.id_number_material(person.id_number)
                Submission.objects.create(
                    petition=petition,
                    code_hash=tracking.keyed("code", tracking.code_material(code)),
                    phone_hash=tracking.keyed("phone", tracking.phone_material(person.phone)),
                    id_number_hash=tracking.keyed("id", id_material) if id_material else "",
                    content_hash=tracking.keyed("content", tracking.content_material(content)),
                    submitted_at=now,
                )
    except Refused:
        raise
    except Exception:
        # The database rolled back; the encrypted files written meanwhile must go too.
        for name in stored:
            default_storage.delete(name)
        raise
    return Receipt(code=code, petition=petition)


def _matches(candidates: list[str], target: str) -> bool:
    result = False
    for candidate in candidates:
        result |= hmac.compare_digest(candidate, target)
    return result


def find(*, code: str, contact: str) -> Submission | None:
    """The submission CODE names, if CONTACT is its phone or identity number; else None.

    Every way of failing does the same work (one query, the same comparisons), so neither
    the answer nor its timing tells whether the code exists.
    """
    material = tracking.code_material(code)
    hashes = tracking.keyed_all("code", material or _NOTHING)
    found = (
        Submission.objects.select_related("petition")
        .filter(code_hash__in=hashes if material else [_NOTHING])
        .first()
    )
    phone_target = found.phone_hash if found else _NOTHING
    id_target = found.id_number_hash if found and found.id_number_hash else _NOTHING
    phone_ok = _matches(tracking.keyed_all("phone", tracking.phone_material(contact)), phone_target)
    id_ok = _matches(tracking.keyed_all("id", tracking.id_number_material(contact)), id_target)
    return found if found is not None and (phone_ok or id_ok) else None
