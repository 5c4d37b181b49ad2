"""Persistence: SQLCipher/PostgreSQL engines, migrations, repositories and the audit chain."""
