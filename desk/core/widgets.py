"""Select boxes drawn in Python, for long lists of options.

Django draws each `<option>` through two template includes; a week of call slots (some 300
options, shown by two forms on a Hotrush request's page) cost a third of that page's CPU. These
draw Django's own markup (`django/forms/widgets/select.html`, `select_option.html`,
`attrs.html`), escaped the same way, from the widget's own context, so validation, `selected`
and the option attributes stay Django's (desk/core/tests/test_widgets.py compares the two).
"""

from __future__ import annotations

from typing import Any

from django.forms.renderers import DjangoTemplates
from django.http import HttpRequest
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

SELECT_TEMPLATE = "django/forms/widgets/select.html"
OPTION_TEMPLATE = "django/forms/widgets/select_option.html"


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


class QuickRenderer(DjangoTemplates):
    """The project's form renderer (`FORM_RENDERER`): selects in Python, the rest as Django
    draws it. A widget with options of its own template is left to the templates."""

    def render(
        self, template_name: str, context: dict[str, Any], request: HttpRequest | None = None
    ) -> str:
        if template_name == SELECT_TEMPLATE and _plain_options(context):
            return render_select(context)
        return super().render(template_name, context, request)


def _plain_options(context: dict[str, Any]) -> bool:
    return all(
        option.get("template_name") == OPTION_TEMPLATE
        for _name, options, _index in context["widget"]["optgroups"]
        for option in options
    )
