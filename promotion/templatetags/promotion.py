"""The promotion panel on a project's page, composed in the template: the core knows nothing of it."""

from django import template

from promotion.selectors import project_promotion

register = template.Library()


@register.inclusion_tag("promotion/_project_panel.html")
def promotion_panel(project, can_write):
    """The project's source lead and its problems under supervision."""
    return {"project": project, "can_write": can_write, **project_promotion(project)}
