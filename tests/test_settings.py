"""Settings and wiring that a fresh clone depends on."""

from django.db import connections

from registry.sqlite3.base import DatabaseWrapper


def connect(name):
    """Open (and close) a raw connection the way Django's connect() does."""
    settings = {**connections["default"].settings_dict, "NAME": name, "OPTIONS": {}}
    wrapper = DatabaseWrapper(settings)
    wrapper.get_new_connection(wrapper.get_connection_params()).close()


def test_the_sqlite_backend_creates_its_database_directory(tmp_path):
    name = tmp_path / "var" / "nested" / "registry.sqlite3"
    connect(name)
    assert name.is_file()


def test_the_sqlite_backend_leaves_memory_databases_alone(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    connect(":memory:")
    assert list(tmp_path.iterdir()) == []
