"""Opens a workspace from before encryption, which encrypts it, printing each step.

Run by tests/unit/test_encryption.py, which kills it with SIGKILL at a random
moment; whatever the moment, the next open must find every record.
"""

from __future__ import annotations

import sys
import time

from inspector_desktop.store import open_workspace


def progress(done: int, total: int) -> None:
    print(f"{done * 100 // total}%", flush=True)
    time.sleep(0.002)  # spreads the steps, so random kills fall between more of them


def main(root: str) -> None:
    print("opening", flush=True)
    ws = open_workspace(root, progress=progress)
    ws.close()
    print("opened", flush=True)


if __name__ == "__main__":
    main(sys.argv[1])
