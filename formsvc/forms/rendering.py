"""Jinja helpers for the form macros (templates/_macros/forms.html): the attributes that tie
an input to its hint and its error message for assistive technology."""
from __future__ import annotations

from markupsafe import Markup

from .base import anchor_id, describedby


def render_input(field, **attributes) -> Markup:
    """Render a field's input with aria-describedby / aria-invalid, dropping empty attributes."""
    attributes.setdefault("aria-describedby", describedby(field))
    if field.errors:
        attributes.setdefault("aria-invalid", "true")
    clean = {key.replace("_", "-") if key.startswith(("aria_", "data_")) else key: value
             for key, value in attributes.items() if value is not None}
    return field(**clean)


def init_jinja(app) -> None:
    app.jinja_env.globals.update(
        fs_input=render_input,
        fs_describedby=describedby,
        fs_anchor=anchor_id,
    )
