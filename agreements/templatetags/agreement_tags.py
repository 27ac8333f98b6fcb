"""Agreement fragments and filters; `partner_agreements` fills the partner page as agreements
extends it (agreements/partner_detail.py: partners do not import agreements)."""

from django import template
from django.db.models import Exists, OuterRef

from agreements.models import Agreement, Party
from agreements.selectors import with_time_status

register = template.Library()


@register.inclusion_tag("agreements/includes/partner_agreements.html")
def partner_agreements(partner, user) -> dict:
    """The agreements naming `partner` that `user` may see, newest first (two queries)."""
    named = Party.objects.filter(agreement=OuterRef("pk"), partner=partner)
    agreements = with_time_status(
        Agreement.objects.for_user(user)
        .filter(Exists(named))
        .exclude(state=Agreement.State.CANCELLED)
        .select_related("office")
    ).order_by("-created_at")[:50]
    return {
        "agreements": list(agreements),
        "partner": partner,
        "time_statuses": dict(Agreement.TimeStatus.choices),
    }


@register.filter(name="mark_placeholders")
def mark_placeholders_filter(text) -> str:
    """The text escaped, its unfilled placeholders highlighted (agreements.placeholders)."""
    from agreements.placeholders import mark_placeholders

    return mark_placeholders(str(text or ""))


@register.filter
def party_role(party) -> str:
    """A party's role in the reader's language: "PIHAK KEDUA" / "SECOND PARTY" (documents
    keep the Indonesian `role_label`)."""
    from django.utils.translation import gettext

    labels = [
        gettext("PIHAK KEDUA"),
        gettext("PIHAK KETIGA"),
        gettext("PIHAK KEEMPAT"),
        gettext("PIHAK KELIMA"),
        gettext("PIHAK KEENAM"),
    ]
    position = getattr(party, "position", 1) or 1
    return labels[min(position, len(labels)) - 1]
