"""The admin's project change form: it refuses a stale save as the staff pages do.

The admin loads the project afresh on every POST, so without a version of its
own a change form left open would overwrite whatever staff saved meanwhile.
Like the staff edit form, it carries the version the page was rendered from
(`version`, moved to the saved one after a conflict) and the one first opened
(`started_from`), so a resubmission saves only the fields this user changed.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import format_html, format_html_join

from projects import selectors, services
from projects.forms import VersionField, conflict_message
from projects.models import Project


class ProjectAdminForm(forms.ModelForm):
    version_seen = VersionField(required=False)
    started_from = VersionField(required=False)

    class Meta:
        model = Project
        fields = [*services.EDITABLE_FIELDS, "chains"]  # the admin adds its own list

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version_seen"].initial = self.instance.version
            self.fields["started_from"].initial = self.instance.version

    def clean(self):
        data = super().clean()
        if self.instance.pk:
            seen = data.get("version_seen")
            current = Project.objects.get(pk=self.instance.pk)
            if seen is None or seen != current.version:
                self._refuse(current, seen or 0)
        return data

    def _refuse(self, current, seen):
        changes = selectors.conflict_changes(services.project_changes_since(current, seen))
        posted = self.data.copy()
        posted[self.add_prefix("version_seen")] = str(current.version)
        if not posted.get(self.add_prefix("started_from")):
            posted[self.add_prefix("started_from")] = str(seen or current.version)
        self.data = posted
        rows = format_html_join(
            "", "<li>{}：{} → {}</li>", ((c.label, c.old, c.new) for c in changes)
        )
        raise ValidationError(format_html("{}<ul>{}</ul>", conflict_message(), rows))

    def changes_to_save(self):
        """The editable fields this user changed from the version first opened."""
        data = self.cleaned_data
        current = Project.objects.get(pk=self.instance.pk)  # self.instance holds the input
        started = selectors.edit_baseline(current, data.get("started_from"))
        return {
            name: data[name]
            for name in services.EDITABLE_FIELDS
            if name in data and getattr(data[name], "pk", data[name]) != started[name]
        }
