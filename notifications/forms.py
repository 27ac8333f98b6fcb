"""The preferences form: email per kind, and the daily digest."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Kind


class PreferencesForm(forms.Form):
    """Which kinds arrive by email; with the digest, they arrive once a day in one email."""

    email_kinds = forms.MultipleChoiceField(
        label=_("Kirim email untuk"),
        choices=Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Notifikasi tetap muncul di aplikasi; pilihan ini hanya mengatur email."),
    )
    daily_digest = forms.BooleanField(
        label=_("Kirim sebagai satu ringkasan harian"),
        required=False,
        help_text=_(
            "Satu email setiap pagi berisi notifikasi sehari, bukan satu email per notifikasi."
        ),
    )
