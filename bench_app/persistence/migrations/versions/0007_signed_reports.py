"""signed reports and name languages: the issued file's SHA-256 and signing certificate; a patient's name language

Revision ID: 0007
Revises: 0005
Create Date: 2026-12-06

``issued_reports.pdf_sha256`` is the SHA-256 of the signed file as it was written or
printed (verify-report says VERIFIED only for those exact bytes), ``cert_sha256`` the
certificate that signed it. ``patients.name_language`` is the language the name is
written in (BCP 47, e.g. 'tr'); empty means the lab's language.
"""
from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("issued_reports") as batch:
        batch.add_column(sa.Column("pdf_sha256", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("cert_sha256", sa.String(length=64), nullable=True))
        batch.create_index("ix_issued_reports_pdf_sha256", ["pdf_sha256"], unique=False)
    with op.batch_alter_table("patients") as batch:
        batch.add_column(sa.Column("name_language", sa.String(length=12), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("patients") as batch:
        batch.drop_column("name_language")
    with op.batch_alter_table("issued_reports") as batch:
        batch.drop_index("ix_issued_reports_pdf_sha256")
        batch.drop_column("cert_sha256")
        batch.drop_column("pdf_sha256")
