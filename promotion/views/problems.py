"""Problems under supervision (督办): raise, edit, close with a note, reopen."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from projects.access import access_of, require_reader, require_writer, visible_projects
from projects.web import run_action, save_form
from promotion import selectors, services
from promotion.access import get_problem_for_user
from promotion.forms import CloseForm, ProblemEditForm, ProblemForm, ReopenForm
from promotion.views.common import list_page


@login_required
@require_GET
def problem_list(request: HttpRequest) -> HttpResponse:
    require_reader(request.user)
    context = selectors.problem_list(request)
    return list_page(request, "promotion/problems.html", context, "problems")


@login_required
@require_http_methods(["GET", "POST"])
def problem_create(request: HttpRequest) -> HttpResponse:
    require_writer(request.user)
    projects = visible_projects(request.user)
    initial = {}
    code = _project_code(request)
    if code:
        initial["project_code"] = code
    form = ProblemForm(request.POST or None, initial=initial, user=request.user, projects=projects)

    def write(form):
        unit = form.chosen_unit()
        if unit is None:
            raise ValidationError({"unit": _("请选择责任单位。")})
        return services.problem_create(
            actor=request.user,
            project=form.cleaned_data["project_code"],
            unit=unit,
            **form.problem_fields(),
        )

    return save_form(request, form, write, _("问题已列入督办。"), "promotion/problem_form.html", {})


def _project_code(request):
    """The code of the project named by ?project=<pk>, if the user may see it."""
    pk = request.GET.get("project", "")
    if not pk.isdigit() or len(pk) > 18:
        return ""
    return visible_projects(request.user).filter(pk=pk).values_list("code", flat=True).first()


@login_required
@require_GET
def problem_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _problem_page(request, get_problem_for_user(request.user, pk))


def _problem_page(request, problem, bound=None):
    context = selectors.problem_detail(problem)
    context["can_write"] = access_of(request.user).can_write
    if context["can_write"]:
        version = {"version": problem.version}
        form_class = CloseForm if problem.is_open else ReopenForm
        context["action_form"] = bound or form_class(initial=version)
    return render(request, "promotion/problem.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def problem_edit(request: HttpRequest, pk: int) -> HttpResponse:
    problem = get_problem_for_user(request.user, pk, write=True)
    form = ProblemEditForm(
        request.POST or None,
        initial=ProblemEditForm.initial_for(problem),
        user=request.user,
        projects=visible_projects(request.user),
    )

    def write(form):
        return services.problem_update(
            actor=request.user,
            problem=problem,
            version=form.cleaned_data["version"],
            **form.problem_fields(),
            **form.unit_change(),
        )

    context = {"problem": problem}
    return save_form(
        request, form, write, _("修改已保存。"), "promotion/problem_form.html", context
    )


def _problem_action(request, pk, form_class, run, done):
    problem = get_problem_for_user(request.user, pk, write=True)
    return run_action(request, problem, form_class(request.POST), run, done, _problem_page)


@login_required
@require_POST
def problem_close(request: HttpRequest, pk: int) -> HttpResponse:
    def run(problem, data):
        services.problem_close(
            actor=request.user,
            problem=problem,
            on=data["on"],
            note=data["note"],
            version=data["version"],
        )

    return _problem_action(request, pk, CloseForm, run, _("问题已销号。"))


@login_required
@require_POST
def problem_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    def run(problem, data):
        services.problem_reopen(
            actor=request.user,
            problem=problem,
            reason=data["reason"],
            due_on=data["due_on"],
            version=data["version"],
        )

    return _problem_action(request, pk, ReopenForm, run, _("问题已重新列入督办。"))
