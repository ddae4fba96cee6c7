"""What the views of the registry's apps share: htmx partial pages and action forms."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render

from projects.reporting.restatements import restating


def wants_partial(request):
    """Whether htmx asked for just the results (a filter change), not a whole page."""
    htmx = request.htmx
    return bool(htmx) and not htmx.boosted and not htmx.history_restore_request


def run_action(request, record, form, run, done, page):
    """Run an action's service on `record` if `form` is valid, then go back to the record
    with `done`; otherwise, or if the service refuses, `page(request, record, bound=form)`
    shows the form again with the errors (the service's on their fields). A change that
    restates a closed month needs the reason the form asks for then."""
    if form.is_valid():
        try:
            with restating_record(request, record, form):
                run(record, form.cleaned_data)
        except ValidationError as e:
            form.add_service_errors(e)
        else:
            messages.success(request, done)
            return redirect(record)
    return page(request, record, bound=form)


def restating_record(request, record, form):
    """Let the writes on `record` restate closed months with the reason typed in `form`."""
    return restating(
        actor=request.user,
        reason=form.restatement_reason(),
        subject=str(record),
        subject_url=record.get_absolute_url(),
    )


def save_form(request, form, write, done, template, context):
    """Run `write` on a valid form (in a transaction), then go to the record it returns with
    `done`; otherwise, or if the service refuses, the page again with the errors on the form."""
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                record = write(form)
        except ValidationError as e:
            form.add_service_errors(e)
        else:
            messages.success(request, done)
            return redirect(record)
    return render(request, template, {"form": form, **context})
