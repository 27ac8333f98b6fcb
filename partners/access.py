"""Who may change the partner registry. Reading is scoped by Partner.objects.for_user."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from offices.access import has_role, is_national_admin
from offices.models import Membership, Office

from .models import Partner

EDITOR_ROLES = (Membership.Role.OPERATOR, Membership.Role.ADMIN)


def can_register(user, office: Office | None) -> bool:
    """Operators and admins register partners for their office (and import them)."""
    return office is not None and (user.is_superuser or has_role(user, office, *EDITOR_ROLES))


def can_edit(user, partner: Partner) -> bool:
    """Operators/admins of the registering office or of an office above it."""
    return (
        not partner.is_retired and Partner.objects.editable_by(user).filter(pk=partner.pk).exists()
    )


def can_merge(user) -> bool:
    """National admins (and superusers) merge partners."""
    return is_national_admin(user)


def partner_or_404(user, pk, *, write: bool = False) -> Partner:
    """The partner `pk` if `user` may see it (else 404) and, with `write`, edit it (else 403)."""
    partner = get_object_or_404(Partner.objects.for_user(user), pk=pk)
    if write and not can_edit(user, partner):
        raise PermissionDenied
    return partner
