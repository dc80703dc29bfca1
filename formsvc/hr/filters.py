"""The inbox filters, turned into queries. The inbox page and the exports use the same
function, so an export contains exactly the list HR was looking at."""
from __future__ import annotations

import re
from dataclasses import dataclass

from flask import request
from sqlalchemy import Select, func, or_, select
from werkzeug.datastructures import MultiDict

from ..extensions import db
from ..models import CLOSED_STATUSES, Staff, Submission, SurveyResponse
from ..references import normalise_reference
from . import dates
from .forms import InboxFilterForm

FILTER_NAMES = ("jenis", "status", "layanan", "petugas", "dari", "sampai", "terlambat", "cari", "urut")


@dataclass
class Filters:
    form: InboxFilterForm
    valid: bool

    @property
    def is_survey(self) -> bool:
        return self.form.jenis.data == "survei"

    def query_args(self, **override) -> dict:
        """The active filters as query-string arguments (for pagination and export links)."""
        args = {name: request.args.get(name) for name in FILTER_NAMES if request.args.get(name)}
        args.update({k: v for k, v in override.items() if v is not None})
        return args


def service_choices() -> dict[str, str]:
    """Services that have requests, by their title at submission time."""
    rows = db.session.execute(
        select(Submission.service_slug, func.max(Submission.service_title))
        .where(Submission.service_slug.is_not(None))
        .group_by(Submission.service_slug)).all()
    survey_services = db.session.scalars(
        select(SurveyResponse.layanan).where(SurveyResponse.layanan.is_not(None)).distinct()).all()
    choices = {slug: title or slug for slug, title in rows}
    # Survey answers name the service by its title: one entry per service, not two.
    titles = set(choices.values())
    for name in survey_services:
        if name not in titles:
            choices.setdefault(name, name)
    return {"": "Semua layanan", **dict(sorted(choices.items(), key=lambda item: item[1].lower()))}


def staff_choices(include_specials: bool = True) -> dict[str, str]:
    people = db.session.execute(select(Staff.id, Staff.name).where(Staff.active.is_(True))
                                .order_by(Staff.name)).all()
    specials = {"": "Semua petugas", "saya": "Ditugaskan kepada saya", "kosong": "Belum ditugaskan"}
    return {**(specials if include_specials else {}), **{str(i): name for i, name in people}}


def read_filters(args: MultiDict | None = None) -> Filters:
    form = InboxFilterForm(formdata=args if args is not None else request.args)
    form.layanan.choices = service_choices()
    form.petugas.choices = staff_choices()
    valid = form.validate()
    if not valid:
        # Ignore what is wrong, keep what is right: an invalid field filters nothing.
        for field in form:
            if field.errors:
                field.data = None
    return Filters(form=form, valid=valid)


def submission_query(filters: Filters, staff: Staff) -> Select:
    form = filters.form
    query = select(Submission)
    if form.jenis.data:
        query = query.where(Submission.kind == form.jenis.data)
    if form.status.data == "terbuka":
        query = query.where(Submission.status.not_in(CLOSED_STATUSES))
    elif form.status.data:
        query = query.where(Submission.status == form.status.data)
    if form.layanan.data:
        query = query.where(Submission.service_slug == form.layanan.data)
    if form.petugas.data == "saya":
        query = query.where(Submission.assignee_id == staff.id)
    elif form.petugas.data == "kosong":
        query = query.where(Submission.assignee_id.is_(None))
    elif form.petugas.data:
        query = query.where(Submission.assignee_id == int(form.petugas.data))
    if form.dari.data:
        query = query.where(Submission.created_at >= dates.utc_start_of(form.dari.data))
    if form.sampai.data:
        query = query.where(Submission.created_at < dates.utc_end_of(form.sampai.data))
    if form.terlambat.data:
        query = query.where(overdue_clause())
    if form.cari.data:
        query = query.where(search_clause(form.cari.data))
    order = {
        "terlama": (Submission.created_at.asc(), Submission.id.asc()),
        "jatuh_tempo": (Submission.due_date.is_(None), Submission.due_date.asc(), Submission.id.asc()),
    }.get(form.urut.data, (Submission.created_at.desc(), Submission.id.desc()))
    return query.order_by(*order)


def is_overdue(submission: Submission) -> bool:
    """overdue_clause() for one submission already loaded."""
    return (not submission.is_closed and submission.status != "perlu_perbaikan"
            and submission.due_date is not None and dates.today() > submission.due_date)


def overdue_clause():
    """Open and past its due date (the last day within the standard); never while HR waits
    for the applicant's correction (the service time is paused then)."""
    return (Submission.status.not_in((*CLOSED_STATUSES, "perlu_perbaikan"))
            & (Submission.due_date < dates.today()))


def search_clause(text: str):
    """A reference number, an NIP (or its first digits), or part of a name."""
    text = text.strip()
    conditions = []
    reference = normalise_reference(text)
    if reference:
        conditions.append(Submission.reference == reference)
    digits = re.sub(r"\s", "", text)
    if digits.isdigit() and len(digits) >= 4:
        conditions.append(Submission.nip.startswith(digits, autoescape=True))
    if len(text) >= 2:
        conditions.append(func.lower(Submission.name).contains(text.lower(), autoescape=True))
    return or_(*conditions) if conditions else Submission.id.is_(None)


def survey_query(filters: Filters) -> Select:
    form = filters.form
    query = select(SurveyResponse)
    if form.layanan.data:
        # The filter holds a service slug (or, for a service nobody applied for online, a
        # title); survey answers hold the title.
        title = dict(form.layanan.choices).get(form.layanan.data, form.layanan.data)
        query = query.where(SurveyResponse.layanan == title)
    if form.dari.data:
        query = query.where(SurveyResponse.tanggal >= form.dari.data)
    if form.sampai.data:
        query = query.where(SurveyResponse.tanggal <= form.sampai.data)
    if form.cari.data:
        reference = normalise_reference(form.cari.data)
        query = query.where(SurveyResponse.reference == reference) if reference else query.where(
            func.lower(SurveyResponse.saran).contains(form.cari.data.lower(), autoescape=True))
    descending = form.urut.data != "terlama"
    order = (SurveyResponse.tanggal.desc(), SurveyResponse.id.desc()) if descending else (
        SurveyResponse.tanggal.asc(), SurveyResponse.id.asc())
    return query.order_by(*order)
