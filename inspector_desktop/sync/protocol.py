"""The sync wire format, shared by the desktop client and the central server.

One module, imported by both sides, so that a field renamed on one side fails
loudly on the other instead of silently dropping data. Record fields travel as
JSON values made by ``store.codec.encode`` (enums by value, dates as ISO text,
bytes as base64); entities are the client's table names.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any, NotRequired

from typing_extensions import TypedDict  # pydantic reads only this one on Python < 3.12

from pydantic import BaseModel, ConfigDict, Field

# Bounds that keep one request small enough to apply in one transaction.
MAX_MUTATIONS_PER_PUSH = 500
MAX_PULL_LIMIT = 5_000
DEFAULT_PULL_LIMIT = 1_000
BLOB_CHUNK_MAX = 4 * 1024 * 1024

# Upload headers (after tus): where the next chunk starts, and the whole size.
UPLOAD_OFFSET = "Upload-Offset"
UPLOAD_LENGTH = "Upload-Length"
UPLOAD_COMPLETE = "Upload-Complete"
# How many changes this laptop has not sent yet, on every request: if the office
# has reported the laptop lost, the answer that tells it so records how many are lost.
PENDING_CHANGES = "Inspector-Pending-Changes"
DEVICE_REVOKED = "auth.device_revoked"
# An error's code, beside the body that also holds it (a HEAD answer has none).
ERROR_CODE = "Inspector-Error-Code"

UUID_PATTERN = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
SHA256_PATTERN = r"^[0-9a-f]{64}$"


class Wire(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Role(StrEnum):
    INSPECTOR = "inspector"
    LEAD = "lead"
    ADMIN = "admin"


class Op(StrEnum):
    INSERT = "insert"
    UPDATE = "update"
    DELETE = "delete"


class MutationStatus(StrEnum):
    APPLIED = "applied"  # every field landed
    CONFLICT = "conflict"  # landed except the fields listed in ``conflicts``
    REJECTED = "rejected"  # nothing landed; ``code`` says why, the queue moves on


class VerifyResult(StrEnum):
    GENUINE = "genuine"
    UNKNOWN = "unknown"
    ALTERED = "altered"


# ---------------------------------------------------------------- auth


NO_CONTROL_CHARS = r"^[^\x00-\x1f\x7f]+$"


class LoginRequest(Wire):
    username: str = Field(min_length=1, max_length=100, pattern=NO_CONTROL_CHARS)
    password: str = Field(min_length=1, max_length=1024)
    client_id: str = Field(pattern=UUID_PATTERN, description="the laptop's workspace id")


class RefreshRequest(Wire):
    refresh_token: str = Field(min_length=1, max_length=200)


class Account(Wire):
    id: str = Field(description="also the id of the user's `inspector` record")
    username: str
    display_name: str
    code: str
    region: str
    roles: list[Role]


class TokenPair(Wire):
    access_token: str
    refresh_token: str
    token_type: str = "bearer"
    expires_at: str = Field(description="ISO 8601, UTC")
    refresh_expires_at: str
    account: Account


# ---------------------------------------------------------------- push


class Mutation(Wire):
    seq: int = Field(ge=1, le=2**62, description="per client, 1, 2, 3, ... with no gaps")
    entity: str = Field(min_length=1, max_length=40)
    entity_id: str = Field(pattern=UUID_PATTERN)
    op: Op
    fields: dict[str, Any] = Field(default_factory=dict, description="only the changed fields")
    base_version: int = Field(default=0, ge=0, le=2**62)


class PushRequest(Wire):
    client_id: str = Field(pattern=UUID_PATTERN)
    mutations: list[Mutation] = Field(max_length=MAX_MUTATIONS_PER_PUSH)


class FieldConflict(Wire):
    field: str
    yours: Any = None
    kept: Any = None
    kept_version: int


class MutationResult(Wire):
    seq: int
    entity_id: str
    status: MutationStatus
    version: int = Field(0, description="the record's version after this mutation (0 if rejected)")
    code: str = Field("", description="why it was rejected: a stable error code")
    field: str = Field("", description="the field the rejection is about, when there is one")
    merged_into: str = Field("", description="the record this insert became: another copy's record with the same natural key")
    conflicts: list[FieldConflict] = Field(default_factory=list)


class PushResponse(Wire):
    results: list[MutationResult]
    applied_seq: int = Field(description="the highest seq the server holds for this client")
    gap: bool = Field(False, description="a seq was missing; nothing after it was applied")


# ---------------------------------------------------------------- pull


class PulledRecord(TypedDict):
    """A dict, not a model: a first sync reads a hundred thousand of them, and
    building a model object for each cost as much as reading the JSON."""

    __pydantic_config__ = ConfigDict(extra="forbid")  # type: ignore[misc]

    entity: str
    id: str
    version: int
    deleted: bool
    changed_by: NotRequired[Annotated[str, Field(description="the account whose change made this version")]]
    fields: dict[str, Any]


class RecordChange(Wire):
    """One accepted change of a record, from the server's append-only log."""

    version: int
    account_id: str
    client_id: str
    action: str
    fields: dict[str, Any]
    at: str


class ConflictNotice(Wire):
    """Told to both writers: whose change to which field was kept."""

    id: int
    version: int
    entity: str
    entity_id: str
    field: str
    kept: Any = None
    lost: Any = None
    kept_by: str
    lost_by: str


class PullResponse(Wire):
    records: list[PulledRecord]
    conflicts: list[ConflictNotice]
    cursor: int = Field(description="pass it back as `cursor` for the next page")
    has_more: bool


# ---------------------------------------------------------------- blobs and signed sheets


class BlobStatus(Wire):
    sha256: str
    offset: int
    length: int | None
    complete: bool


class VerifyRequest(Wire):
    form_id: str = Field(pattern=UUID_PATTERN)
    digest: str = Field(pattern=SHA256_PATTERN)


class VerifyResponse(Wire):
    result: VerifyResult
    reason: str = Field("", description="why it is not genuine: a stable code")
    form_number: str = ""
    signed_at: str = ""


class ErrorBody(Wire):
    code: str
    message: str
    params: dict[str, Any] = Field(default_factory=dict)


class Health(Wire):
    status: str
    database: str
    version: str


class Office(Wire):
    """What the office tells its laptops about itself at each sign-in and sync; no
    secret (the sheets print it). Its own endpoint rather than a field of the login
    answer, which older laptops would refuse as unexpected."""

    # Fields the office may add later are ignored by this client, not refused.
    model_config = ConfigDict(extra="ignore")

    name: str = Field("", description="the office's name, e.g. 某区人民政府教育督导室")
    verify_url: str = Field("", description="public base address of the verify page: a sheet's QR code opens {verify_url}/v/{form_id}?d={digest}")


# ---------------------------------------------------------------- devices (a lead reports a laptop lost)


class Device(Wire):
    """One laptop's workspace as the server knows it: whose it is, when it was last
    seen, and whether it was reported lost (and erased itself since)."""

    model_config = ConfigDict(extra="ignore")

    device_id: str
    username: str
    display_name: str
    first_seen: str
    last_seen: str = ""
    revoked_at: str = ""
    revoked_by: str = ""
    erased_at: str = ""
    lost_changes: int | None = Field(None, description="changes the laptop had not sent when it erased itself")
    this_device: bool = False
