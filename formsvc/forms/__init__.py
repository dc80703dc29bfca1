"""The public forms, defined once (WTForms) and rendered by one set of templates
(templates/_macros/forms.html) both in the built docs pages and in formsvc's own pages.

FORMS maps each form id to its class (the forms that create a Submission). FORM_IDS is
every id the `{{ formulir <id> }}` directive accepts: the forms, the status lookup, and what
other areas register in formsvc.embed.EMBEDDABLE (e.g. the survey).
"""
from __future__ import annotations

from .base import BaseForm
from .cuti import LeaveForm
from .izin import PermissionForm
from .layanan import ServiceRequestForm
from .pelatihan import TrainingForm
from .saran import SuggestionForm
from .status import StatusLookupForm

FORMS: dict[str, type[BaseForm]] = {
    cls.form_id: cls for cls in (LeaveForm, PermissionForm, ServiceRequestForm, TrainingForm, SuggestionForm)
}


def __getattr__(name: str):
    # Computed on use: the registry may gain entries from other modules after this one loads.
    if name == "FORM_IDS":
        from ..embed import registry
        return tuple(registry())
    raise AttributeError(name)


__all__ = ["FORMS", "FORM_IDS", "BaseForm", "LeaveForm", "PermissionForm", "ServiceRequestForm", "TrainingForm",
           "SuggestionForm", "StatusLookupForm"]
