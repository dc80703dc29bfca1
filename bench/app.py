"""What `make bench` serves with gunicorn: formsvc exactly as in production
(formsvc.wsgi:app), plus a bare Flask endpoint at /bare/ on the same server, so that the
two are measured with the same workers, the same configuration, in the same run."""
from flask import Flask
from werkzeug.middleware.dispatcher import DispatcherMiddleware

from formsvc.wsgi import app as formsvc_app

bare = Flask("bare")


@bare.get("/")
def hello():
    return "ok"


application = DispatcherMiddleware(formsvc_app, {"/bare": bare})
