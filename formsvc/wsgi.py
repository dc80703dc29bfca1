"""WSGI entry point for gunicorn: `gunicorn -c formsvc/gunicorn.conf.py formsvc.wsgi:app`."""
from . import create_app
from .outbox import start_in_process_sender

app = create_app()
if app.config.get("OUTBOX_IN_PROCESS"):
    # Small installations: one web process that also sends email. Larger ones run
    # `flask --app formsvc outbox run` as separate processes and leave this off.
    start_in_process_sender(app)
