"""The server's tables (SQLAlchemy Core): accounts, tokens, the record store, blobs, keys.

Everything two server processes must agree on lives here, never in memory:
tokens, login throttling, per-client sequence numbers, the change counter,
blob upload offsets and device keys.

Inspection content is one generic table, ``record``: the client's rows as JSON,
one version and one pull position per change (server/versions.py), and the
scope columns derived from the record's parents so that visibility is a WHERE clause.
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

ID = sa.String(36)

account = sa.Table(
    "account",
    metadata,
    # The same id as the user's `inspector` record, so team membership and
    # assignments made on laptops name accounts directly.
    sa.Column("id", ID, primary_key=True),
    sa.Column("username", sa.String(100), nullable=False, unique=True),
    sa.Column("display_name", sa.String(100), nullable=False),
    sa.Column("code", sa.String(32), nullable=False, unique=True),
    sa.Column("region", sa.String(100), nullable=False, server_default=""),
    sa.Column("is_inspector", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("is_lead", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("is_admin", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("password_hash", sa.String(200), nullable=False),
    sa.Column("disabled", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("created_at", sa.DateTime, nullable=False),
)

# Failed logins by username (known or not), so guessing is throttled on every process.
login_throttle = sa.Table(
    "login_throttle",
    metadata,
    sa.Column("username", sa.String(100), primary_key=True),
    sa.Column("failures", sa.Integer, nullable=False),
    sa.Column("locked_until", sa.DateTime),
    sa.Column("last_failure_at", sa.DateTime, nullable=False),
)

client = sa.Table(
    "client",
    metadata,
    sa.Column("client_id", ID, primary_key=True),
    sa.Column("account_id", ID, sa.ForeignKey("account.id"), nullable=False, index=True),
    sa.Column("applied_seq", sa.BigInteger, nullable=False, server_default="0"),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("last_seen_at", sa.DateTime),  # its last sign-in or token refresh
    # A laptop reported lost (server/devices.py): its tokens die, and its next
    # contact is told to erase itself and says how many changes it had not sent.
    sa.Column("revoked_at", sa.DateTime),
    sa.Column("revoked_by", sa.String(100)),
    sa.Column("erased_at", sa.DateTime),
    sa.Column("lost_changes", sa.Integer),
)

token = sa.Table(
    "token",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("kind", sa.String(10), nullable=False),  # access | refresh
    sa.Column("family", ID, nullable=False, index=True),  # one login; refresh rotates inside it
    sa.Column("account_id", ID, sa.ForeignKey("account.id"), nullable=False, index=True),
    sa.Column("client_id", ID, nullable=False),
    sa.Column("expires_at", sa.DateTime, nullable=False),
    sa.Column("revoked_at", sa.DateTime),
)

# One row. On SQLite: the last version handed out (SQLite has one writer at a
# time, so versions commit in order and the value is pull's high-water mark).
# On PostgreSQL: frozen when the database moved to transaction-ordered pull
# positions, which all start above it (server/versions.py).
change_counter = sa.Table(
    "change_counter",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("value", sa.BigInteger, nullable=False),
)

record = sa.Table(
    "record",
    metadata,
    sa.Column("id", ID, primary_key=True),
    sa.Column("entity", sa.String(40), nullable=False),
    sa.Column("version", sa.BigInteger, nullable=False, unique=True),
    # Where this change stands in pull order: its version on SQLite; on PostgreSQL
    # ordered by writing transaction, so a pull cursor never skips one still in flight.
    sa.Column("pos", sa.BigInteger, nullable=False, unique=True),
    sa.Column("deleted", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("fields", sa.Text, nullable=False),  # JSON object, codec-encoded values
    sa.Column("field_versions", sa.Text, nullable=False),  # JSON {field: [version, account, client] of its last change}
    sa.Column("created_by", ID, nullable=False),
    # Derived scope (see scope.py): who may see this record is a WHERE clause on these.
    sa.Column("scope", sa.String(10), nullable=False),  # global | school | personal | lead
    sa.Column("school_id", ID, index=True),
    sa.Column("visit_id", ID, index=True),
    sa.Column("subject_id", ID, index=True),  # the inspector a record is about
    sa.Column("region", sa.String(100), nullable=False, server_default=""),
    sa.Column("unannounced", sa.Boolean, nullable=False, server_default=sa.false()),
    # The record's natural key (sync.schema), unique: a second copy's insert of the
    # same key becomes this record instead of a second one every laptop would choke on.
    sa.Column("natural_key", sa.String(300), unique=True),
    sa.Column("changed_by", ID),  # the account whose change made this version
    sa.Index("ix_record_entity_subject", "entity", "subject_id"),
    # Every inspector's scope asks for the visits they drafted (scope.visible).
    sa.Index("ix_record_entity_created_by", "entity", "created_by"),
)

# Every accepted change of every record, never updated or deleted: what a lead
# reads to see who changed what, when, from which laptop.
record_change = sa.Table(
    "record_change",
    metadata,
    sa.Column("id", sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True, autoincrement=True),
    sa.Column("record_id", ID, nullable=False, index=True),
    sa.Column("version", sa.BigInteger, nullable=False),
    sa.Column("account_id", ID, nullable=False),
    sa.Column("client_id", ID, nullable=False),
    sa.Column("action", sa.String(10), nullable=False),  # insert | update | delete
    sa.Column("fields", sa.Text, nullable=False),  # JSON: the values this change set
    sa.Column("at", sa.DateTime, nullable=False),
)

# An id a laptop made for a record the server already had under its natural key
# (a profile begun offline, a checklist line rated on two laptops): later
# mutations naming the alias are applied to the record it stands for.
record_alias = sa.Table(
    "record_alias",
    metadata,
    sa.Column("alias_id", ID, primary_key=True),
    sa.Column("record_id", ID, nullable=False, index=True),
    sa.Column("created_at", sa.DateTime, nullable=False),
)

mutation_log = sa.Table(
    "mutation_log",
    metadata,
    sa.Column("client_id", ID, primary_key=True),
    sa.Column("seq", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("result", sa.Text, nullable=False),  # the MutationResult, replayed verbatim
    sa.Column("applied_at", sa.DateTime, nullable=False),
)

conflict = sa.Table(
    "conflict",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("version", sa.BigInteger, nullable=False, unique=True),
    sa.Column("pos", sa.BigInteger, nullable=False, unique=True),  # as record.pos
    sa.Column("record_id", ID, nullable=False, index=True),
    sa.Column("entity", sa.String(40), nullable=False),
    sa.Column("field", sa.String(64), nullable=False),
    sa.Column("kept", sa.Text, nullable=False),
    sa.Column("lost", sa.Text, nullable=False),
    sa.Column("kept_by", ID, nullable=False),
    sa.Column("lost_by", ID, nullable=False),
    sa.Column("at", sa.DateTime, nullable=False),
)

blob = sa.Table(
    "blob",
    metadata,
    sa.Column("sha256", sa.String(64), primary_key=True),
    sa.Column("size", sa.BigInteger, nullable=False),
    sa.Column("stored_at", sa.DateTime, nullable=False),
)

# Who has proven they hold a blob (by uploading it whole); until a record
# references it, only they may read it back.
blob_holder = sa.Table(
    "blob_holder",
    metadata,
    sa.Column("sha256", sa.String(64), primary_key=True),
    sa.Column("account_id", ID, primary_key=True),
)

# An upload in progress is per uploader, so nobody learns from an offset that
# someone else is sending the same file.
blob_upload = sa.Table(
    "blob_upload",
    metadata,
    sa.Column("sha256", sa.String(64), primary_key=True),
    sa.Column("account_id", ID, primary_key=True),
    sa.Column("length", sa.BigInteger, nullable=False),
    sa.Column("offset", sa.BigInteger, nullable=False),
    sa.Column("updated_at", sa.DateTime, nullable=False),
)

device_key = sa.Table(
    "device_key",
    metadata,
    sa.Column("key_id", sa.String(64), primary_key=True),  # sha256 hex of the raw public key
    sa.Column("account_id", ID, sa.ForeignKey("account.id"), nullable=False, index=True),
    sa.Column("public_key", sa.String(100), nullable=False),  # base64 of 32 raw bytes
    sa.Column("registered_at", sa.DateTime, nullable=False),
    sa.Column("revoked_at", sa.DateTime),
)

COUNTER_ROW = 1
