"""The live_server fixture (browser tests) stops cleanly: when stop() returns, no request and
no sender round holds a database connection, so make_app can dispose of the engine (on
PostgreSQL a connection still checked out then is closed by the garbage collector, with a
ResourceWarning that fails whichever later test it lands in)."""
import http.client
import threading
import urllib.error
import urllib.request

from sqlalchemy import text

from formsvc.extensions import db


def test_stop_waits_for_the_request_in_flight_and_the_sender(live_server):
    app = live_server.app
    inside, release = threading.Event(), threading.Event()

    @app.get("/api/_test/lambat")
    def slow():
        db.session.execute(text("SELECT 1"))  # holds a pooled connection until the request ends
        inside.set()
        release.wait(10)
        return "selesai"

    answers = []
    request = threading.Thread(target=lambda: answers.append(
        urllib.request.urlopen(live_server.url + "/api/_test/lambat", timeout=15).read()))
    request.start()
    assert inside.wait(10)

    # The request goes on for a while after stop() is called (longer than shutting the
    # server down takes); stop() must return only after it has given its connection back.
    threading.Timer(1.5, release.set).start()
    live_server.stop()
    with app.app_context():
        assert db.engine.pool.checkedout() == 0
    assert release.is_set()
    assert not app.extensions["outbox_thread"].is_alive()
    request.join(15)
    assert answers == [b"selesai"]  # the request in flight was finished, not cut off


def test_after_stop_a_kept_alive_connection_never_reaches_the_app(live_server):
    connection = http.client.HTTPConnection("127.0.0.1", live_server.port, timeout=10)
    connection.request("GET", "/api/healthz")
    first = connection.getresponse()
    first.read()
    assert first.status == 200
    live_server.stop()
    try:
        connection.request("GET", "/api/healthz")
        assert connection.getresponse().status == 503
    except (ConnectionError, urllib.error.URLError, http.client.HTTPException):
        pass  # or the connection was closed: either way the app was not called
    finally:
        connection.close()
