"""first schema

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('audit_entry',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('actor_id', sa.String(length=36), nullable=True),
    sa.Column('entity', sa.String(length=40), nullable=False),
    sa.Column('entity_id', sa.String(length=36), nullable=False),
    sa.Column('action', sa.String(length=16), nullable=False),
    sa.Column('changes', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.create_index('ix_audit_record', ['entity', 'entity_id'], unique=False)

    op.create_table('checklist_template',
    sa.Column('code', sa.String(length=64), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('title_zh', sa.String(length=200), nullable=False),
    sa.Column('title_en', sa.String(length=200), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('server_version', sa.Integer(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('code', 'version')
    )
    op.create_table('inspector',
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('region', sa.String(length=100), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=False),
    sa.Column('is_lead', sa.Boolean(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('server_version', sa.Integer(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('code')
    )
    op.create_table('outbox',
    sa.Column('seq', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('client_id', sa.String(length=36), nullable=False),
    sa.Column('entity', sa.String(length=40), nullable=False),
    sa.Column('entity_id', sa.String(length=36), nullable=False),
    sa.Column('op', sa.String(length=16), nullable=False),
    sa.Column('fields', sa.JSON(), nullable=False),
    sa.Column('base_version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('state', sa.Enum('pending', 'sent', 'rejected', name='outboxstate', native_enum=False, length=32), nullable=False),
    sa.Column('result', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('seq')
    )
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outbox_entity_id'), ['entity_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_outbox_state'), ['state'], unique=False)

    op.create_table('school',
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('competent_department', sa.String(length=200), nullable=False),
    sa.Column('district', sa.String(length=100), nullable=False),
    sa.Column('address', sa.String(length=300), nullable=False),
    sa.Column('school_type', sa.String(length=40), nullable=False),
    sa.Column('is_large', sa.Boolean(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('server_version', sa.Integer(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('code')
    )
    op.create_table('setting',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key')
    )
    op.create_table('indicator',
    sa.Column('template_id', sa.String(length=36), nullable=False),
    sa.Column('ordinal', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=64), nullable=False),
    sa.Column('category', sa.Enum('administration', 'enrolment_fees', 'curriculum_teaching', 'student_workload', 'teacher_ethics', 'safety', 'hygiene', 'ethos', 'other', name='category', native_enum=False, length=32), nullable=False),
    sa.Column('title_zh', sa.String(length=200), nullable=False),
    sa.Column('title_en', sa.String(length=200), nullable=False),
    sa.Column('guidance_zh', sa.Text(), nullable=False),
    sa.Column('guidance_en', sa.Text(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('server_version', sa.Integer(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['template_id'], ['checklist_template.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('indicator', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_indicator_template_id'), ['template_id'], unique=False)

    op.create_table('school_assignment',
    sa.Column('inspector_id', sa.String(length=36), nullable=False),
    sa.Column('school_id', sa.String(length=36), nullable=False),
    sa.Column('since', sa.Date(), nullable=False),
    sa.Column('until', sa.Date(), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('server_version', sa.Integer(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['inspector_id'], ['inspector.id'], ),
    sa.ForeignKeyConstraint(['school_id'], ['school.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('school_assignment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_school_assignment_inspector_id'), ['inspector_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_school_assignment_school_id'), ['school_id'], unique=False)

    op.create_table('training_record',
    sa.Column('inspector_id', sa.String(length=36), nullable=False),
    sa.Column('attended_on', sa.Date(), nullable=False),
    sa.Column('minutes', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('provider', sa.String(length=200), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('server_version', sa.Integer(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['inspector_id'], ['inspector.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('training_record', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_training_record_attended_on'), ['attended_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_training_record_inspector_id'), ['inspector_id'], unique=False)

    op.create_table('visit',
    sa.Column('school_id', sa.String(length=36), nullable=False),
    sa.Column('template_id', sa.String(length=36), nullable=True),
    sa.Column('scope', sa.Enum('comprehensive', 'special', name='scope', native_enum=False, length=32), nullable=False),
    sa.Column('stage', sa.Enum('process', 'result', name='stage', native_enum=False, length=32), nullable=False),
    sa.Column('planning', sa.Enum('routine', 'random', name='planning', native_enum=False, length=32), nullable=False),
    sa.Column('notice', sa.Enum('announced', 'unannounced', name='notice', native_enum=False, length=32), nullable=False),
    sa.Column('status', sa.Enum('planned', 'in_progress', 'completed', 'cancelled', name='visitstatus', native_enum=False, length=32), nullable=False),
    sa.Column('planned_on', sa.Date(), nullable=False),
    sa.Column('started_at', sa.DateTime(), nullable=True),
    sa.Column('completed_at', sa.DateTime(), nullable=True),
    sa.Column('purpose', sa.Text(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('reinspection_of_form_id', sa.String(length=36), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('server_version', sa.Integer(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['school_id'], ['school.id'], ),
    sa.ForeignKeyConstraint(['template_id'], ['checklist_template.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('visit', schema=None) as batch_op:
        batch_op.create_index('ix_visit_planned_on', ['planned_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_visit_reinspection_of_form_id'), ['reinspection_of_form_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_visit_school_id'), ['school_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_visit_template_id'), ['template_id'], unique=False)

    op.create_table('feedback_form',
    sa.Column('visit_id', sa.String(length=36), nullable=False),
    sa.Column('number', sa.String(length=40), nullable=False),
    sa.Column('status', sa.Enum('draft', 'signed', 'issued', name='formstatus', native_enum=False, length=32), nullable=False),
    sa.Column('language', sa.String(length=10), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('no_issues_statement', sa.Text(), nullable=False),
    sa.Column('free_text', sa.Text(), nullable=False),
    sa.Column('addendum_of_id', sa.String(length=36), nullable=True),
    sa.Column('signed_at', sa.DateTime(), nullable=True),
    sa.Column('issued_at', sa.DateTime(), nullable=True),
    sa.Column('canonical_content', sa.Text(), nullable=True),
    sa.Column('digest', sa.String(length=64), nullable=True),
    sa.Column('device_key_id', sa.String(length=64), nullable=True),
    sa.Column('device_signature', sa.String(length=200), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('server_version', sa.Integer(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['addendum_of_id'], ['feedback_form.id'], ),
    sa.ForeignKeyConstraint(['visit_id'], ['visit.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('number')
    )
    with op.batch_alter_table('feedback_form', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_feedback_form_addendum_of_id'), ['addendum_of_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_feedback_form_visit_id'), ['visit_id'], unique=False)

    op.create_table('finding',
    sa.Column('visit_id', sa.String(length=36), nullable=False),
    sa.Column('indicator_id', sa.String(length=36), nullable=True),
    sa.Column('category', sa.Enum('administration', 'enrolment_fees', 'curriculum_teaching', 'student_workload', 'teacher_ethics', 'safety', 'hygiene', 'ethos', 'other', name='category', native_enum=False, length=32), nullable=False),
    sa.Column('severity', sa.Enum('minor', 'moderate', 'serious', name='severity', native_enum=False, length=32), nullable=False),
    sa.Column('problem', sa.Text(), nullable=False),
    sa.Column('evidence', sa.Text(), nullable=False),
    sa.Column('diagnosis', sa.Text(), nullable=False),
    sa.Column('recommendation', sa.Text(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('server_version', sa.Integer(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['indicator_id'], ['indicator.id'], ),
    sa.ForeignKeyConstraint(['visit_id'], ['visit.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('finding', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_finding_indicator_id'), ['indicator_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_finding_visit_id'), ['visit_id'], unique=False)

    op.create_table('indicator_result',
    sa.Column('visit_id', sa.String(length=36), nullable=False),
    sa.Column('indicator_id', sa.String(length=36), nullable=False),
    sa.Column('rating', sa.Enum('not_assessed', 'good', 'satisfactory', 'needs_improvement', 'unsatisfactory', name='rating', native_enum=False, length=32), nullable=False),
    sa.Column('observation', sa.Text(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('server_version', sa.Integer(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['indicator_id'], ['indicator.id'], ),
    sa.ForeignKeyConstraint(['visit_id'], ['visit.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('visit_id', 'indicator_id')
    )
    with op.batch_alter_table('indicator_result', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_indicator_result_indicator_id'), ['indicator_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_indicator_result_visit_id'), ['visit_id'], unique=False)

    op.create_table('visit_team_member',
    sa.Column('visit_id', sa.String(length=36), nullable=False),
    sa.Column('inspector_id', sa.String(length=36), nullable=False),
    sa.Column('role', sa.Enum('leader', 'member', name='teamrole', native_enum=False, length=32), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('server_version', sa.Integer(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['inspector_id'], ['inspector.id'], ),
    sa.ForeignKeyConstraint(['visit_id'], ['visit.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('visit_team_member', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_visit_team_member_inspector_id'), ['inspector_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_visit_team_member_visit_id'), ['visit_id'], unique=False)

    op.create_table('requirement',
    sa.Column('form_id', sa.String(length=36), nullable=False),
    sa.Column('finding_id', sa.String(length=36), nullable=True),
    sa.Column('ordinal', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('deadline', sa.Date(), nullable=False),
    sa.Column('responsible_party', sa.String(length=200), nullable=False),
    sa.Column('copied_to', sa.String(length=200), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('server_version', sa.Integer(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['finding_id'], ['finding.id'], ),
    sa.ForeignKeyConstraint(['form_id'], ['feedback_form.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('requirement', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_requirement_finding_id'), ['finding_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_requirement_form_id'), ['form_id'], unique=False)

    op.create_table('signature',
    sa.Column('form_id', sa.String(length=36), nullable=False),
    sa.Column('role', sa.Enum('inspector', 'school_representative', name='signaturerole', native_enum=False, length=32), nullable=False),
    sa.Column('signer_name', sa.String(length=100), nullable=False),
    sa.Column('signer_title', sa.String(length=100), nullable=False),
    sa.Column('strokes', sa.JSON(), nullable=False),
    sa.Column('png', sa.LargeBinary(), nullable=True),
    sa.Column('signed_at', sa.DateTime(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('server_version', sa.Integer(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['form_id'], ['feedback_form.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('form_id', 'role')
    )
    with op.batch_alter_table('signature', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_signature_form_id'), ['form_id'], unique=False)

    op.create_table('rectification',
    sa.Column('requirement_id', sa.String(length=36), nullable=False),
    sa.Column('school_id', sa.String(length=36), nullable=False),
    sa.Column('status', sa.Enum('open', 'reported', 'verified', 'overdue', 'escalated', name='rectificationstatus', native_enum=False, length=32), nullable=False),
    sa.Column('deadline', sa.Date(), nullable=False),
    sa.Column('reported_on', sa.Date(), nullable=True),
    sa.Column('report_text', sa.Text(), nullable=False),
    sa.Column('verified_on', sa.Date(), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('server_version', sa.Integer(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['requirement_id'], ['requirement.id'], ),
    sa.ForeignKeyConstraint(['school_id'], ['school.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('rectification', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rectification_deadline'), ['deadline'], unique=False)
        batch_op.create_index(batch_op.f('ix_rectification_requirement_id'), ['requirement_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_rectification_school_id'), ['school_id'], unique=False)

    op.create_table('attachment',
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('mime_type', sa.String(length=100), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('visit_id', sa.String(length=36), nullable=True),
    sa.Column('finding_id', sa.String(length=36), nullable=True),
    sa.Column('indicator_result_id', sa.String(length=36), nullable=True),
    sa.Column('rectification_id', sa.String(length=36), nullable=True),
    sa.Column('caption', sa.Text(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('server_version', sa.Integer(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['finding_id'], ['finding.id'], ),
    sa.ForeignKeyConstraint(['indicator_result_id'], ['indicator_result.id'], ),
    sa.ForeignKeyConstraint(['rectification_id'], ['rectification.id'], ),
    sa.ForeignKeyConstraint(['visit_id'], ['visit.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('attachment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attachment_finding_id'), ['finding_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_attachment_indicator_result_id'), ['indicator_result_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_attachment_rectification_id'), ['rectification_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_attachment_sha256'), ['sha256'], unique=False)
        batch_op.create_index(batch_op.f('ix_attachment_visit_id'), ['visit_id'], unique=False)

    op.create_table('escalation',
    sa.Column('rectification_id', sa.String(length=36), nullable=True),
    sa.Column('school_id', sa.String(length=36), nullable=False),
    sa.Column('kind', sa.Enum('interview', 'public_notification', 'accountability', 'incentive', name='escalationkind', native_enum=False, length=32), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('decided_on', sa.Date(), nullable=False),
    sa.Column('decided_by', sa.String(length=100), nullable=False),
    sa.Column('evidence', sa.Text(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('server_version', sa.Integer(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['rectification_id'], ['rectification.id'], ),
    sa.ForeignKeyConstraint(['school_id'], ['school.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('escalation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_escalation_rectification_id'), ['rectification_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_escalation_school_id'), ['school_id'], unique=False)

    op.create_table('reinspection',
    sa.Column('visit_id', sa.String(length=36), nullable=False),
    sa.Column('rectification_id', sa.String(length=36), nullable=False),
    sa.Column('verdict', sa.Enum('rectified', 'partly_rectified', 'not_rectified', name='verdict', native_enum=False, length=32), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('inspected_on', sa.Date(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('server_version', sa.Integer(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['rectification_id'], ['rectification.id'], ),
    sa.ForeignKeyConstraint(['visit_id'], ['visit.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('reinspection', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reinspection_rectification_id'), ['rectification_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_reinspection_visit_id'), ['visit_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('reinspection', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reinspection_visit_id'))
        batch_op.drop_index(batch_op.f('ix_reinspection_rectification_id'))

    op.drop_table('reinspection')
    with op.batch_alter_table('escalation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_escalation_school_id'))
        batch_op.drop_index(batch_op.f('ix_escalation_rectification_id'))

    op.drop_table('escalation')
    with op.batch_alter_table('attachment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attachment_visit_id'))
        batch_op.drop_index(batch_op.f('ix_attachment_sha256'))
        batch_op.drop_index(batch_op.f('ix_attachment_rectification_id'))
        batch_op.drop_index(batch_op.f('ix_attachment_indicator_result_id'))
        batch_op.drop_index(batch_op.f('ix_attachment_finding_id'))

    op.drop_table('attachment')
    with op.batch_alter_table('rectification', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rectification_school_id'))
        batch_op.drop_index(batch_op.f('ix_rectification_requirement_id'))
        batch_op.drop_index(batch_op.f('ix_rectification_deadline'))

    op.drop_table('rectification')
    with op.batch_alter_table('signature', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_signature_form_id'))

    op.drop_table('signature')
    with op.batch_alter_table('requirement', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_requirement_form_id'))
        batch_op.drop_index(batch_op.f('ix_requirement_finding_id'))

    op.drop_table('requirement')
    with op.batch_alter_table('visit_team_member', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_visit_team_member_visit_id'))
        batch_op.drop_index(batch_op.f('ix_visit_team_member_inspector_id'))

    op.drop_table('visit_team_member')
    with op.batch_alter_table('indicator_result', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_indicator_result_visit_id'))
        batch_op.drop_index(batch_op.f('ix_indicator_result_indicator_id'))

    op.drop_table('indicator_result')
    with op.batch_alter_table('finding', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_finding_visit_id'))
        batch_op.drop_index(batch_op.f('ix_finding_indicator_id'))

    op.drop_table('finding')
    with op.batch_alter_table('feedback_form', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_feedback_form_visit_id'))
        batch_op.drop_index(batch_op.f('ix_feedback_form_addendum_of_id'))

    op.drop_table('feedback_form')
    with op.batch_alter_table('visit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_visit_template_id'))
        batch_op.drop_index(batch_op.f('ix_visit_school_id'))
        batch_op.drop_index(batch_op.f('ix_visit_reinspection_of_form_id'))
        batch_op.drop_index('ix_visit_planned_on')

    op.drop_table('visit')
    with op.batch_alter_table('training_record', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_training_record_inspector_id'))
        batch_op.drop_index(batch_op.f('ix_training_record_attended_on'))

    op.drop_table('training_record')
    with op.batch_alter_table('school_assignment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_school_assignment_school_id'))
        batch_op.drop_index(batch_op.f('ix_school_assignment_inspector_id'))

    op.drop_table('school_assignment')
    with op.batch_alter_table('indicator', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_indicator_template_id'))

    op.drop_table('indicator')
    op.drop_table('setting')
    op.drop_table('school')
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_state'))
        batch_op.drop_index(batch_op.f('ix_outbox_entity_id'))

    op.drop_table('outbox')
    op.drop_table('inspector')
    op.drop_table('checklist_template')
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_record')

    op.drop_table('audit_entry')
