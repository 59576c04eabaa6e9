"""Select boxes, inputs and text areas drawn in Python.

Django draws each `<option>` through two template includes; a week of call slots (some 300
options, shown by two forms on a Hotrush request's page) cost a third of that page's CPU. An
`<input>` or a `<textarea>` costs two or three template renders for one tag, and the console's
request page draws about fifteen (issue 11). These draw Django's own markup
(`django/forms/widgets/select.html`, `select_option.html`, `input.html` and the input types that
only include it, `textarea.html`, `attrs.html`), escaped the same way, from the widget's own
context, so validation, `selected`, `checked` and the attributes stay Django's
(desk/core/tests/test_widgets.py compares the two).
"""

from __future__ import annotations

from typing import Any

from django.forms.renderers import DjangoTemplates
from django.http import HttpRequest
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

SELECT_TEMPLATE = "django/forms/widgets/select.html"
OPTION_TEMPLATE = "django/forms/widgets/select_option.html"
TEXTAREA_TEMPLATE = "django/forms/widgets/textarea.html"
CLEARABLE_FILE_TEMPLATE = "django/forms/widgets/clearable_file_input.html"
# Django's templates that are `{% include "django/forms/widgets/input.html" %}` and nothing else
INPUT_TEMPLATES = frozenset(
    f"django/forms/widgets/{name}.html"
    for name in (
        "input",
        "text",
        "number",
        "email",
        "url",
        "password",
        "hidden",
        "checkbox",
        "file",
        "date",
        "datetime",
        "time",
    )
)


def _attrs(attrs: dict[str, Any]) -> str:
    """` name="value"` pairs as attrs.html writes them: True alone, False left out."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {conditional_escape(name)}")
        else:
            parts.append(f' {conditional_escape(name)}="{conditional_escape(str(value))}"')
    return "".join(parts)


def render_select(context: dict[str, Any]) -> SafeString:
    """A `<select>` from a Select widget's context, as select.html draws it."""
    widget = context["widget"]
    parts = [format_html('<select name="{}"', widget["name"]), _attrs(widget["attrs"]), ">"]
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(format_html('\n  <optgroup label="{}">', group_name))
        for option in group_choices:
            parts.append(
                format_html(
                    '\n  <option value="{}"{}>{}</option>\n',  # the include's own newline
                    str(option["value"]),
                    mark_safe(_attrs(option["attrs"])),  # noqa: S308 — escaped by _attrs
                    option["label"],
                )
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return mark_safe("".join(parts))  # noqa: S308 — every value above is escaped


def render_input(context: dict[str, Any]) -> SafeString:
    """An `<input>` from an Input widget's context, as input.html draws it."""
    widget = context["widget"]
    value = widget.get("value")
    shown = "" if value is None else format_html(' value="{}"', str(value))
    return format_html(
        '<input type="{}" name="{}"{}{}>',
        widget["type"],
        widget["name"],
        shown,
        mark_safe(_attrs(widget["attrs"])),  # noqa: S308 — escaped by _attrs
    )


def render_textarea(context: dict[str, Any]) -> SafeString:
    """A `<textarea>` from a Textarea widget's context, as textarea.html draws it."""
    widget = context["widget"]
    return format_html(
        '<textarea name="{}"{}>\n{}</textarea>',
        widget["name"],
        mark_safe(_attrs(widget["attrs"])),  # noqa: S308 — escaped by _attrs
        widget["value"] or "",
    )


class QuickRenderer(DjangoTemplates):
    """The project's form renderer (`FORM_RENDERER`): selects in Python, the rest as Django
    draws it. A widget with options of its own template, or a file input showing its current
    file, is left to the templates."""

    def render(
        self, template_name: str, context: dict[str, Any], request: HttpRequest | None = None
    ) -> str:
        if template_name == SELECT_TEMPLATE and _plain_options(context):
            return render_select(context)
        if template_name in INPUT_TEMPLATES:
            return render_input(context)
        if template_name == TEXTAREA_TEMPLATE:
            return render_textarea(context)
        if template_name == CLEARABLE_FILE_TEMPLATE and not context["widget"]["is_initial"]:
            return render_input(context)  # no file yet: the template draws only the input
        return super().render(template_name, context, request)


def _plain_options(context: dict[str, Any]) -> bool:
    return all(
        option.get("template_name") == OPTION_TEMPLATE
        for _name, options, _index in context["widget"]["optgroups"]
        for option in options
    )
