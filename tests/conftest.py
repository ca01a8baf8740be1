"""Shared test set-up: tamiz's cache goes to a temporary directory, never the user's own."""
from __future__ import annotations

import os

import pytest


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    # The CLI runs in subprocesses, which inherit the environment: set it for them too.
    os.environ["TAMIZ_CACHE_DIR"] = str(tmp_path_factory.mktemp("tamiz-cache"))
