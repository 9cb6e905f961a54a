"""The container test runs only through `make test-compose` (SB_COMPOSE_TEST=1), never in `make test`:
developers' `make test` needs no container engine, and CI runs it once, in its own stage."""

import os

collect_ignore_glob = [] if os.environ.get("SB_COMPOSE_TEST") == "1" else ["test_*.py"]
