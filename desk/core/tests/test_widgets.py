"""Select boxes drawn by the project's form renderer give exactly Django's markup, for any
choices and attributes."""

from __future__ import annotations

from django import forms
from django.forms.renderers import DjangoTemplates
from hypothesis import given, settings
from hypothesis import strategies as st

from desk.core.widgets import QuickRenderer

texts = st.text(alphabet=st.characters(codec="utf-8"), max_size=12)
options = st.lists(st.tuples(texts, texts), max_size=6)
choices = st.lists(st.one_of(st.tuples(texts, texts), st.tuples(texts, options)), max_size=5)
attributes = st.dictionaries(
    st.sampled_from(["size", "class", "data-x", "required", "disabled", "aria-describedby"]),
    st.one_of(st.booleans(), texts, st.integers()),
    max_size=4,
)


@settings(max_examples=200, deadline=None)
@given(choices=choices, attrs=attributes, picked=st.lists(texts, max_size=3))
def test_selects_draw_what_django_draws(choices, attrs, picked):
    for widget_class in (forms.Select, forms.SelectMultiple, forms.NullBooleanSelect):
        multiple = widget_class is forms.SelectMultiple
        value = picked if multiple else (picked[0] if picked else None)
        widget = widget_class(attrs=attrs)
        if widget_class is not forms.NullBooleanSelect:
            widget.choices = choices
        expected = widget.render("field", value, {"id": "id_f"}, renderer=DjangoTemplates())
        drawn = widget.render("field", value, {"id": "id_f"}, renderer=QuickRenderer())
        assert drawn == expected


def test_selects_escape_labels_values_and_attributes():
    widget = forms.Select(attrs={"data-x": '"><script>'}, choices=[('"a"', "<b>bold</b>")])

    drawn = widget.render("f<", '"a"', renderer=QuickRenderer())

    assert "<script>" not in drawn
    assert "<b>" not in drawn
    assert '<option value="&quot;a&quot;" selected>&lt;b&gt;bold&lt;/b&gt;</option>' in drawn
    assert 'name="f&lt;"' in drawn


def test_a_widget_with_its_own_option_template_is_left_to_the_templates():
    class Fancy(forms.Select):
        option_template_name = "django/forms/widgets/radio_option.html"

    drawn = Fancy(choices=[("a", "A")]).render("f", "a", renderer=QuickRenderer())

    assert drawn == Fancy(choices=[("a", "A")]).render("f", "a", renderer=DjangoTemplates())
    assert "<label>" in drawn  # the option's own template drew it


def test_forms_render_through_it(settings):
    assert settings.FORM_RENDERER == "desk.core.widgets.QuickRenderer"
