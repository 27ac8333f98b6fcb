"""Monev fixtures: the operators of Jawa Timur and KPU RI, Ponorogo's signed NK and its
opened evaluation. Every test here writes its files (evidence, reports) under tmp_path."""

import pytest

from agreements.models import Agreement
from evaluations.models import Evaluation
from offices.models import Membership
from tests.factories import member, signed_agreement
from tests.workflows import open_evaluation


@pytest.fixture(autouse=True)
def _files_in_tmp(private_media):
    """See tests/conftest.py::private_media."""


@pytest.fixture
def ri_operator(offices):
    return member("operator.ri", "", Membership.Role.OPERATOR)


@pytest.fixture
def jatim_operator(offices):
    return member("operator.jatim", "35", Membership.Role.OPERATOR)


@pytest.fixture
def signed_nk(ponorogo, umpo) -> Agreement:
    return signed_agreement(ponorogo, partner=umpo, kpu_number="1/HK.05.1-NK/3502/2026")


@pytest.fixture
def evaluation(signed_nk) -> Evaluation:
    """Semester I 2026 of Ponorogo's NK, opened and empty."""
    return open_evaluation(signed_nk)
