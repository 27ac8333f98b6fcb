"""The agreements app's models, one module per concept; every public name is re-exported here,
so `from agreements.models import Agreement` works whichever module defines it.

- agreement: Agreement (NK, PKS, addendum, other), its kinds, scopes and divisions
- clauses: clause templates per kind (versioned) and the Pasal of one agreement
- parties: the partners in an agreement with their signatories
- attachments: uploaded files (drafts, minutes, the signed scan)
- documents: the rendered PDF versions and the final copy
- numbering: the number counter per office, kind and year, and numbering patterns
- regulations: the library of regulations a legal basis cites
"""

from .agreement import (
    PREAMBLE_MAX_CHARS,
    Agreement,
    AgreementQuerySet,
    Divisi,
    Kind,
    Scope,
)
from .attachments import Attachment
from .clauses import CLAUSE_MAX_CHARS, Clause, ClauseTemplate, ClauseTemplateItem
from .documents import AgreementDocument
from .numbering import DEFAULT_NUMBER_PATTERN, NumberCounter, NumberingPattern
from .parties import Party
from .regulations import Regulation

__all__ = [
    "CLAUSE_MAX_CHARS",
    "DEFAULT_NUMBER_PATTERN",
    "PREAMBLE_MAX_CHARS",
    "Agreement",
    "AgreementDocument",
    "AgreementQuerySet",
    "Attachment",
    "Clause",
    "ClauseTemplate",
    "ClauseTemplateItem",
    "Divisi",
    "Kind",
    "NumberCounter",
    "NumberingPattern",
    "Party",
    "Regulation",
    "Scope",
]
