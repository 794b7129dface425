"""The Alembic backend: planner operations rendered as revision files.

:func:`render_revision` writes one revision; :mod:`.project` lays out a new
Alembic environment (``alembic.ini``, ``env.py``, ``script.py.mako``) that
uses the generated models' metadata.
"""

from schemac.backends.alembic.revision import RevisionInfo, render_revision

__all__ = ["RevisionInfo", "render_revision"]
