"""A one-sheet spreadsheet (.xlsx) written as its rows stream in.

Exports of a whole workspace run to a hundred thousand rows and more. A general
spreadsheet library builds an object per cell and serialises it on its own, which
made such an export take twenty times as long as writing the same rows to CSV;
here each row becomes its XML text in one pass. The file is the plain Office Open
XML an office's Excel, WPS or LibreOffice opens: text as inline strings, dates as
dates (yyyy-mm-dd), numbers as numbers, the heading row in bold and frozen.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

TEXT, DATE = "text", "date"
DATE_WIDTH = 12  # yyyy-mm-dd, so Excel shows the date rather than ####

_EXCEL_EPOCH = dt.date(1899, 12, 30).toordinal()
# What text cannot carry as it is: XML's own characters, control characters XML
# forbids (kept as Excel's _xHHHH_ escapes), and text that looks like such an escape.
_SPECIAL = re.compile(r"[&<>\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]|_x[0-9A-Fa-f]{4}_")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_LOOKS_ESCAPED = re.compile(r"_(x[0-9A-Fa-f]{4}_)")

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
OOXML = "application/vnd.openxmlformats-officedocument.spreadsheetml"
HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

STATIC = {
    "[Content_Types].xml": HEAD + (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{OOXML}.sheet.main+xml"/>'
        f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{OOXML}.worksheet+xml"/>'
        f'<Override PartName="/xl/styles.xml" ContentType="{OOXML}.styles+xml"/>'
        "</Types>"),
    "_rels/.rels": HEAD + (
        f'<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{DOC_RELS}/officeDocument" '
        'Target="xl/workbook.xml"/></Relationships>'),
    "xl/_rels/workbook.xml.rels": HEAD + (
        f'<Relationships xmlns="{RELS}">'
        f'<Relationship Id="rId1" Type="{DOC_RELS}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{DOC_RELS}/styles" Target="styles.xml"/></Relationships>'),
    # Cell styles: 0 plain, 1 a date, 2 a heading.
    "xl/styles.xml": HEAD + (
        f'<styleSheet xmlns="{MAIN}">'
        '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>'
        '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
        '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
        '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'),
}


def _control(match: re.Match[str]) -> str:
    return f"_x{ord(match.group()):04X}_"


def escape(text: str) -> str:
    """Text as XML character data, control characters as Excel's _xHHHH_ escapes."""
    if _SPECIAL.search(text) is None:
        return text
    text = _LOOKS_ESCAPED.sub(r"_x005F_\1", text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _CONTROL.sub(_control, text)


def _text_cell(value: str, style: str = "") -> str:
    space = ' xml:space="preserve"' if value[:1].isspace() or value[-1:].isspace() else ""
    return f'<c{style} t="inlineStr"><is><t{space}>{escape(value)}</t></is></c>'


def _cell(value: Any) -> str:
    if value is None or value == "":
        return "<c/>"
    if isinstance(value, str):
        return _text_cell(value)
    if isinstance(value, bool):
        return f'<c t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float):
        return f"<c><v>{value!r}</v></c>"
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return f'<c s="1"><v>{value.toordinal() - _EXCEL_EPOCH}</v></c>'
    return _text_cell(str(value))


def _date_cell(value: Any) -> str:
    """A date stored as ISO text; anything else is written as it is."""
    if isinstance(value, str):
        try:
            return f'<c s="1"><v>{dt.date.fromisoformat(value).toordinal() - _EXCEL_EPOCH}</v></c>'
        except ValueError:
            pass
    return _cell(value)


def write(path: Path, title: str, header: Sequence[str], kinds: Sequence[str],
          batches: Iterable[Sequence[Sequence[Any]]], step: Callable[[int], None]) -> None:
    """Write ``header`` and the rows of ``batches`` as the one sheet ``title`` of the
    workbook ``path``; ``kinds`` says which columns hold ISO dates. ``step(n)`` is
    called after each batch (it may raise to stop)."""
    cell = [_date_cell if kind == DATE else _cell for kind in kinds]
    widths = "".join(f'<col min="{i}" max="{i}" width="{DATE_WIDTH}" customWidth="1"/>'
                     for i, kind in enumerate(kinds, 1) if kind == DATE)
    # The sheet goes to a scratch file first, so the archive knows its size and
    # uses the large-file format only for a sheet that needs it.
    with tempfile.TemporaryFile(dir=path.parent) as sheet:
        sheet.write((
            HEAD + f'<worksheet xmlns="{MAIN}"><sheetViews><sheetView workbookViewId="0">'
            '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>'
            + (f"<cols>{widths}</cols>" if widths else "") + '<sheetData><row r="1">'
            + "".join(_text_cell(h, ' s="2"') for h in header) + "</row>").encode())
        n = 1
        for rows in batches:
            parts = []
            for row in rows:
                n += 1
                parts.append(f'<row r="{n}">{"".join([f(v) for f, v in zip(cell, row)])}</row>')
            sheet.write("".join(parts).encode("utf-8", "surrogatepass"))
            step(len(rows))
        sheet.write(b"</sheetData></worksheet>")
        size = sheet.tell()
        sheet.seek(0)
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as book:
            for name, text in STATIC.items():
                book.writestr(name, text)
            book.writestr("xl/workbook.xml", HEAD + (
                f'<workbook xmlns="{MAIN}" xmlns:r="{DOC_RELS}"><sheets>'
                f'<sheet name="{escape(_sheet_name(title))}" sheetId="1" r:id="rId1"/></sheets></workbook>'))
            entry = zipfile.ZipInfo("xl/worksheets/sheet1.xml", date_time=dt.datetime.now().timetuple()[:6])
            entry.compress_type, entry.file_size = zipfile.ZIP_DEFLATED, size
            entry._compresslevel = 1  # the level ZipFile(compresslevel=) gives the other parts
            with book.open(entry, "w") as out:
                shutil.copyfileobj(sheet, out, 1 << 20)


def _sheet_name(title: str) -> str:
    # Excel refuses a sheet name over 31 characters or with any of []:*?/\
    return re.sub(r"[\[\]:*?/\\]", " ", title)[:31] or "Sheet1"
