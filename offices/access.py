"""Who may do what where: role checks over memberships (the reads are scoped in models)."""

from django.core.exceptions import PermissionDenied

from .models import Membership, Office, user_memberships

Role = Membership.Role


def roles_in(user, office: Office) -> set[str]:
    """The roles `user` holds in exactly this office."""
    return {m.role for m in user_memberships(user) if m.office_id == office.pk}


def has_role(user, office: Office, *roles: str) -> bool:
    """True when `user` holds one of `roles` in `office` itself."""
    return bool(roles_in(user, office) & set(roles))


def has_any_role(user, *roles: str) -> bool:
    """True when `user` holds one of `roles` in any office."""
    return user.is_superuser or any(m.role in roles for m in user_memberships(user))


def is_national_admin(user) -> bool:
    """ADMIN of KPU RI, or a superuser: edits national settings (templates, instrument) and
    merges partners."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or any(
        m.role == Role.ADMIN and m.office.level == Office.Level.NATIONAL
        for m in user_memberships(user)
    )


def administers_itself(user, office: Office | None) -> bool:
    """True when `user` is ADMIN of `office` itself (or a superuser): edits the office's own
    settings, the KPU number pattern."""
    if office is None:
        return False
    return user.is_superuser or has_role(user, office, Role.ADMIN)


def administers(user, office: Office) -> bool:
    """True when `user` is ADMIN of `office` or of an office above it."""
    if user.is_superuser:
        return True
    chain = {office.pk, office.parent_id, office.parent.parent_id if office.parent else None}
    return any(m.role == Role.ADMIN and m.office_id in chain for m in user_memberships(user))


def require_any_role(user, *roles: str) -> None:
    """403 unless `user` holds one of `roles` somewhere."""
    if not has_any_role(user, *roles):
        raise PermissionDenied


class RoleRequiredMixin:
    """Class-based views: 403 for a signed-in user without one of `required_roles`."""

    required_roles: tuple[str, ...] = ()

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and self.required_roles:
            require_any_role(request.user, *self.required_roles)
        return super().dispatch(request, *args, **kwargs)
