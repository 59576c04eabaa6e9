"""Select boxes, inputs and text areas drawn by the project's form renderer give exactly
Django's markup, for any choices, values and attributes."""

from __future__ import annotations

from django import forms
from django.forms.renderers import DjangoTemplates
from hypothesis import given, settings
from hypothesis import strategies as st

from desk.core.uploads import MultipleFileInput
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


INPUTS = (
    forms.TextInput,
    forms.NumberInput,
    forms.EmailInput,
    forms.URLInput,
    forms.PasswordInput,
    forms.HiddenInput,
    forms.CheckboxInput,
    forms.FileInput,
    forms.ClearableFileInput,
    MultipleFileInput,
    forms.DateInput,
    forms.DateTimeInput,
    forms.TimeInput,
    forms.Textarea,
)
values = st.one_of(st.none(), st.booleans(), texts, st.integers())


@settings(max_examples=200, deadline=None)
@given(attrs=attributes, value=values, name=texts)
def test_inputs_and_text_areas_draw_what_django_draws(attrs, value, name):
    for widget_class in INPUTS:
        widget = widget_class(attrs=attrs)
        expected = widget.render(name, value, {"id": "id_f"}, renderer=DjangoTemplates())
        drawn = widget.render(name, value, {"id": "id_f"}, renderer=QuickRenderer())
        assert drawn == expected, widget_class


def test_inputs_and_text_areas_escape_values_and_attributes():
    attrs = {"placeholder": '"><script>'}

    text = forms.TextInput(attrs=attrs).render("f<", "<b>x</b>", renderer=QuickRenderer())
    area = forms.Textarea(attrs=attrs).render("f<", "</textarea><b>", renderer=QuickRenderer())

    assert text == (
        '<input type="text" name="f&lt;" value="&lt;b&gt;x&lt;/b&gt;" '
        'placeholder="&quot;&gt;&lt;script&gt;">'
    )
    assert area == (
        '<textarea name="f&lt;" cols="40" rows="10" placeholder="&quot;&gt;&lt;script&gt;">\n'
        "&lt;/textarea&gt;&lt;b&gt;</textarea>"
    )


def test_a_file_input_showing_its_current_file_is_left_to_the_templates():
    class Stored:
        url = "/media/a.txt"

        def __str__(self) -> str:
            return "a.txt"

    widget = forms.ClearableFileInput()

    drawn = widget.render("f", Stored(), renderer=QuickRenderer())

    assert drawn == widget.render("f", Stored(), renderer=DjangoTemplates())
    assert '<a href="/media/a.txt">a.txt</a>' in drawn


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
