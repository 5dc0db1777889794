"""Structured logs: one JSON object a line, with what happened and never a secret.

Only chosen fields are logged (method, route, status, timing, account id);
headers and bodies never are, so passwords and tokens cannot leak into logs.
"""

from __future__ import annotations

import json
import logging
import sys
import time

LOGGER = "inspector_server"


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {"ts": round(record.created, 3), "level": record.levelname.lower(), "event": record.getMessage()}
        entry.update(getattr(record, "fields", {}))
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info).splitlines()[-1]
        return json.dumps(entry, ensure_ascii=False, default=str)


def setup(level: str = "info") -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    # uvicorn's own start/stop messages go out in the same one-line JSON.
    for name in (LOGGER, "uvicorn", "uvicorn.error"):
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.setLevel(level.upper())
        logger.propagate = False


def log(event: str, level: int = logging.INFO, exc_info: bool = False, **fields: object) -> None:
    logging.getLogger(LOGGER).log(level, event, extra={"fields": fields}, exc_info=exc_info)


def clock() -> float:
    return time.perf_counter()
