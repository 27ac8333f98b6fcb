"""Reads reused by several views."""

from django.contrib.auth import get_user_model
from django.db.models import Count, Q, QuerySet

from .models import Membership, Office, scope_q

User = get_user_model()


def offices_administered(user) -> QuerySet[Office]:
    """Active offices where `user` may manage users: where they are ADMIN, and below."""
    return Office.objects.active().filter(scope_q(user, roles=(Membership.Role.ADMIN,)))


def users_for_admin(user) -> QuerySet:
    """Users holding a role in an office `user` administers."""
    if user.is_superuser:
        return User.objects.all()
    offices = Office.objects.filter(scope_q(user, roles=(Membership.Role.ADMIN,)))
    return User.objects.filter(
        pk__in=Membership.objects.filter(office__in=offices).values("user_id")
    )


def office_summary(office: Office) -> dict[str, int]:
    """How many active offices of each level lie below `office`."""
    below = Office.objects.active().filter(Q(parent=office) | Q(parent__parent=office))
    counts = below.aggregate(
        provinces=Count("pk", filter=Q(level=Office.Level.PROVINCE)),
        regencies=Count("pk", filter=Q(level=Office.Level.REGENCY)),
    )
    return counts
