"""Retention: personal data of items closed more than RETENTION_MONTHS ago is removed;
anonymous statistics stay."""
import hashlib
from datetime import date, datetime

from sqlalchemy import select

from formsvc import outbox
from formsvc.extensions import db
from formsvc.hr.retention import months_before, purge
from formsvc.models import Attachment, AuditLog, OutboxMessage, StatusEvent, Submission, SurveyResponse

from .conftest import at, days_ago, make_submission


def test_months_before():
    assert months_before(datetime(2026, 11, 28, 9), 24) == datetime(2024, 11, 28, 9)
    assert months_before(datetime(2026, 3, 31), 1) == datetime(2026, 2, 28)
    assert months_before(datetime(2026, 1, 15), 13) == datetime(2024, 12, 15)


def old_closed_request(app):
    sid = make_submission(app, created_at=at(date(2023, 1, 9)), closed_at=at(date(2023, 1, 13)), status="selesai",
                          publish_consent=True)
    with app.test_request_context():
        submission = db.session.get(Submission, sid)
        db.session.add(StatusEvent(submission=submission, status="selesai", note="Bapak Budi, SK diambil di loket 2."))
        content = b"%PDF-1.4 KTP"
        db.session.add(Attachment(submission=submission, field="ktp", filename="ktp.pdf", content_type="application/pdf",
                                  size=len(content), sha256=hashlib.sha256(content).hexdigest(), content=content))
        outbox.enqueue(purpose="status_update", recipients=[submission.email], template="_test",
                       context={"greeting": "Halo Siti"}, subject="Status", submission=submission)
        db.session.commit()
    return sid


def test_purge_removes_personal_data_and_keeps_statistics(app):
    old = old_closed_request(app)
    recent = make_submission(app, created_at=days_ago(40), closed_at=days_ago(30), status="selesai")
    still_open = make_submission(app, created_at=at(date(2023, 1, 9)))
    with app.app_context():
        db.session.add(SurveyResponse(tanggal=date(2023, 1, 13), layanan="Cuti Tahunan", u1=4, u2=4, u3=3, u4=4,
                                      u5=4, u6=4, u7=4, u8=3, u9=3))
        db.session.commit()
        result = purge(24)
        assert result.submissions == 1 and result.attachments == 1 and result.emails == 1

        s = db.session.get(Submission, old)
        assert (s.name, s.nip, s.email, s.phone, s.fields, s.reply) == (None, None, None, None, [], None)
        assert not s.published and s.anonymized_at is not None
        assert s.dedupe_key == s.reference + ":anon"
        # What the statistics need is still there.
        assert (s.kind, s.service_slug, s.status, s.standard_days) == ("cuti", "layanan/cuti/cuti-tahunan", "selesai", 5)
        assert s.created_at.date() == date(2023, 1, 9) and s.closed_at.date() == date(2023, 1, 13)
        assert [e.note for e in s.events] == [None] and [e.status for e in s.events] == ["selesai"]
        assert db.session.scalars(select(Attachment)).all() == []
        assert db.session.scalars(select(OutboxMessage)).all() == []
        assert db.session.scalars(select(SurveyResponse.u1)).all() == [4]

        for untouched in (recent, still_open):
            kept = db.session.get(Submission, untouched)
            assert kept.name == "Siti Aminah" and kept.fields and kept.anonymized_at is None

        entry = db.session.scalars(select(AuditLog).where(AuditLog.action == "retention_purge")).one()
        assert "1 pengajuan" in entry.target and "Siti" not in (entry.detail or "")
        assert purge(24).submissions == 0  # nothing twice


def test_purged_requests_still_count_in_service_times(app):
    old_closed_request(app)
    with app.app_context():
        purge(24)
    with app.test_request_context():
        from formsvc.hr.servicetimes import service_times
        [row] = service_times(2023)
        assert row.total.count == 1 and row.total.median == 4


def test_cli_purge_and_dry_run(app, runner):
    old = old_closed_request(app)
    result = runner.invoke(args=["retention", "purge", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "1" in result.output and "akan dihapus" in result.output
    with app.app_context():
        assert db.session.get(Submission, old).name == "Siti Aminah"
    result = runner.invoke(args=["retention", "purge"])
    assert result.exit_code == 0 and "lebih dari 24 bulan" in result.output
    with app.app_context():
        assert db.session.get(Submission, old).name is None


def test_retention_months_come_from_the_configuration(make_app):
    app = make_app(RETENTION_MONTHS=1)
    sid = make_submission(app, created_at=days_ago(80), closed_at=days_ago(70), status="selesai")
    result = app.test_cli_runner().invoke(args=["retention", "purge"])
    assert "lebih dari 1 bulan" in result.output
    with app.app_context():
        assert db.session.get(Submission, sid).anonymized_at is not None
