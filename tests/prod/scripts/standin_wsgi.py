"""formsvc.wsgi:app plus the stand-in leave submission (tests/prod/submissions.py) until
the real form is merged: `gunicorn ... tests.prod.scripts.standin_wsgi:app`."""
from formsvc.wsgi import app
from tests.prod.submissions import register_standin

register_standin(app)
