"""Enqueue numbered emails from a process of its own, one transaction each, the way web
workers do for submissions: `python enqueue_many.py FIRST COUNT` (configuration from the
environment, like every formsvc process)."""
import sys

from formsvc import create_app, outbox
from formsvc.extensions import db


def main(first: int, count: int) -> None:
    app = create_app()
    with app.test_request_context():
        for n in range(first, first + count):
            outbox.enqueue(purpose="acknowledgement", recipients=[f"pegawai{n}@example.test"],
                           template="_test", context={"greeting": f"Pesan {n}"}, subject=f"Pesan {n:04d}")
            db.session.commit()


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]))
