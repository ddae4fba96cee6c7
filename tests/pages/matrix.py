"""The URLs of the `projects` namespace, what kind of page each is, and valid input for each POST."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

READ = "read"  # GET; officials may
WRITE_PAGE = "write_page"  # GET shows a form, POST saves; staff and admins only
ACTION = "action"  # POST only; staff and admins only
WRITE_HELPER = "write_helper"  # GET only, serves the forms; staff and admins only

# name → (kind, object the URL names: None, "project" or "event")
PAGES = {
    "list": (READ, None),
    "board": (READ, None),
    "events": (READ, None),
    "event": (READ, "event"),
    "detail": (READ, "project"),
    "create": (WRITE_PAGE, None),
    "edit": (WRITE_PAGE, "project"),
    "advance": (ACTION, "project"),
    "correct": (ACTION, "project"),
    "terminate": (ACTION, "project"),
    "report": (ACTION, "project"),
    "plan": (ACTION, "project"),
    "attach": (ACTION, "project"),
    "detach": (ACTION, "project"),
    "schedule": (ACTION, "project"),
    "milestone": (ACTION, "project"),
    "milestone_remove": (ACTION, "project"),
    "leader_assign": (ACTION, "project"),
    "leader_remove": (ACTION, "project"),
    "document_upload": (ACTION, "project"),
    "document_delete": (ACTION, "project"),
    "enterprise_options": (WRITE_HELPER, None),
}
ROLES = [
    "anonymous",
    "nobody",
    "staff_in_scope",
    "staff_out_of_scope",
    "official",
    "reviewer",  # reads like an official; reviews and closes months (tests/reporting)
    "admin",
]
# The roles that read and change nothing here.
READ_ONLY_ROLES = {"official", "reviewer"}
ALLOWED = {READ: {"GET"}, WRITE_PAGE: {"GET", "POST"}, ACTION: {"POST"}, WRITE_HELPER: {"GET"}}


def url_of(name, world):
    target = PAGES[name][1]
    args = [world[target].pk] if target else []
    return reverse(f"projects:{name}", args=args)


def payload(name, world, places):
    """Valid input for each POST, so a wrongly allowed request would really write."""
    version = world["project"].version
    fields = {
        "name": "新录入项目",
        "investor_name": "北京新企业有限公司",
        "origin": "beijing",
        "category": "industrial",
        "region": places["luquan"].pk,
        "platform": places["platform_a"].pk,
        "key_level": "",
        "total_investment_0": "1.5",
        "total_investment_1": "yi",
    }
    return {
        "create": {**fields, "stage": "negotiating", "entered_on": "2024-01-05"},
        "edit": {**fields, "version": version, "started_from": version},
        "advance": {"advance-on": "2023-06-01", "advance-version": version},
        "correct": {
            "correct-stage": "under_construction",
            "correct-on": "2023-05-02",
            "correct-reason": "日期录错",
            "correct-version": version,
        },
        "terminate": {
            "terminate-on": "2023-07-01",
            "terminate-reason": "企业撤回",
            "terminate-version": version,
        },
        "report": {"report-month": "2023-06", "report-amount_0": "120", "report-amount_1": "wan"},
        "plan": {"plan-year": "2023", "plan-amount_0": "2", "plan-amount_1": "yi"},
        "attach": {"attach-event": world["spare_event"].pk},
        "detach": {"detach-event": world["event"].pk},
        "schedule": {"schedule-planned_started_on": "2023-04-01"},
        "milestone": {"milestone-kind": "completed", "milestone-reached_on": "2023-08-01"},
        "milestone_remove": {"unmilestone-milestone": world["milestone"].pk},
        "leader_assign": {"leader-leader": world["spare_leader"].pk, "leader-role": "joint"},
        "leader_remove": {"unleader-leadership": world["leadership"].pk},
        "document_upload": {
            "document-kind": "contract",
            "document-upload": SimpleUploadedFile("合同.pdf", b"%PDF-1.7\n%%EOF\n"),
        },
        "document_delete": {"undocument-document": world["document"].pk},
    }.get(name, {})
