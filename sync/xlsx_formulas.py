"""What formula cells show: the constants ``=TRUE()``/``=FALSE()``, and the results office suites save.

LibreOffice Calc saves every yes/no cell as the formula ``=TRUE()`` or ``=FALSE()``, and staff may type
formulas into any column. openpyxl, which must load formulas as formulas so that saving keeps them,
throws away the result Excel, LibreOffice or WPS saved with each one; :func:`saved_results` reads those
results back from the file's worksheet XML. It scans only formula cells with one regular expression (a
fraction of the cost of a second openpyxl load) and, when something looks unusual (a shared-string result,
a part it cannot find), leaves the cell out: a formula without a result is read as its text, so the sync
never takes a guess.
"""

from __future__ import annotations

import html
import posixpath
import re
import zipfile
from collections.abc import Collection
from functools import cache, lru_cache
from xml.etree.ElementTree import ParseError

from openpyxl.utils.datetime import from_ISO8601
from openpyxl.xml.functions import fromstring  # defused, as openpyxl parses the rest of the file

from sync.backend import CellValue
from sync.xlsx_package import Package, opened

CONSTANT_BOOLEAN = re.compile(r"=\s*(TRUE|FALSE)\s*(?:\(\s*\))?\s*", re.IGNORECASE)

# The prefix a worksheet's XML gives its elements, if any (<x:worksheet>, <x:c> ...).
ROOT_PREFIX = re.compile(rb"<([\w.-]+:)?worksheet\b")
CELL_ATTRIBUTE = re.compile(rb"(?<=\s)([rt])\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
OFFICE_DOCUMENT = "/officeDocument"
WORKSHEET = "/worksheet"


@lru_cache(maxsize=1024)  # a LibreOffice file repeats the same two formulas in every yes/no cell
def constant_boolean(formula: str) -> bool | None:
    """True or False for ``=TRUE()``, ``=false`` and the like (any case); None for any other formula."""
    match = CONSTANT_BOOLEAN.fullmatch(formula)
    return None if match is None else match.group(1).upper() == "TRUE"


def saved_results(package: Package, tabs: Collection[str]) -> dict[str, dict[str, CellValue]]:
    """The result saved with each formula cell of these tabs, by tab and then coordinate (``"G2"``).

    A cell saved without a result (openpyxl never saves one) is absent; so is a tab the file lacks. A
    result that is empty text is ``""``; numbers come back as numbers (dates too: the caller knows the
    cell's number format), errors as their text (``#N/A``).
    """
    try:
        with zipfile.ZipFile(opened(package)) as archive:
            parts = worksheet_parts(archive)
            return {tab: _results_in(archive.read(parts[tab])) for tab in tabs if tab in parts}
    except (KeyError, ValueError, zipfile.BadZipFile, ParseError):
        return {}


def worksheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Where each worksheet's XML sits in the package, by tab name (chartsheets left out)."""
    workbook_part = next(iter(_relationships(archive, "", OFFICE_DOCUMENT).values()))
    sheets_by_id = _relationships(archive, workbook_part, WORKSHEET)
    parts: dict[str, str] = {}
    for element in fromstring(archive.read(workbook_part)).iter():
        if _local(element.tag) != "sheet":
            continue
        relationship = next((value for key, value in element.attrib.items() if _local(key) == "id"), None)
        name = element.get("name")
        if name is not None and relationship in sheets_by_id:
            parts[name] = sheets_by_id[relationship]
    return parts


def _relationships(archive: zipfile.ZipFile, source: str, type_suffix: str) -> dict[str, str]:
    """The parts a part points at with relationships of one type, by relationship ID."""
    folder, name = posixpath.split(source)
    root = fromstring(archive.read(posixpath.join(folder, "_rels", f"{name}.rels")))
    found: dict[str, str] = {}
    for element in root:
        target, kind = element.get("Target", ""), element.get("Type", "")
        if kind.endswith(type_suffix) and element.get("TargetMode") != "External":
            # Targets are relative to the source's folder, or absolute from the package root.
            path = target[1:] if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
            found[element.get("Id", "")] = path
    return found


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


@cache
def formula_cell_pattern(prefix: bytes) -> re.Pattern[bytes]:
    """A formula cell in worksheet XML: ``<c ATTRS><f …>…</f><v>RESULT</v></c>`` (the schema puts <f> first).

    Built for the document's own element prefix, so that the search can jump from one ``<c`` to the next.
    """
    c, f, v = (re.escape(prefix + name) for name in (b"c", b"f", b"v"))
    return re.compile(
        rb"<" + c + rb"(?P<attributes>\s[^>]*)?>\s*"
        rb"<" + f + rb"\b[^>]*?(?:/>|>.*?</" + f + rb">)\s*"
        rb"(?:<" + v + rb"\s*/>|<" + v + rb">(?P<result>[^<]*)</" + v + rb">)?",
        re.DOTALL,
    )


def _results_in(worksheet: bytes) -> dict[str, CellValue]:
    root = ROOT_PREFIX.search(worksheet)
    if root is None:
        return {}
    results: dict[str, CellValue] = {}
    for cell in formula_cell_pattern(root.group(1) or b"").finditer(worksheet):
        found = CELL_ATTRIBUTE.findall(cell["attributes"] or b"")
        attributes = {name: double or single for name, double, single in found}
        coordinate = attributes.get(b"r")
        result = _result(attributes.get(b"t", b"n"), cell["result"])
        if coordinate and result is not None:
            results[coordinate.decode("ascii")] = result
    return results


def _result(kind: bytes, saved: bytes | None) -> CellValue:
    """A saved result as a value, or None when none was saved (or it is kept where this does not look)."""
    if saved is None:
        return None
    if kind == b"str":
        return html.unescape(saved.decode("utf-8"))  # "" is a real result: =IF(A2="", "", …)
    if not saved:
        return None  # openpyxl writes an empty <v/> after every formula
    try:
        if kind == b"n":
            return float(saved) if any(mark in saved for mark in b".eE") else int(saved)
        if kind == b"b":
            return {b"1": True, b"0": False}.get(saved)
        if kind == b"e":
            return saved.decode("utf-8")
        if kind == b"d":
            return from_ISO8601(saved.decode("utf-8"))  # type: ignore[no-any-return]
    except ValueError:
        return None
    return None  # a shared-string result ("s") needs the string table; the cell reads as its formula
