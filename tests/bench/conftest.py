from tests.pages.conftest import fast_password_hashing, official, places  # noqa: F401
