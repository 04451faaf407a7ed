"""Logs as JSON lines: one object per record, for the production log collector (stdout)."""

import json
import logging
from datetime import UTC, datetime


class JSONFormatter(logging.Formatter):
    """`{"time", "level", "logger", "message"[, "exception"]}` on a single line.

    `time` is ISO 8601 in UTC; `exception` (the formatted traceback) appears only when the record has one.
    Non-ASCII text (French messages) is kept as it is.
    """

    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["exception"] = record.exc_text
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)
