"""Broken rules raise DomainError with a stable code; only ui/ turns codes into words."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A rule of inspection practice was broken.

    ``code`` is stable across versions (the UI and the server key their messages
    on it); ``params`` carry the details a message may show.
    """

    def __init__(self, code: str, /, **params: Any) -> None:
        self.code = code
        self.params = params
        detail = ", ".join(f"{k}={v!r}" for k, v in sorted(params.items()))
        super().__init__(f"{code}" + (f" ({detail})" if detail else ""))
