"""Record declarations: one pydantic model per workbook tab, each field naming its column and owner.

A field declared with :func:`column` carries its sheet header and who owns the column. That one
declaration serves the store (the model is the stored body), the sync (headers, owners, parsing)
and provisioning (dropdowns come from :attr:`ColumnSpec.choices`).
"""

from __future__ import annotations

import enum
import functools
import typing
from dataclasses import dataclass
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field


class Owner(enum.StrEnum):
    """Who writes a column: lobbydesk (``kiosk``) or people in the sheet (``staff``)."""

    KIOSK = "kiosk"
    STAFF = "staff"


def column(header: str, owner: Owner, **field_kwargs: Any) -> Any:
    """Declare a record field as a workbook column with its header and owner."""
    return Field(json_schema_extra={"header": header, "owner": owner.value}, **field_kwargs)


@dataclass(frozen=True)
class Highlight:
    """A rule that colours a row in the workbook, e.g. an urgent repair or an overdue charge.

    The row is coloured when the field's cell equals one of ``equals`` (case-insensitive), or, with
    ``before_today``, when it holds a date or time earlier than today. ``meaning`` says why, in words.
    """

    field: str
    meaning: str
    equals: tuple[str, ...] = ()
    before_today: bool = False
    colour: str = "FFC7CE"  # a light red, readable under black text


@dataclass(frozen=True)
class ColumnSpec:
    """One column of a tab, as declared on its record model."""

    field: str
    header: str
    owner: Owner
    choices: tuple[str, ...]
    required: bool


class Record(BaseModel):
    """Base of every record kept in the store and synced to one workbook tab."""

    model_config = ConfigDict(frozen=True, extra="forbid", cache_strings="keys")

    TAB: ClassVar[str]
    ID_KIND: ClassVar[str]
    # Who adds rows: the kiosk (staff only edit them) or staff, typing new rows into the sheet.
    ROWS_FROM: ClassVar[Owner] = Owner.KIOSK
    # A field naming the site a staff-added row is for ("" = every site), in a spreadsheet several
    # sites share; None when the tab has no such column.
    SITE_FIELD: ClassVar[str | None] = None
    # Rows the workbook colours for attention (urgent, overdue).
    HIGHLIGHTS: ClassVar[tuple[Highlight, ...]] = ()

    id: str = column("ID", Owner.KIOSK, min_length=1)

    def change_refused(self, proposed: Record) -> dict[str, str]:
        """Why staff's edit of this record into ``proposed`` cannot be taken, by field; empty when it can.

        Kinds with rules spanning time override it, e.g. a repair that is done cannot become new.
        """
        return {}

    @classmethod
    def columns(cls) -> tuple[ColumnSpec, ...]:
        """The tab's columns in declaration order, ``ID`` first."""
        return _columns_of(cls)


@functools.cache
def _columns_of(kind: type[Record]) -> tuple[ColumnSpec, ...]:
    """Worked out once per kind: the sync asks for every row it merges."""
    specs = []
    for name, info in kind.model_fields.items():
        extra = info.json_schema_extra
        if not isinstance(extra, dict) or "header" not in extra:
            continue
        specs.append(
            ColumnSpec(
                field=name,
                header=str(extra["header"]),
                owner=Owner(str(extra["owner"])),
                choices=_choices(info.annotation),
                required=info.is_required(),
            )
        )
    return tuple(specs)


def _choices(annotation: Any) -> tuple[str, ...]:
    """Allowed values of an enum or Literal annotation, for dropdowns; empty when free."""
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return tuple(str(member.value) for member in annotation)
    if typing.get_origin(annotation) is typing.Literal:
        return tuple(str(value) for value in typing.get_args(annotation))
    return ()
