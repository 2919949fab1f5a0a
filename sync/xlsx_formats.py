"""How provisioning formats an .xlsx workbook with openpyxl, and how ``workbook check`` reads it back.

Rules lobbydesk adds (shading, highlights) carry a marker, ``N("lobbydesk")=0`` (always true), so a
second run replaces its own rules and leaves staff's conditional formatting alone. Dropdowns cover
whole columns below the header, which is also how they are recognised. Protection is Excel's sheet
protection without a password: it stops typing over lobbydesk's columns by accident; staff may still
sort, filter, insert rows and columns, and resize. Cells lobbydesk writes later take the locking of
their column (see :func:`unlock_like_column`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from openpyxl.formatting.formatting import ConditionalFormattingList
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from sync.backend import WorkbookUnavailable
from sync.formats import SHADE, FoundFormat, RowHighlight, TabFormat
from sync.mapping import cell_text, header_key

MARK = 'N("lobbydesk")=0'
LAST_ROW = 1_048_576
OPEN_COLUMNS_AHEAD = 30  # columns right of ours left unlocked, for staff's own columns
UNLOCKED = Protection(locked=False)


def apply_formats(workbook: Any, formats: Sequence[TabFormat]) -> None:
    """Format each tab in place (see the module's rules); tabs must exist."""
    for wanted in formats:
        if wanted.tab not in workbook.sheetnames:
            raise WorkbookUnavailable(f"the workbook has no tab {wanted.tab!r} to format")
        sheet = workbook[wanted.tab]
        positions = _positions(sheet)
        columns = [(column, positions[header_key(column.header)]) for column in wanted.columns
                   if header_key(column.header) in positions]
        last = max([sheet.max_column, *(position for _column, position in columns)])
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = f"A1:{get_column_letter(last)}{LAST_ROW}"
        for column, position in columns:
            letter = get_column_letter(position)
            if letter not in sheet.column_dimensions:  # staff's own widths stay
                sheet.column_dimensions[letter].width = column.width
        _dropdowns(sheet, columns)
        _rules(sheet, wanted, positions, columns, last)
        if wanted.protected:
            _protect(sheet, {position for column, position in columns if column.locked}, last)


def read_formats(workbook: Any, formats: Sequence[TabFormat]) -> dict[str, FoundFormat]:
    """How each tab looks now, in the words of :class:`FoundFormat`."""
    found = {}
    for wanted in formats:
        if wanted.tab not in workbook.sheetnames:
            found[wanted.tab] = FoundFormat(wanted.tab, exists=False)
            continue
        sheet = workbook[wanted.tab]
        positions = _positions(sheet)
        header_at = {position: column.header for column in wanted.columns
                     if (position := positions.get(header_key(column.header))) is not None}
        rules = _our_rules(sheet)
        last = max([sheet.max_column, *header_at])
        highlights = {rule for rule in wanted.highlights
                      if (position := positions.get(header_key(rule.header))) is not None
                      and _highlight_rule(rule, position, last) in rules}
        found[wanted.tab] = FoundFormat(
            wanted.tab,
            exists=True,
            headers=[cell_text(cell.value) for cell in sheet[1] if cell.value is not None],
            frozen_header=sheet.freeze_panes == "A2",
            filter_on=bool(sheet.auto_filter.ref) and str(sheet.auto_filter.ref).startswith("A1:"),
            protected=bool(sheet.protection.sheet),
            dropdowns={header_at[p]: choices for p, choices in _dropdowns_found(sheet).items() if p in header_at},
            locked={header for position, header in header_at.items() if _column_locked(sheet, position)},
            shaded={header for position, header in header_at.items() if _shade_rule(position) in rules},
            highlights=highlights,
        )
    return found


def unlock_like_column(sheet: Any, cell: Any) -> None:
    """A cell lobbydesk writes below the header of a protected tab is as open as its column."""
    if cell.row == 1 or not sheet.protection.sheet:
        return
    dimension = sheet.column_dimensions.get(cell.column_letter)
    if dimension is not None and dimension.protection is not None and dimension.protection.locked is False:
        cell.protection = UNLOCKED


def _positions(sheet: Any) -> dict[str, int]:
    """1-based column of each header in row 1, by header key (first occurrence)."""
    positions: dict[str, int] = {}
    if sheet.max_row >= 1:
        for cell in sheet[1]:
            if cell.value is not None:
                positions.setdefault(header_key(cell.value), cell.column)
    return positions


def _full_column(position: int) -> str:
    letter = get_column_letter(position)
    return f"{letter}2:{letter}{LAST_ROW}"


def _dropdowns(sheet: Any, columns: list[tuple[Any, int]]) -> None:
    ours = {_full_column(position) for _column, position in columns}
    kept = [dv for dv in sheet.data_validations.dataValidation if str(dv.sqref) not in ours]
    sheet.data_validations.dataValidation = kept
    for column, position in columns:
        if not column.choices:
            continue
        listed = ",".join(column.choices)
        validation = DataValidation(
            type="list",
            formula1=f'"{listed}"',
            allow_blank=True,
            showErrorMessage=True,
            errorStyle="warning",
            errorTitle=column.header,
            error=f"lobbydesk expects one of: {', '.join(column.choices)}",
        )
        validation.add(_full_column(position))
        sheet.add_data_validation(validation)


def _dropdowns_found(sheet: Any) -> dict[int, tuple[str, ...]]:
    found: dict[int, tuple[str, ...]] = {}
    for validation in sheet.data_validations.dataValidation:
        if validation.type != "list" or not validation.formula1:
            continue
        choices = tuple(validation.formula1.strip('"').split(","))
        for cells in validation.sqref.ranges:
            if cells.min_row == 2 and cells.max_row == LAST_ROW and cells.min_col == cells.max_col:
                found[cells.min_col] = choices
    return found


def _highlight_rule(rule: RowHighlight, position: int, last: int) -> tuple[str, str, str]:
    cell = f"${get_column_letter(position)}2"
    if rule.before_today:
        condition = f'{cell}<>"",IFERROR(DATEVALUE(LEFT({cell},10)),{cell})<TODAY()'
    else:
        condition = "OR(" + ",".join(f'LOWER(TRIM({cell}))="{value.casefold()}"' for value in rule.equals) + ")"
    return f"A2:{get_column_letter(last)}{LAST_ROW}", f"AND({MARK},{condition})", rule.colour.upper()


def _shade_rule(position: int) -> tuple[str, str, str]:
    letter = get_column_letter(position)
    return f"{letter}1:{letter}{LAST_ROW}", f"AND({MARK},TRUE)", SHADE


def _our_rules(sheet: Any) -> set[tuple[str, str, str]]:
    rules = set()
    for formatting in sheet.conditional_formatting:
        for rule in formatting.rules:
            formula = rule.formula[0] if rule.formula else ""
            if MARK in formula:
                colour = rule.dxf.fill.bgColor.rgb if rule.dxf and rule.dxf.fill else ""
                rules.add((str(formatting.sqref), formula, str(colour)[-6:].upper()))
    return rules


def _rules(sheet: Any, wanted: TabFormat, positions: dict[str, int], columns: list[tuple[Any, int]], last: int) -> None:
    """Replace lobbydesk's rules: highlights first (they win over shading), then the shading."""
    kept = ConditionalFormattingList()
    for formatting in sheet.conditional_formatting:
        for rule in formatting.rules:
            if not (rule.formula and MARK in rule.formula[0]):
                kept.add(str(formatting.sqref), rule)
    ours = [
        _highlight_rule(rule, positions[header_key(rule.header)], last)
        for rule in wanted.highlights
        if header_key(rule.header) in positions
    ]
    ours += [_shade_rule(position) for column, position in columns if column.locked]
    for cells, formula, colour in ours:
        kept.add(cells, FormulaRule(formula=[formula], fill=PatternFill(bgColor=colour)))
    sheet.conditional_formatting = kept


def _protect(sheet: Any, locked_columns: set[int], last: int) -> None:
    protection = sheet.protection
    protection.sheet = True
    # What staff may still do on a protected tab (True would forbid it).
    for allowed in ("sort", "autoFilter", "insertRows", "insertColumns", "formatCells", "formatColumns", "formatRows"):
        setattr(protection, allowed, False)
    for position in range(1, last + OPEN_COLUMNS_AHEAD + 1):
        if position in locked_columns:
            continue
        sheet.column_dimensions[get_column_letter(position)].protection = UNLOCKED
        if position > sheet.max_column:
            continue  # no cells there yet; iterating would create them
        for row in sheet.iter_rows(min_row=2, min_col=position, max_col=position):
            for cell in row:
                if cell.protection.locked:
                    cell.protection = UNLOCKED


def _column_locked(sheet: Any, position: int) -> bool:
    dimension = sheet.column_dimensions.get(get_column_letter(position))
    return dimension is None or dimension.protection is None or dimension.protection.locked is not False
