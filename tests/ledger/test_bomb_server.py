"""Issue 19, defect 1 over HTTP: two bomb uploads at once leave the sign-in page answering."""

import re
import threading
import time
import urllib.request
import uuid
from http.cookiejar import CookieJar

import pytest

from projects.models import ImportJob
from tests.ledger.conftest import project_row, xlsx_bytes
from tests.ledger.test_upload_limits import MiB, memory, reset_peak, rewrite
from tests.pages.conftest import PASSWORD

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _signed_in(base, username):
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    token = TOKEN.search(opener.open(base + "/login/").read().decode()).group(1)
    form = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "username": username, "password": PASSWORD}
    ).encode()
    opener.open(urllib.request.Request(base + "/login/", form, headers={"Referer": base}))
    return opener


def _upload(opener, base, data, answers):
    token = TOKEN.search(opener.open(base + "/ledger/").read().decode()).group(1)
    boundary = uuid.uuid4().hex
    part = f'--{boundary}\r\nContent-Disposition: form-data; name="%s"%s\r\n\r\n'
    body = (
        (part % ("csrfmiddlewaretoken", "")).encode()
        + token.encode()
        + b"\r\n"
        + (part % ("kind", "")).encode()
        + b"projects\r\n"
        + (part % ("file", '; filename="bomb.xlsx"')).encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    headers = {"Content-Type": f"multipart/form-data; boundary={boundary}", "Referer": base}
    started = time.perf_counter()
    with opener.open(urllib.request.Request(base + "/ledger/", body, headers=headers)) as response:
        answers.append((response.status, time.perf_counter() - started))


@pytest.mark.django_db(transaction=True)
def test_two_bombs_at_once_leave_the_login_page_answering(live_server, staff, settings):
    settings.AXES_ENABLED = False
    base = live_server.url
    bomb = rewrite(xlsx_bytes([project_row()]), pad_strings=400 * MiB)
    uploaders = [_signed_in(base, staff.username) for _ in range(2)]
    answers, waits, done = [], [], threading.Event()

    def sign_in_page():
        while not done.is_set():
            started = time.perf_counter()
            urllib.request.urlopen(base + "/login/").read()
            waits.append(time.perf_counter() - started)
            time.sleep(0.05)

    reset_peak()
    resident, _ = memory()
    watcher = threading.Thread(target=sign_in_page)
    watcher.start()
    threads = [threading.Thread(target=_upload, args=(o, base, bomb, answers)) for o in uploaders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    done.set()
    watcher.join(timeout=5)
    _, peak = memory()

    assert [status for status, _ in answers] == [200, 200]  # followed to the job page
    assert max(seconds for _, seconds in answers) < 2
    assert waits and max(waits) < 1
    assert peak - resident < 80 * MiB, (peak - resident) / MiB
    assert set(ImportJob.objects.values_list("status", flat=True)) == {ImportJob.Status.FAILED}
