"""libcoveoc4ids, offline: the schema and codelists it would download come from oc4ids_schema/.

libcoveoc4ids 0.9.1 fetches OC4IDS 0.9.5's package schema, project schema and codelists over
HTTP at run time (config: schema_host, schema_codelists). The same files, from the standard's
repository (open-contracting/infrastructure, see oc4ids_schema/VERSIONS.md), are served to it
here by replacing `requests.get`; any other URL fails the test, so nothing leaves the machine.
"""

from pathlib import Path
from unittest import mock

import requests

SCHEMA_DIR = Path(__file__).parent / "oc4ids_schema"
SCHEMA_URLS = (
    "://standard.open-contracting.org/infrastructure/schema/0__9__5/",
    "://raw.githubusercontent.com/open-contracting/infrastructure/0.9/schema/project-level/codelists/",
)


def _response(url, path):
    response = requests.models.Response()
    response.url, response.status_code, response.encoding = url, 200, "utf-8"
    response._content, response._content_consumed = path.read_bytes(), True
    return response


def _offline_get(url, *args, **kwargs):
    for prefix in SCHEMA_URLS:
        if prefix in url:
            name = url.split(prefix, 1)[1]
            path = SCHEMA_DIR / ("codelists" if name.endswith(".csv") else "") / name
            if path.is_file():
                return _response(url, path)
    raise AssertionError(f"libcoveoc4ids tried to download {url}")


def review(package):
    """libcoveoc4ids' full review of a package (its `oc4ids_json_output`), run offline."""
    from libcoveoc4ids.api import oc4ids_json_output

    with mock.patch.object(requests, "get", _offline_get):
        return oc4ids_json_output(json_data=package)


def problems(result):
    """What a reviewer would call an error: schema validation errors, closed-codelist values,
    conformance and additional-check failures."""
    return {
        "validation_errors": result.get("validation_errors", []),
        "closed_codelist_values": result.get("additional_closed_codelist_values", {}),
        "conformance_checks": result.get("conformance_checks", []),
        "additional_checks": result.get("additional_checks", []),
    }
