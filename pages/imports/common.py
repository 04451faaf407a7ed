"""What every import shares (pages/imports/resources.py, dossiers.py): reading a CSV or XLSX table whose columns
are recognised by their French or English names, the values read as a person writes them (accents and case
aside, ISO or Belgian dates), the files checked like a contribution's (pages/contributions/uploads.py: type
sniffing, size, content), and the run: each line created in its own transaction unless it is refused (its
reasons, in French, by line) or was imported before (its stable key gives the slug of an existing page).
"""

import csv
import datetime
import io
import os
import unicodedata
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from cms.formats.fr.formats import DATE_INPUT_FORMATS
from pages.contributions.uploads import validate_upload
from pages.models import PlatformDocument
from pages.models.media import default_collection, title_from_filename

MAX_ROWS = 5000


def plain(text):
    text = unicodedata.normalize("NFKD", str(text or "")).encode("ascii", "ignore").decode()
    return "".join(ch for ch in text.lower() if ch.isalnum())


class ImportFileError(Exception):
    """The file as a whole cannot be read (format, header): its message is French."""


def _rows_of_csv(path):
    raw = Path(path).read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252")  # Excel's « CSV » on Windows
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=";,\t")
    except csv.Error:
        dialect = csv.excel
    return list(csv.reader(io.StringIO(text), dialect))


def _rows_of_xlsx(path):
    from openpyxl import load_workbook  # only for XLSX files

    try:
        sheet = load_workbook(path, read_only=True, data_only=True).worksheets[0]
    except Exception as error:
        raise ImportFileError(f"Le classeur ne peut pas être lu ({type(error).__name__}).") from error
    return [["" if value is None else value for value in row] for row in sheet.iter_rows(values_only=True)]


def read_table(path, columns, required, labels):
    """[(line number, {canonical column: value})] of the file's data lines; ImportFileError if it cannot be read.

    `columns`: {column: the names a header may give it, compared without accents, case, spaces or punctuation};
    `required`: the columns that must be there, named by their `labels`."""
    extension = Path(path).suffix.lower()
    if extension == ".csv":
        rows = _rows_of_csv(path)
    elif extension == ".xlsx":
        rows = _rows_of_xlsx(path)
    else:
        raise ImportFileError("Le fichier doit être un tableau CSV (.csv) ou Excel (.xlsx).")
    if not rows:
        raise ImportFileError("Le fichier est vide.")
    names = {alias: column for column, aliases in columns.items() for alias in aliases}
    header = [names.get(plain(cell)) for cell in rows[0]]
    missing = [column for column in required if column not in header]
    if missing:
        raise ImportFileError(
            "Colonnes manquantes : "
            + ", ".join(f"« {labels[column]} »" for column in missing)
            + ". La première ligne doit nommer les colonnes (Titre, Thématique, Résumé…)."
        )
    data = []
    for number, row in enumerate(rows[1:], start=2):
        values = {column: row[i] for i, column in enumerate(header) if column and i < len(row)}
        if any(str(value).strip() for value in values.values()):
            data.append((number, values))
    if len(data) > MAX_ROWS:
        raise ImportFileError(f"Le fichier compte {len(data)} lignes : {MAX_ROWS} au plus par import.")
    return data


def parse_date(value):
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip()
    for format_ in DATE_INPUT_FORMATS:
        try:
            return datetime.datetime.strptime(text, format_).date()
        except ValueError:
            continue
    return None


def find_theme(value, themes):
    wanted = plain(value)
    return next((theme for theme in themes if wanted in (plain(theme.title), plain(theme.slug))), None)


def choice(value, choices, default):
    """The code of `choices` that `value` names by its code or its label (accents and case aside); `default` when
    empty; None when unknown."""
    wanted = plain(value)
    if not wanted:
        return default
    return next((code for code, label in choices.choices if wanted in (plain(code), plain(label))), None)


def unknown_value(what, value, choices):
    known = ", ".join(f"« {label} »" for _code, label in choices.choices)
    return f"{what} « {value} » inconnu (attendu : {known})."


def checked_file(name, folder):
    """(path, error) of a file named in the table: in `folder`, by its name only, checked like a contribution's."""
    if folder is None:
        return None, "un fichier est nommé mais aucun dossier de fichiers n'est donné (--files)."
    base = os.path.basename(str(name).replace("\\", "/"))
    path = Path(folder) / base
    if base != str(name).strip() or not path.is_file():
        return None, f"fichier « {name} » introuvable dans {folder}."
    with path.open("rb") as handle:
        try:
            validate_upload(File(handle, name=base), max_size=max_document_size())
        except ValidationError as error:
            return None, " ".join(error.messages)
    return path, None


def max_document_size():
    return settings.WAGTAILDOCS_MAX_UPLOAD_SIZE


def store_document(path):
    with path.open("rb") as handle:
        document = PlatformDocument(title=title_from_filename(path.name), collection=default_collection())
        document.file.save(path.name, File(handle), save=False)
        document._set_document_file_metadata()
        document.save()
    return document


def existing_slugs(model, slugs):
    return set(model.objects.filter(slug__in=slugs).values_list("slug", flat=True))


def run_import(rows, *, model, noun, feminine, create, write, dry_run=False, publish=False, progress=iter):
    """Create the page of each valid row not imported yet (its slug, from its key, is new), writing what happens to
    each line with `write`; returns the summary line. `noun` (« ressource », « dossier ») and its gender make the
    French; `progress` wraps the rows (a progress bar)."""
    e = "e" if feminine else ""
    known = existing_slugs(model, [row.slug for row in rows])
    created, present, refused, seen = [], [], [], set()
    state = f"publié{e}" if publish else "brouillon"
    for row in progress(rows):
        if row.errors:
            refused.append(row)
            for error in row.errors:
                write(f"Ligne {row.line} : {error}")
            continue
        if row.slug in known or row.slug in seen:
            present.append(row)
            write(f"Ligne {row.line} : « {row.title} » est déjà là (clé « {row.slug} ») : inchangé{e}.")
            continue
        seen.add(row.slug)
        if dry_run:
            write(f"Ligne {row.line} : créerait « {row.title} » dans « {row.parent.title} » ({state}).")
        else:
            create(row, publish=publish)
            write(f"Ligne {row.line} : « {row.title} » créé{e} dans « {row.parent.title} » ({state}).")
        created.append(row)
    verb = "à créer" if dry_run else f"créé{e}(s)"
    lines = f" (lignes {', '.join(str(row.line) for row in refused)})." if refused else "."
    return (
        f"{len(rows)} ligne(s) : {len(created)} {noun}(s) {verb}, {len(present)} déjà présent{e}(s), "
        f"{len(refused)} refusée(s){lines}"
    )


class ImportCommand(BaseCommand):
    """What `import_resources` and `import_dossiers` share: the table, its files' folder, --dry-run, --publish, the
    lines read and created through `run_import` with a progress bar. A command sets `columns` (its module:
    COLUMNS, REQUIRED, LABELS), `model`, `noun`, `feminine`, `create`, and `rows(table, files_dir)`."""

    columns = None
    model = None
    noun = ""
    feminine = False

    def add_arguments(self, parser):
        parser.add_argument("file", help="Le tableau (.csv ou .xlsx).")
        parser.add_argument("--files", help="Le dossier des fichiers nommés dans le tableau.")
        parser.add_argument("--dry-run", action="store_true", help="Montrer ce qui serait fait, sans rien écrire.")
        parser.add_argument("--publish", action="store_true", help="Publier les pages créées.")

    def rows(self, table, files_dir):
        raise NotImplementedError

    def create(self, row, *, publish):
        raise NotImplementedError

    def handle(self, *args, **options):
        columns = self.columns
        try:
            table = read_table(options["file"], columns.COLUMNS, columns.REQUIRED, columns.LABELS)
        except (OSError, ImportFileError) as error:
            raise CommandError(str(error)) from error
        summary = run_import(
            self.rows(table, options["files"]),
            noun=self.noun,
            feminine=self.feminine,
            model=self.model,
            create=self.create,
            write=self.stdout.write,
            dry_run=options["dry_run"],
            publish=options["publish"],
            progress=lambda items: tqdm(items, desc="Import", unit="ligne", disable=None, file=self.stderr),
        )
        self.stdout.write(summary)
