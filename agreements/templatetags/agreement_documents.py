"""{% agreement_document_panel agreement user %}: the PDF versions box of an agreement page."""

from django import template

from agreements.documents import document_panel_context

register = template.Library()


@register.inclusion_tag("agreements/documents/panel.html")
def agreement_document_panel(agreement, user) -> dict:
    """The panel's data, loaded here so the agreement views need not know about it."""
    return document_panel_context(agreement, user)
