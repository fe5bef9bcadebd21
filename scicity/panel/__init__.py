"""Expert panel: several experts' judgements on a database, aggregated with consensus.

``db`` holds the tables and the connection (SQLite by default, PostgreSQL when
``SCICITY_DATABASE_URL`` is set; Alembic migrations run on first use), ``service`` the
operations (each checks its token), ``workbook`` the offline XLSX template and ``cli``
the ``scicity panel`` commands.
"""
