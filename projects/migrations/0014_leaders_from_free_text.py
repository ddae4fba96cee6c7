"""Carry the free-text 包联领导 column over to Leader and ProjectLeader records.

"张三、李四" becomes two leaders of the project (the first leads, the second joins:
双包联); "王五（副县长）" a leader named 王五 with the title 副县长. One Leader per
distinct name and title. Their level is left blank, since the text does not say it.
The column itself stays (it is the ledger's 包联领导 column).
"""

import re

from django.db import migrations

SEPARATORS = re.compile(r"[、，,;；/]+")
TITLED = re.compile(r"^(?P<name>[^（(]+)[（(](?P<title>[^）)]*)[）)]$")
BATCH = 2000


def parse_leaders(text):
    """[(name, title)] in the order written."""
    found = []
    for part in SEPARATORS.split(text or ""):
        part = part.strip()
        if not part:
            continue
        match = TITLED.match(part)
        name, title = (match["name"].strip(), match["title"].strip()) if match else (part, "")
        if (name, title) not in found:
            found.append((name[:60], title[:100]))
    return found


def forwards(apps, schema_editor):
    Project = apps.get_model("projects", "Project")
    Leader = apps.get_model("projects", "Leader")
    ProjectLeader = apps.get_model("projects", "ProjectLeader")
    leaders = {}
    links = []
    rows = Project.objects.exclude(leader="").values_list("pk", "leader").order_by("pk")
    for project_id, text in rows.iterator(chunk_size=BATCH):
        for index, key in enumerate(parse_leaders(text)):
            if key not in leaders:
                leaders[key] = Leader.objects.create(name=key[0], title=key[1])
            role = "lead" if index == 0 else "joint"
            links.append(ProjectLeader(project_id=project_id, leader=leaders[key], role=role))
        if len(links) >= BATCH:
            ProjectLeader.objects.bulk_create(links)
            links = []
    ProjectLeader.objects.bulk_create(links)


def backwards(apps, schema_editor):
    # The column was never changed; the records simply go.
    apps.get_model("projects", "ProjectLeader").objects.all().delete()
    apps.get_model("projects", "Leader").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("projects", "0013_leaders_as_records")]

    operations = [migrations.RunPython(forwards, backwards)]
