"""The page of one agreement."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import DetailView

from ..detail import agreement_page, page_context
from ..forms import AddendumForm, PartyForm, SignForm, TerminateForm
from ..models import Agreement


class AgreementDetailView(LoginRequiredMixin, DetailView):
    """One agreement with everything around it, in a fixed number of queries (see
    agreements.detail); an editable draft shows its checklist, and its writer the forms."""

    template_name = "agreements/agreement_detail.html"

    def get_object(self, queryset=None):
        self.page = agreement_page(self.request.user, self.kwargs["pk"])
        return self.page.agreement

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        agreement, user = self.page.agreement, self.request.user
        context |= page_context(self.page, user)
        writer = context["can_write"]
        if writer and agreement.is_editable:
            context["party_form"] = PartyForm(user=user)
        if writer and agreement.state == Agreement.State.CLEARED:
            context["sign_form"] = SignForm(initial=SignForm.initial_for(agreement))
        if writer and agreement.state == Agreement.State.SIGNED:
            context["terminate_form"] = TerminateForm()
            context["addendum_form"] = AddendumForm()
        return context
