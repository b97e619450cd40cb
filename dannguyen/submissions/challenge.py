"""The check question of the submission form: a CAPTCHA that needs no outside service.

The office's portal may run on an intranet with no way out, and a citizen's letter must not
be shown to a third party's script. The question is a small sum written in words, which a
screen reader reads aloud as well as anyone. The token handed out with it is signed and
dated (django.core.signing) and carries only a keyed hash of the answer, never the numbers;
each token is good for one answer (its digest is kept until it would have expired anyway),
and an answer sooner than MIN_FILL_SECONDS after the page was served is a script's.
"""

from __future__ import annotations

import datetime
import enum
import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass

from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .models import UsedChallenge

# Long enough to write a letter with the page open; the question is renewed on each try.
VALID_SECONDS = 60 * 60
MIN_FILL_SECONDS = 3
_SALT = "dannguyen.submissions.challenge"


class Outcome(enum.Enum):
    RIGHT = "right"
    WRONG = "wrong"
    EXPIRED = "expired"
    INVALID = "invalid"
    REUSED = "reused"
    TOO_FAST = "too_fast"


@dataclass(frozen=True)
class Challenge:
    question: str
    token: str


def number_word(n: int) -> str:
    words = (
        pgettext("check question", "zero"),
        pgettext("check question", "one"),
        pgettext("check question", "two"),
        pgettext("check question", "three"),
        pgettext("check question", "four"),
        pgettext("check question", "five"),
        pgettext("check question", "six"),
        pgettext("check question", "seven"),
        pgettext("check question", "eight"),
        pgettext("check question", "nine"),
        pgettext("check question", "ten"),
    )
    return words[n]


def question(a: int, operation: str, b: int) -> str:
    templates = {
        "plus": _("How much is %(a)s plus %(b)s?"),
        "minus": _("How much is %(a)s minus %(b)s?"),
        "times": _("How much is %(a)s times %(b)s?"),
    }
    return templates[operation] % {"a": number_word(a), "b": number_word(b)}


def _answer_hash(nonce: str, answer: int) -> str:
    return salted_hmac(_SALT, f"{nonce}:{answer}", algorithm="sha256").hexdigest()


def issue() -> Challenge:
    """A new question and the token that goes with it in the form."""
    operation = secrets.choice(("plus", "minus", "times"))
    a, b = secrets.randbelow(10) + 1, secrets.randbelow(10) + 1
    if operation == "minus" and b > a:
        a, b = b, a
    answer = {"plus": a + b, "minus": a - b, "times": a * b}[operation]
    nonce = secrets.token_urlsafe(12)
    payload = {"n": nonce, "h": _answer_hash(nonce, answer), "t": int(time.time())}
    return Challenge(question(a, operation, b), signing.dumps(payload, salt=_SALT))


def _consume(token: str, issued_at: int) -> bool:
    """Mark TOKEN as answered; False when it already was."""
    now = timezone.now()
    UsedChallenge.objects.filter(expires_at__lt=now).delete()
    expires = datetime.datetime.fromtimestamp(issued_at + VALID_SECONDS, tz=datetime.UTC)
    try:
        with transaction.atomic():
            UsedChallenge.objects.create(
                digest=hashlib.sha256(token.encode()).hexdigest(), expires_at=expires
            )
    except IntegrityError:
        return False
    return True


def check(token: str, answer: str) -> Outcome:
    """Whether ANSWER answers the question of TOKEN; the token is spent either way."""
    try:
        payload = signing.loads(token, salt=_SALT, max_age=VALID_SECONDS)
        nonce, expected, issued_at = str(payload["n"]), str(payload["h"]), int(payload["t"])
    except signing.SignatureExpired:
        return Outcome.EXPIRED
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return Outcome.INVALID
    if not _consume(token, issued_at):
        return Outcome.REUSED
    if time.time() - issued_at < MIN_FILL_SECONDS:
        return Outcome.TOO_FAST
    text = (answer or "").strip()
    given = int(text) if text.isdigit() and len(text) <= 3 else -1
    if not hmac.compare_digest(_answer_hash(nonce, given), expected):
        return Outcome.WRONG
    return Outcome.RIGHT
