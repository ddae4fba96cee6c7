"""Django's SQLite backend, creating the database file's directory on first connect.

A fresh clone has no `var/`: the default database lives there, and the code that opens
it is the one that should make its directory, not whichever command happens to run first.
"""

from pathlib import Path

from django.db.backends.sqlite3 import base


class DatabaseWrapper(base.DatabaseWrapper):
    def get_new_connection(self, conn_params):
        database = conn_params["database"]
        if not self.creation.is_in_memory_db(database) and not str(database).startswith("file:"):
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        return super().get_new_connection(conn_params)
