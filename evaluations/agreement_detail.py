"""The agreement page as users see it: agreements' page with the agreement's evaluations over
time and its "tanpa tindak lanjut" flag below the clauses (`{% agreement_evaluations %}`).
Agreements cannot import this app, so the root urls route `agreements:detail` here."""

from agreements.views import detail


class AgreementDetailView(detail.AgreementDetailView):
    template_name = "evaluations/agreement_detail.html"
