"""`{% form_field field %}`: a form field as `includes/form_field.html` draws it (label, widget,
help text, errors), in Python.

Through the include a field cost a template render of its own on top of the widget's; the
console's request page draws about fifteen (issue 11). The markup is the include's, newlines
included, and every value is escaped the same way (desk/core/tests/test_form_field.py renders
both).
"""

from __future__ import annotations

from django import forms, template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag
def form_field(field: forms.BoundField) -> SafeString:
    help_text = (
        format_html('<p class="help" id="{}_helptext">{}</p>', field.auto_id, field.help_text)
        if field.help_text
        else ""
    )
    errors = field.errors
    listed = (
        format_html(
            '<div role="alert"><ul class="errorlist">{}</ul></div>',
            format_html_join("", "<li>{}</li>", ((error,) for error in errors)),
        )
        if errors
        else ""
    )
    return format_html(
        '<label for="{}">{}</label>\n{}\n{}\n{}\n',
        field.id_for_label,
        field.label,
        str(field),
        help_text,
        listed,
    )
