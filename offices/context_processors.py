from .access import has_role, is_national_admin
from .models import Membership, user_memberships


def current_office(request) -> dict:
    """The current office, the switchable offices and the roles held, for the header and menu."""
    user = getattr(request, "user", None)
    memberships = user_memberships(user) if user is not None else []
    roles = {m.role for m in memberships}
    offices = list({m.office_id: m.office for m in memberships}.values())
    office = getattr(request, "office", None)
    superuser = bool(getattr(user, "is_superuser", False))
    return {
        "current_office": office,
        "switchable_offices": offices if len(offices) > 1 else [],
        "user_roles": roles,
        "is_office_admin": Membership.Role.ADMIN in roles or superuser,
        # The office's own settings (the KPU number pattern) are edited by its own admins.
        "administers_current_office": office is not None
        and (superuser or has_role(user, office, Membership.Role.ADMIN)),
        "is_national_admin": is_national_admin(user) if user is not None else False,
    }
