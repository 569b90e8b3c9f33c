"""`rasa run` with its HTTP API token taken from the environment, not the command line.

    RASA_API_TOKEN=... python scripts/prod_rasa.py --enable-api --port 5105 ...

Rasa reads the token only from `--auth-token`, and a command line is readable by every user
of the machine (`ps`); a process's environment only by its owner. This passes the token to
Rasa's own command-line entry point inside the process (scripts/prod-local and
deploy/Dockerfile.rasa start Rasa this way), and drops it from the environment the model's
code and Rasa's subprocesses see.
"""

from __future__ import annotations

import os
import sys

# Python put this file's directory first on the path; Rasa adds the project's (the
# working directory) itself.
sys.path.remove(os.path.dirname(os.path.abspath(__file__)))

from rasa.__main__ import main  # noqa: E402 - after the path is set

if __name__ == "__main__":
    token = os.environ.pop("RASA_API_TOKEN", "")
    if not token:
        sys.exit("RASA_API_TOKEN is not set: Rasa's HTTP API is never run without a token here")
    sys.argv = ["rasa", "run", *sys.argv[1:], "--auth-token", token]
    sys.exit(main())
