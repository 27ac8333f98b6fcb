"""The page of one partner and its independence statement."""

from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.views.decorators.http import require_GET
from django.views.generic import DetailView

from core.activity import activities_for
from core.models import ActivityLog
from core.uploads import private_download

from ..access import can_edit, can_merge, partner_or_404
from ..forms import ContactForm, MergeForm
from ..models import Partner


class PartnerDetailView(LoginRequiredMixin, DetailView):
    template_name = "partners/partner_detail.html"

    def get_queryset(self):
        return Partner.objects.for_user(self.request.user).select_related(
            "parent", "province", "regency", "registered_by", "merged_into"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        partner, user = self.object, self.request.user
        context |= {
            "contacts": partner.contacts.all(),
            "units": partner.units.active(),
            "activities": activities_for(partner)[:30],
            "can_edit": can_edit(user, partner),
            "can_merge": can_merge(user) and not partner.is_retired,
        }
        if context["can_edit"]:
            context["contact_form"] = ContactForm()
        if context["can_merge"]:
            context["merge_form"] = MergeForm(survivor=partner)
            context["merges"] = ActivityLog.objects.filter(
                action="partner.retired", changes__survivor=partner.pk
            ).select_related("actor")
        return context


@login_required
@require_GET
def statement_download(request, pk):
    partner = partner_or_404(request.user, pk)
    if not partner.independence_statement:
        raise Http404
    extension = partner.independence_statement.name.rsplit(".", 1)[-1].lower()
    return private_download(
        partner.independence_statement, f"pernyataan-independensi-{partner.pk}.{extension}"
    )
