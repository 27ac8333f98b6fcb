"""The agreement fixtures (a complete draft of KPU Kabupaten Ponorogo and its partner) for
the review tests."""

from tests.agreements.conftest import make_draft, private_media, umpo  # noqa: F401
