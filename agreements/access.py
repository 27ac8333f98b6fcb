"""Who may change an agreement: the operators of its own office (DESIGN: OPERATOR writes
for their own office). Reading is scoped by Agreement.objects.for_user."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from offices.access import has_role
from offices.models import Membership, Office

from .models import Agreement


def can_write_for(user, office: Office | None) -> bool:
    """True when `user` may draft and sign for `office`."""
    return office is not None and (
        user.is_superuser or has_role(user, office, Membership.Role.OPERATOR)
    )


def can_write(user, agreement: Agreement) -> bool:
    return can_write_for(user, agreement.office)


def require_write(user, agreement: Agreement) -> None:
    """403 unless `user` is an operator of the agreement's office."""
    if not can_write(user, agreement):
        raise PermissionDenied


def agreement_or_404(user, pk, *, write: bool = False) -> Agreement:
    """The agreement `pk` if `user` may see it (else 404) and, with `write`, change it (else
    403), with its office, the office's parent and its parent agreement."""
    queryset = Agreement.objects.for_user(user).select_related("office__parent", "parent__office")
    agreement = get_object_or_404(queryset, pk=pk)
    if write:
        require_write(user, agreement)
    return agreement
