"""Every dashboard test writes its files (scans, exported reports) under tmp_path."""

import pytest


@pytest.fixture(autouse=True)
def _files_in_tmp(private_media):
    """See tests/conftest.py::private_media."""
