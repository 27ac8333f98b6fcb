from .access import administers_itself, has_any_role, is_national_admin
from .models import Membership, user_memberships


def current_office(request) -> dict:
    """The current office, the switchable offices and the roles held, for the header and menu."""
    user = getattr(request, "user", None)
    memberships = user_memberships(user) if user is not None else []
    roles = {m.role for m in memberships}
    offices = list({m.office_id: m.office for m in memberships}.values())
    office = getattr(request, "office", None)
    return {
        "current_office": office,
        "switchable_offices": offices if len(offices) > 1 else [],
        "user_roles": roles,
        # The same rules as the views they link to (user management, the number pattern).
        "is_office_admin": user is not None and has_any_role(user, Membership.Role.ADMIN),
        "administers_current_office": user is not None and administers_itself(user, office),
        "is_national_admin": is_national_admin(user) if user is not None else False,
    }
