from .access import is_national_admin
from .models import Membership, user_memberships


def current_office(request) -> dict:
    """The current office, the switchable offices and the roles held, for the header and menu."""
    user = getattr(request, "user", None)
    memberships = user_memberships(user) if user is not None else []
    roles = {m.role for m in memberships}
    offices = list({m.office_id: m.office for m in memberships}.values())
    return {
        "current_office": getattr(request, "office", None),
        "switchable_offices": offices if len(offices) > 1 else [],
        "user_roles": roles,
        "is_office_admin": Membership.Role.ADMIN in roles
        or bool(getattr(user, "is_superuser", False)),
        "is_national_admin": is_national_admin(user) if user is not None else False,
    }
