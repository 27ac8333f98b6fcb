"""The demo accounts that `manage.py seed_demo` creates (development and demonstrations)."""

from django.contrib.auth import get_user_model
from django.db import transaction

from .models import Membership, Office

User = get_user_model()
Role = Membership.Role
DEMO_PASSWORD = "demo-kerjasama-2025"

# username, full name, office code ("" = KPU RI), role, superuser
DEMO_USERS = [
    ("admin.ri", "Admin KPU RI", "", Role.ADMIN, True),
    ("verifikator.ri", "Verifikator KPU RI", "", Role.REVIEWER, False),
    ("verifikator.jatim", "Verifikator KPU Jatim", "35", Role.REVIEWER, False),
    ("komisioner.jatim", "Komisioner KPU Jatim", "35", Role.COMMISSIONER, False),
    ("operator.ponorogo", "Operator KPU Ponorogo", "35.02", Role.OPERATOR, False),
    ("komisioner.ponorogo", "Komisioner KPU Ponorogo", "35.02", Role.COMMISSIONER, False),
    ("operator.sleman", "Operator KPU Sleman", "34.04", Role.OPERATOR, False),
    ("operator.surabaya", "Operator KPU Surabaya", "35.78", Role.OPERATOR, False),
    ("operator.madiun", "Operator KPU Madiun", "35.19", Role.OPERATOR, False),
    ("operator.jateng", "Operator KPU Jateng", "33", Role.OPERATOR, False),
    ("operator.semarang", "Operator KPU Semarang", "33.74", Role.OPERATOR, False),
]


def office_by_code(code: str) -> Office:
    """The office with Kemendagri `code`; "" is KPU RI."""
    if not code:
        return Office.objects.get(level=Office.Level.NATIONAL)
    return Office.objects.get(code=code)


@transaction.atomic
def seed_demo_users() -> list[tuple[str, str, str]]:
    """Create (or reset) the demo users; returns (username, role, office) rows to print."""
    rows = []
    for username, full_name, code, role, superuser in DEMO_USERS:
        first, _, last = full_name.partition(" ")
        user, _ = User.objects.get_or_create(username=username)
        user.first_name, user.last_name = first, last
        user.email = f"{username}@demo.kpu.go.id"
        user.is_active = True
        user.is_staff = user.is_superuser = superuser
        user.set_password(DEMO_PASSWORD)
        user.save()
        office = office_by_code(code)
        Membership.objects.get_or_create(user=user, office=office, role=role)
        rows.append((username, Role(role).label, office.name))
    return rows
