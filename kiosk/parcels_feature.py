"""The owner's parcels at the kiosk: the "2 parcels waiting" line after sign-in, and the pickup codes to show.

The line under the greeting shows in every feature once an owner signs in (see
:class:`kiosk.features.TellsOwners`), with a button right beside it (there is no home tile: home has room for
only so many) to the list of each waiting parcel's pickup code, the one code an owner is shown, for the
clerk to check at the counter. The list itself does not offer that button (its Done leads out).
"""

from __future__ import annotations

from nicegui import ui

from desk.catalog import CATALOG, say
from desk.day_words import day_words
from desk.parcels import ParcelDesk
from kiosk.features import FeatureHost, HomeTile, StepFeature
from kiosk.widgets import action, message, title


class ParcelsFeature(StepFeature[None]):
    """The My parcels tile (sign-in needed), and the news of waiting parcels for any signed-in owner."""

    tile = HomeTile(key="parcels", icon="inventory_2", title=CATALOG["my_parcels"], hint=CATALOG["my_parcels_hint"],
                    needs_sign_in=True, order=82, on_home=False)

    def __init__(self, parcels: ParcelDesk) -> None:
        super().__init__(lambda: None)
        self.parcels = parcels

    def owner_lines(self, unit_id: str, lang: str) -> list[str]:
        """"2 parcels waiting" for the unit, or nothing."""
        count = len(self.parcels.waiting(unit_id))
        if not count:
            return []
        return [say("parcel_waiting" if count == 1 else "parcels_waiting", lang, n=count)]

    def draw_step(self, host: FeatureHost, state: None) -> None:
        """The unit's waiting parcels, each with its pickup code, shelf and carrier."""
        lang, session = host.lang, host.session
        waiting = self.parcels.waiting(session.unit_id) if session is not None else []
        title(say("my_parcels", lang), "parcels-title")
        if not waiting:
            message(say("no_parcels", lang), "no-parcels")
        else:
            message(say("show_code_to_clerk", lang), "parcels-show-clerk")
        with ui.column().classes("w-full max-w-4xl gap-4"):
            for parcel in waiting:
                with ui.row().classes("w-full items-center justify-between bg-white rounded-xl p-6 shadow"):
                    with ui.column().classes("items-start gap-0"):
                        ui.label(say("pickup_code", lang)).classes("text-2xl text-gray-800")
                        ui.label(parcel.pickup_code).classes("kiosk-number").props("data-testid=pickup-code")\
                            .mark("pickup-code")
                    day = day_words(parcel.arrived_at.date(), lang)  # stored in the site's zone
                    ui.label(say("parcel_from", lang, carrier=parcel.carrier or "—", day=day)).classes("text-3xl")
        action(say("done", lang), host.go_home, "parcels-done")
