"""Input formats for French, the admin's `fr` and the site's `fr-be` alike (Django looks up `fr_BE`, then `fr`).

Dates are read as Belgians write them and as ISO 8601: `20/11/2026`, `20-11-2026`, `20.11.2026`, `2026-11-20`
(Django adds the ISO forms itself). No two-digit years. The display formats stay Django's. cms/dates.py builds the
forms' fields on these; it imports nothing, as Django skips a format module that fails to import.
"""

DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]
DATETIME_INPUT_FORMATS = [f"{date} {time}" for date in DATE_INPUT_FORMATS for time in ("%H:%M", "%H:%M:%S")]
TIME_INPUT_FORMATS = ["%H:%M", "%H:%M:%S", "%Hh%M", "%Hh"]
