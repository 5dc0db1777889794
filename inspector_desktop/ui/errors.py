"""The window's words for errors: the one catalogue (wording/errors.py), translated by Qt.

A parameter that is a re-inspection verdict or an escalation step is put into words first.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QCoreApplication

from inspector_desktop.ui.i18n import chain_label
from inspector_desktop.wording import errors as catalogue
from inspector_desktop.wording.errors import CONTEXT, has_class_message, has_message

__all__ = ["CONTEXT", "code_text", "error_text", "has_class_message", "has_message"]


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def code_text(code: str, params: Mapping[str, Any] | None = None) -> str:
    """The words for one code, e.g. the reason the server gave for refusing a change."""
    return catalogue.code_text(code, params, _tr, chain_label)


def error_text(exc: BaseException) -> str:
    """The inspector-facing words for a failure; an unknown code still shows the code."""
    return catalogue.error_text(exc, _tr, chain_label)
