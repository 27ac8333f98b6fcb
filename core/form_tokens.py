"""One-time tokens that make create forms idempotent.

A create form carries a random token (a hidden field, made when the form is shown). The
first post that saves claims it: a FormSubmission row inserted in the same transaction as
the new object, under a unique constraint. A double click or a concurrent repost of the
same form inserts the same token, waits on the first transaction's row lock, fails on the
constraint once the first commits, and gets back the object the first post made; if the
first post failed and rolled back, its token was never taken and the next post goes ahead.
"""

import datetime
import secrets
from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.http import HttpResponseRedirect
from django.shortcuts import resolve_url
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import FormSubmission

KEEP_FOR = datetime.timedelta(days=1)
ALREADY_SAVED = _("Formulir ini sudah dikirim dan datanya sudah tersimpan; tidak dibuat dua kali.")
FOREIGN_TOKEN = _("Formulir ini tidak berlaku lagi. Muat ulang halaman dan isi kembali.")


def new_form_token() -> str:
    return secrets.token_urlsafe(24)


def form_token_field() -> forms.CharField:
    """The hidden field of a create form; filled with a fresh token when the form is shown
    unbound (see `with_fresh_token`)."""
    return forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)


def with_fresh_token(form: forms.Form) -> forms.Form:
    """Give an unbound form a new token (a bound form keeps the one it was posted with)."""
    if not form.is_bound:
        form.initial["form_token"] = new_form_token()
    return form


class AlreadySubmitted(Exception):
    """The token was claimed by an earlier post; `created` is what it made (None if gone)."""

    def __init__(self, created: models.Model | None):
        super().__init__("form already submitted")
        self.created = created


@transaction.atomic
def create_once(*, token: str, user, purpose: str, create: Callable[[], models.Model]):
    """Run `create()` unless a post with the same `token` already did; returns its object.

    Raises AlreadySubmitted with the earlier post's object when the token is taken. Without
    a token (the API, commands) it simply creates.
    """
    if not token:
        return create()
    try:
        with transaction.atomic():
            claim = FormSubmission.objects.create(token=token, user=user, purpose=purpose)
    except IntegrityError:
        earlier = FormSubmission.objects.filter(token=token).first()
        if earlier is None or earlier.user_id != user.pk or earlier.purpose != purpose:
            raise ValidationError(FOREIGN_TOKEN, code="form_token") from None
        raise AlreadySubmitted(earlier.created) from None
    created = create()
    claim.content_type = ContentType.objects.get_for_model(created)
    claim.object_id = str(created.pk)
    claim.save(update_fields=["content_type", "object_id"])
    return created


def clear_old_form_tokens(*, now: datetime.datetime | None = None) -> int:
    """Delete the tokens of posts older than KEEP_FOR; returns how many."""
    cutoff = (now or timezone.now()) - KEEP_FOR
    deleted, _rows = FormSubmission.objects.filter(created_at__lt=cutoff).delete()
    return deleted


def already_saved(request, done: AlreadySubmitted, fallback) -> HttpResponseRedirect:
    """The answer to a repost: say it was saved once, and show what the first post made
    (its own page if it has one, `fallback` otherwise)."""
    messages.info(request, ALREADY_SAVED)
    created_url = getattr(done.created, "get_absolute_url", None)
    target = created_url() if created_url is not None else fallback
    return HttpResponseRedirect(resolve_url(target))
