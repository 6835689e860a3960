"""Department data intake: Excel templates, strict validation, an append-only store.

Modules, one concern each:

- :mod:`~hongtonglib.intake.layout`: the workbook's file contract (version, sheets, columns);
- :mod:`~hongtonglib.intake.catalog`, :mod:`~hongtonglib.intake.scope`: which indicators a
  department supplies;
- :mod:`~hongtonglib.intake.template`: write the template;
- :mod:`~hongtonglib.intake.reader`, :mod:`~hongtonglib.intake.numbers`,
  :mod:`~hongtonglib.intake.validate`, :mod:`~hongtonglib.intake.plausibility`: read and judge a
  submitted workbook; :mod:`~hongtonglib.intake.issues`, :mod:`~hongtonglib.intake.messages`,
  :mod:`~hongtonglib.intake.report`: the problems found;
- :mod:`~hongtonglib.intake.db`, :mod:`~hongtonglib.intake.migrations`: the SQLite store;
  :mod:`~hongtonglib.intake.submit`, :mod:`~hongtonglib.intake.approval`,
  :mod:`~hongtonglib.intake.queries`, :mod:`~hongtonglib.intake.observations`: use it.

Names are imported lazily, so ``from hongtonglib.intake import approved_observations`` does
not load openpyxl.

Examples
--------
>>> from hongtonglib.intake import approved_observations, submit_workbook
>>> callable(approved_observations) and callable(submit_workbook)
True
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "write_template": "template",
    "TemplateInfo": "template",
    "validate_workbook": "validate",
    "ValidatedWorkbook": "validate",
    "WorkbookRejected": "issues",
    "IntakeIssue": "issues",
    "Severity": "issues",
    "submit_workbook": "submit",
    "SubmissionReceipt": "submit",
    "approve": "approval",
    "reject": "approval",
    "ApprovalState": "approval",
    "DecisionRefused": "approval",
    "StoreError": "db",
    "resolve_store": "db",
    "list_submissions": "queries",
    "history": "queries",
    "check_store": "queries",
    "approved_observations": "observations",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'hongtonglib.intake' has no attribute {name!r}")
    module = importlib.import_module(f"hongtonglib.intake.{_EXPORTS[name]}")
    return getattr(module, name)


def __dir__() -> list[str]:
    return __all__
