"""Who may change monev: an evaluation (its form, activities and evidence, its submission) and
a Laporan sent upward. Reading is scoped by for_user on each model."""

from django.core.exceptions import PermissionDenied

from agreements import access as agreement_access
from offices.models import Office

from .models import Evaluation


def can_write(user, evaluation: Evaluation) -> bool:
    """Operators of the evaluated agreement's office fill in and submit its evaluation."""
    return agreement_access.can_write(user, evaluation.agreement)


def require_write(user, evaluation: Evaluation) -> None:
    """403 unless `user` may write `evaluation` (see can_write)."""
    if not can_write(user, evaluation):
        raise PermissionDenied


def can_report(user, office: Office) -> bool:
    """Operators of an office that has an office above it send its reports upward."""
    return office.parent_id is not None and agreement_access.can_write_for(user, office)
