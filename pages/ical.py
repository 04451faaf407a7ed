"""A minimal iCalendar (RFC 5545) writer for public events: no HTTP, no models.

Lines end with CRLF and are folded at 75 octets (never inside a UTF-8 character); text values escape
backslash, semicolon, comma and newlines (3.3.11). Timed events are written in UTC (« Z »), converted from
Europe/Brussels, so the file needs no VTIMEZONE; events without a start time are all-day events.
"""

import datetime
from dataclasses import dataclass
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

PRODID = "-//ASTRAC//Plateforme d'Echange et de Partage//FR"
LOCAL_TIME_ZONE = ZoneInfo("Europe/Brussels")
MAX_LINE_OCTETS = 75


@dataclass
class Event:
    uid: str
    stamp: datetime.datetime
    day: datetime.date
    summary: str
    start_time: datetime.time | None = None
    end_time: datetime.time | None = None
    location: str = ""
    url: str = ""
    description: str = ""


def host_of(url):
    return urlsplit(url).hostname or "localhost"


def escape_text(value):
    """A TEXT value: backslash first, then ; and , and newlines (CR dropped)."""
    return (
        str(value)
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\n")
        .replace("\r", "\n")
        .replace("\n", "\\n")
    )


def fold(line):
    """Split a content line into chunks of at most 75 octets; continuation lines start with one space."""
    encoded = line.encode("utf-8")
    if len(encoded) <= MAX_LINE_OCTETS:
        return [line]
    chunks = []
    current, size, limit = [], 0, MAX_LINE_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            chunks.append("".join(current))
            # The leading space of a continuation line counts in its 75 octets.
            current, size, limit = [], 0, MAX_LINE_OCTETS - 1
        current.append(char)
        size += width
    chunks.append("".join(current))
    return [chunks[0]] + [" " + chunk for chunk in chunks[1:]]


def utc_stamp(moment):
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=LOCAL_TIME_ZONE)
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def local_moment(day, time):
    return datetime.datetime.combine(day, time, tzinfo=LOCAL_TIME_ZONE)


def event_lines(event):
    lines = ["BEGIN:VEVENT", f"UID:{escape_text(event.uid)}", f"DTSTAMP:{utc_stamp(event.stamp)}"]
    if event.start_time is None:
        lines.append(f"DTSTART;VALUE=DATE:{event.day:%Y%m%d}")
        lines.append(f"DTEND;VALUE=DATE:{event.day + datetime.timedelta(days=1):%Y%m%d}")
    else:
        lines.append(f"DTSTART:{utc_stamp(local_moment(event.day, event.start_time))}")
        if event.end_time is not None and event.end_time > event.start_time:
            lines.append(f"DTEND:{utc_stamp(local_moment(event.day, event.end_time))}")
    lines.append(f"SUMMARY:{escape_text(event.summary)}")
    if event.location:
        lines.append(f"LOCATION:{escape_text(event.location)}")
    if event.description:
        lines.append(f"DESCRIPTION:{escape_text(event.description)}")
    if event.url:
        # URL is of type URI, not TEXT: no escaping of commas or semicolons.
        lines.append(f"URL:{event.url}")
    lines.append("END:VEVENT")
    return lines


def calendar(events, *, name, description="", source=""):
    """The whole .ics file as a string: a VCALENDAR with one VEVENT per event."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"NAME:{escape_text(name)}",
        f"X-WR-CALNAME:{escape_text(name)}",
        "X-WR-TIMEZONE:Europe/Brussels",
    ]
    if description:
        lines += [f"DESCRIPTION:{escape_text(description)}", f"X-WR-CALDESC:{escape_text(description)}"]
    if source:
        lines.append(f"SOURCE;VALUE=URI:{source}")
    for event in events:
        lines += event_lines(event)
    lines.append("END:VCALENDAR")
    return "".join(chunk + "\r\n" for line in lines for chunk in fold(line))
