"""The partner page as users see it: partners' page with the agreements that name the
partner (`{% partner_agreements %}`). Partners cannot import this app, so the root urls route
`partners:detail` here."""

from partners.views import detail


class PartnerDetailView(detail.PartnerDetailView):
    template_name = "agreements/partner_detail.html"
