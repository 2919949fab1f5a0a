"""Kiosk features: what a home tile opens (repairs, payments, events...), plugged into one screen.

The screen owns the session, the language, the idle return and the frame; a feature draws its own
view into the screen's content area and calls back through :class:`FeatureHost` to leave, to
redraw, or to ask for sign-in. Leaving always signs the owner out: an owner's session lasts one
errand, so no feature has to remember to end it. Features are built by the wiring with the
services they need, so this module knows none of them.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar, runtime_checkable
from weakref import WeakKeyDictionary

from desk.signin import OwnerSession

T = TypeVar("T")
S = TypeVar("S")


@dataclass(frozen=True)
class HomeTile:
    """How a feature appears on the home screen."""

    key: str  # the view's name; the tile is marked ``tile-<key>``
    icon: str  # a Material icon name
    title: Mapping[str, str]  # by language
    hint: Mapping[str, str]
    needs_sign_in: bool = False  # ask for the unit and PIN first
    needs_clerk: bool = False  # hidden outside the desk's opening hours
    order: int = 100  # smaller comes first
    # Whether the tile shows now at all (a vote is open); None: always. Asked each time home is drawn.
    shown_when: Callable[[], bool] | None = None
    # False: no tile on home; the feature opens from its news under a signed-in owner's greeting (parcels).
    on_home: bool = True


class FeatureHost(Protocol):
    """What a feature may ask of the screen that shows it."""

    @property
    def lang(self) -> str:
        """The screen's language now."""

    @property
    def session(self) -> OwnerSession | None:
        """The signed-in owner, or None."""

    def touch(self) -> None:
        """Note a touch, postponing the idle return."""

    def monotonic(self) -> float:
        """The screen's idle clock, in seconds: only differences between two readings mean anything."""

    def go_home(self) -> None:
        """Leave the feature for the home tiles, signing the owner out (the language they chose stays)."""

    def hide_owner(self, hidden: bool) -> None:
        """Hide (or show again) the signed-in owner's name and unit in the top bar."""

    def ask_sign_in(self) -> None:
        """Ask for the unit and PIN now, then come back to this feature at the step it was on (not started afresh)."""

    def print_outcome(self, ref: str) -> str | None:
        """How a record's slip fared: ``queued``, ``sent``, ``failed``, ``not printed`` (no printer) or None."""

    def redraw(self) -> None:
        """Draw the current view again (after the feature changed its own state)."""

    def in_background(self, work: Callable[..., T], *args: Any) -> Awaitable[T | None]:
        """Run blocking work (the store, hashing) off the event loop; None when the server stops."""


class KioskFeature(Protocol):
    """One thing owners can do at the kiosk besides taking a number."""

    tile: HomeTile

    def start(self, host: FeatureHost) -> None:
        """The owner tapped the tile (and is signed in, when the tile needs it): reset to the first step."""

    def draw(self, host: FeatureHost) -> None:
        """Draw the feature's current step into the current container."""

    def register_pages(self) -> None:
        """Add the feature's own routes (phone pages, APIs); called once when the app is set up."""


@runtime_checkable
class WaitsThroughIdle(Protocol):
    """A feature with a step that must not simply vanish when nobody touches the screen (a payment QR)."""

    def on_idle(self, host: FeatureHost) -> bool:
        """Nobody touched the screen for the idle time: whether the feature keeps the screen a while longer.

        True: the feature changed its step (and the idle time starts again); False: the screen goes home
        and signs the owner out.
        """


@runtime_checkable
class TellsOwners(Protocol):
    """A feature with news for an owner's unit, told under the greeting and on a ticket's phone page (parcels)."""

    def owner_lines(self, unit_id: str, lang: str) -> list[str]:
        """Short lines for the unit (none when there is nothing to tell); no record IDs, no codes."""


def tile_visible(tile: HomeTile, desk_open: bool) -> bool:
    """Whether a tile shows on the home screen now: clerk services only while the desk is open, and only when due."""
    return tile.on_home and (desk_open or not tile.needs_clerk) and (tile.shown_when is None or tile.shown_when())


class PerScreen(Generic[S]):
    """A feature's step state for each screen showing it, forgotten with the screen (a browser closed).

    A feature is one object per site while many screens use it at once, so its steps live here.
    """

    def __init__(self, fresh: Callable[[], S]) -> None:
        self._fresh = fresh
        self._states: WeakKeyDictionary[FeatureHost, S] = WeakKeyDictionary()

    def reset(self, host: FeatureHost) -> S:
        """Start the screen's steps afresh (the tile was tapped)."""
        state = self._states[host] = self._fresh()
        return state

    def of(self, host: FeatureHost) -> S:
        """The screen's current state (a fresh one if it has none yet)."""
        state = self._states.get(host)
        return state if state is not None else self.reset(host)


class StepFeature(ABC, Generic[S]):
    """A feature drawn as steps, one state ``S`` per screen: tapping the tile starts them afresh.

    A subclass sets ``tile``, draws the screen's current step in :meth:`draw_step` and, if it has
    routes of its own, overrides :meth:`register_pages`.
    """

    tile: HomeTile

    def __init__(self, fresh: Callable[[], S]) -> None:
        self.screens = PerScreen(fresh)

    def start(self, host: FeatureHost) -> None:
        """The tile was tapped: back to the first step."""
        self.screens.reset(host)

    def register_pages(self) -> None:
        """No pages of its own."""

    def draw(self, host: FeatureHost) -> None:
        """Draw the screen's current step."""
        self.draw_step(host, self.screens.of(host))

    @abstractmethod
    def draw_step(self, host: FeatureHost, state: S) -> None:
        """Draw the step ``state`` is on into the current container."""
