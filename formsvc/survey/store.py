"""Storing a survey response: one function, one commit (or rollback)."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..models import Submission, SurveyResponse, utcnow
from ..references import normalise_reference
from ..templating import local_time

# What a submission without a knowledge-base service is about, for the prefilled service.
KIND_SERVICES = {
    "cuti": "Cuti",
    "izin": "Izin",
    "layanan": "Layanan lainnya",
    "pelatihan": "Pelatihan",
    "saran": "Saran dan pengaduan",
}


class AlreadyAnswered(Exception):
    """This submission reference already has its survey response."""


def find_submission(text: str | None) -> Submission | None:
    reference = normalise_reference(text)
    if reference is None:
        return None
    return db.session.execute(select(Submission).where(Submission.reference == reference)).scalar_one_or_none()


def service_of(submission: Submission) -> str | None:
    return submission.service_title or KIND_SERVICES.get(submission.kind)


def already_answered(reference: str) -> bool:
    return db.session.execute(
        select(SurveyResponse.id).where(SurveyResponse.reference == reference)).first() is not None


def today_local() -> date:
    """Responses belong to the period of their date in WIB, not in UTC."""
    return local_time(utcnow()).date()


def save_response(*, answers: dict[str, int], umur: int | None, jenis_kelamin: str | None,
                  pendidikan: str | None, pekerjaan: str | None, layanan: str | None,
                  saran: str | None, reference: str | None, tanggal: date | None = None) -> SurveyResponse:
    """Store one online response. Raises AlreadyAnswered when the reference has one (the unique
    constraint decides, so two tabs submitting at once still give one response)."""
    response = SurveyResponse(
        reference=reference, tanggal=tanggal or today_local(), umur=umur,
        jenis_kelamin=jenis_kelamin, pendidikan=pendidikan, pekerjaan=pekerjaan, layanan=layanan,
        saran=saran or None, source="online", **answers)
    db.session.add(response)
    try:
        db.session.commit()
    except IntegrityError as error:
        db.session.rollback()
        if reference is not None and already_answered(reference):
            raise AlreadyAnswered(reference) from error
        raise
    return response
