"""`{% form_field %}` draws exactly what `includes/form_field.html` draws, escaping labels, help
texts, values and errors."""

from __future__ import annotations

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.template import Context, Template


class Sample(forms.Form):
    plain = forms.CharField(label="Plain")
    helped = forms.CharField(
        label='<b>"Label"</b>', help_text="<i>help</i> & more", widget=forms.Textarea
    )
    picked = forms.ChoiceField(label="Pick", choices=[("a", "<A>"), ("b", "B")], required=False)
    ticked = forms.BooleanField(label="Tick", required=False)
    number = forms.IntegerField(label="Number", required=False, min_value=1)

    def clean_plain(self) -> str:
        value = self.cleaned_data["plain"]
        if value == "bad":
            raise ValidationError(["<script>one</script>", "two & three"])
        return str(value)


def _include(field: forms.BoundField) -> str:
    source = '{% include "includes/form_field.html" with field=field %}'
    return Template(source).render(Context({"field": field}))


def _tag(field: forms.BoundField) -> str:
    return Template("{% load desk_forms %}{% form_field field %}").render(Context({"field": field}))


@pytest.mark.parametrize(
    ("data", "auto_id"),
    [
        (None, "id_%s"),
        (None, "reply_%s"),
        ({"plain": "bad", "helped": "</textarea><b>", "picked": "x", "number": "0"}, "id_%s"),
        ({"plain": '"ok"', "helped": "", "picked": "b", "ticked": "on"}, "note_%s"),
        ({"plain": "", "number": "many"}, False),
    ],
)
def test_the_tag_draws_what_the_include_draws(data, auto_id):
    form = Sample(data, auto_id=auto_id, initial={"helped": "<p>draft</p>"})
    form.is_valid()

    for field in form:
        assert _tag(field) == _include(field), field.name


def test_customer_text_labels_and_errors_stay_escaped():
    form = Sample({"plain": "bad", "helped": "</textarea><script>x</script>"})
    form.is_valid()

    plain, helped = _tag(form["plain"]), _tag(form["helped"])

    assert "<li>&lt;script&gt;one&lt;/script&gt;</li><li>two &amp; three</li>" in plain
    assert '<label for="id_helped">&lt;b&gt;&quot;Label&quot;&lt;/b&gt;</label>' in helped
    help_text = '<p class="help" id="id_helped_helptext">&lt;i&gt;help&lt;/i&gt; &amp; more</p>'
    assert help_text in helped
    assert "&lt;/textarea&gt;&lt;script&gt;x&lt;/script&gt;</textarea>" in helped
    assert "<script>" not in plain + helped
