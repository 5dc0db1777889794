"""The server schema: accounts, tokens, throttling, clients, the record store, blobs, device keys.

Revision ID: 0001
Revises: 
Create Date: 2026-11-22 13:20:55.156232
"""

from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('account',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('username', sa.String(length=100), nullable=False),
    sa.Column('display_name', sa.String(length=100), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('region', sa.String(length=100), server_default='', nullable=False),
    sa.Column('is_inspector', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('is_lead', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('is_admin', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('password_hash', sa.String(length=200), nullable=False),
    sa.Column('disabled', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_account')),
    sa.UniqueConstraint('code', name=op.f('uq_account_code')),
    sa.UniqueConstraint('username', name=op.f('uq_account_username'))
    )
    op.create_table('blob',
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.Column('stored_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('sha256', name=op.f('pk_blob'))
    )
    op.create_table('blob_holder',
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('account_id', sa.String(length=36), nullable=False),
    sa.PrimaryKeyConstraint('sha256', 'account_id', name=op.f('pk_blob_holder'))
    )
    op.create_table('blob_upload',
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('account_id', sa.String(length=36), nullable=False),
    sa.Column('length', sa.BigInteger(), nullable=False),
    sa.Column('offset', sa.BigInteger(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('sha256', 'account_id', name=op.f('pk_blob_upload'))
    )
    op.create_table('change_counter',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('value', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_change_counter'))
    )
    # The one counter row every writer locks; versions start after 0.
    op.bulk_insert(sa.table('change_counter', sa.column('id', sa.Integer), sa.column('value', sa.BigInteger)), [{'id': 1, 'value': 0}])
    op.create_table('conflict',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('version', sa.BigInteger(), nullable=False),
    sa.Column('record_id', sa.String(length=36), nullable=False),
    sa.Column('entity', sa.String(length=40), nullable=False),
    sa.Column('field', sa.String(length=64), nullable=False),
    sa.Column('kept', sa.Text(), nullable=False),
    sa.Column('lost', sa.Text(), nullable=False),
    sa.Column('kept_by', sa.String(length=36), nullable=False),
    sa.Column('lost_by', sa.String(length=36), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_conflict')),
    sa.UniqueConstraint('version', name=op.f('uq_conflict_version'))
    )
    with op.batch_alter_table('conflict', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_conflict_record_id'), ['record_id'], unique=False)

    op.create_table('login_throttle',
    sa.Column('username', sa.String(length=100), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('locked_until', sa.DateTime(), nullable=True),
    sa.Column('last_failure_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('username', name=op.f('pk_login_throttle'))
    )
    op.create_table('mutation_log',
    sa.Column('client_id', sa.String(length=36), nullable=False),
    sa.Column('seq', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('result', sa.Text(), nullable=False),
    sa.Column('applied_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('client_id', 'seq', name=op.f('pk_mutation_log'))
    )
    op.create_table('record',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('entity', sa.String(length=40), nullable=False),
    sa.Column('version', sa.BigInteger(), nullable=False),
    sa.Column('deleted', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('fields', sa.Text(), nullable=False),
    sa.Column('field_versions', sa.Text(), nullable=False),
    sa.Column('created_by', sa.String(length=36), nullable=False),
    sa.Column('scope', sa.String(length=10), nullable=False),
    sa.Column('school_id', sa.String(length=36), nullable=True),
    sa.Column('visit_id', sa.String(length=36), nullable=True),
    sa.Column('subject_id', sa.String(length=36), nullable=True),
    sa.Column('region', sa.String(length=100), server_default='', nullable=False),
    sa.Column('unannounced', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_record')),
    sa.UniqueConstraint('version', name=op.f('uq_record_version'))
    )
    with op.batch_alter_table('record', schema=None) as batch_op:
        batch_op.create_index('ix_record_entity_subject', ['entity', 'subject_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_record_school_id'), ['school_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_record_subject_id'), ['subject_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_record_visit_id'), ['visit_id'], unique=False)

    op.create_table('client',
    sa.Column('client_id', sa.String(length=36), nullable=False),
    sa.Column('account_id', sa.String(length=36), nullable=False),
    sa.Column('applied_seq', sa.BigInteger(), server_default='0', nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], name=op.f('fk_client_account_id_account')),
    sa.PrimaryKeyConstraint('client_id', name=op.f('pk_client'))
    )
    with op.batch_alter_table('client', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_client_account_id'), ['account_id'], unique=False)

    op.create_table('device_key',
    sa.Column('key_id', sa.String(length=64), nullable=False),
    sa.Column('account_id', sa.String(length=36), nullable=False),
    sa.Column('public_key', sa.String(length=100), nullable=False),
    sa.Column('registered_at', sa.DateTime(), nullable=False),
    sa.Column('revoked_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], name=op.f('fk_device_key_account_id_account')),
    sa.PrimaryKeyConstraint('key_id', name=op.f('pk_device_key'))
    )
    with op.batch_alter_table('device_key', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_device_key_account_id'), ['account_id'], unique=False)

    op.create_table('token',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('family', sa.String(length=36), nullable=False),
    sa.Column('account_id', sa.String(length=36), nullable=False),
    sa.Column('client_id', sa.String(length=36), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.Column('revoked_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], name=op.f('fk_token_account_id_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_token')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_token_token_hash'))
    )
    with op.batch_alter_table('token', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_token_account_id'), ['account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_token_family'), ['family'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('token', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_token_family'))
        batch_op.drop_index(batch_op.f('ix_token_account_id'))

    op.drop_table('token')
    with op.batch_alter_table('device_key', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_device_key_account_id'))

    op.drop_table('device_key')
    with op.batch_alter_table('client', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_client_account_id'))

    op.drop_table('client')
    with op.batch_alter_table('record', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_record_visit_id'))
        batch_op.drop_index(batch_op.f('ix_record_subject_id'))
        batch_op.drop_index(batch_op.f('ix_record_school_id'))
        batch_op.drop_index('ix_record_entity_subject')

    op.drop_table('record')
    op.drop_table('mutation_log')
    op.drop_table('login_throttle')
    with op.batch_alter_table('conflict', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_conflict_record_id'))

    op.drop_table('conflict')
    op.drop_table('change_counter')
    op.drop_table('blob_upload')
    op.drop_table('blob_holder')
    op.drop_table('blob')
    op.drop_table('account')
