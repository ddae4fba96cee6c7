from tests.pages.conftest import *  # noqa: F403  (the page tests' world and users)
