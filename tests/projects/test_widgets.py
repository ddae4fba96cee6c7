"""FastSelect writes exactly the markup Django's template-rendered Select writes."""

from django import forms

from projects.widgets import FastSelect, use_fast_selects


class Picker(forms.Form):
    plain = forms.ChoiceField(choices=[("", "全部"), ("a", "甲 & <乙>"), ("b", "丙")])
    grouped = forms.ChoiceField(
        choices=[("", "—"), ("京津", [("beijing", "北京"), ("tianjin", "天津")]), ("x", "其他")],
        required=False,
    )
    numbers = forms.TypedChoiceField(choices=[(1, "一"), (2, "二")], coerce=int)


def _rendered(form):
    return {name: str(form[name]) for name in form.fields}


def test_it_renders_what_django_renders():
    for data in ({}, {"plain": "a", "grouped": "tianjin", "numbers": "2"}, {"plain": "zz"}):
        django_form = Picker(data or None)
        fast_form = Picker(data or None)
        fast_form.fields["plain"].widget.attrs.update({"class": "wide", "disabled": True})
        django_form.fields["plain"].widget.attrs.update({"class": "wide", "disabled": True})
        use_fast_selects(fast_form)

        assert all(type(f.widget) is FastSelect for f in fast_form.fields.values())
        assert _rendered(fast_form) == _rendered(django_form)


def test_it_escapes_labels_and_values():
    html = str(FastSelect(choices=[('"><script>', "<b>x</b>")]).render("f", None))
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;b&gt;x&lt;/b&gt;" in html


def test_it_leaves_other_widgets_alone():
    class Other(forms.Form):
        many = forms.MultipleChoiceField(choices=[("a", "A")])
        radio = forms.ChoiceField(choices=[("a", "A")], widget=forms.RadioSelect)

    form = Other()
    use_fast_selects(form)
    assert type(form.fields["many"].widget) is forms.SelectMultiple
    assert type(form.fields["radio"].widget) is forms.RadioSelect
