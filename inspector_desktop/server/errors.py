"""Errors the API answers with: a status, a stable code, and words for the operator."""

from __future__ import annotations

from typing import Any


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, **params: Any) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.params = params
        self.headers: dict[str, str] = {}


def not_found(what: str = "record") -> ApiError:
    # One answer for "does not exist" and "not yours": existence is itself a secret.
    return ApiError(404, f"{what}.not_found", f"No such {what}, or it is outside your scope.")


def unauthorized() -> ApiError:
    err = ApiError(401, "auth.invalid_token", "Sign in again: the token is missing, expired or revoked.")
    err.headers["WWW-Authenticate"] = "Bearer"
    return err
