"""Owners' feedback (complaints, suggestions, praise, inquiries) and the routing table staff keep.

A Feedback row goes to the department the Routing tab names for its category; staff answer in
the row's Response column and the owner reads it at the kiosk. Dissatisfaction always reaches
the center: a repair rated 2 stars or fewer files a complaint routed there whatever the table says.

Anonymity is what staff see, not what the limits see: an anonymous suggestion's row carries no
unit, and the unit that filed it is kept apart in an :class:`AnonymousSender` (a kind no workbook
tab, console page or owner file shows), holding only a fingerprint of the words, so the daily limit
and the one-hour duplicate check count it like any other. Once the limits can no longer ask about
it (filed before yesterday began), :meth:`FeedbackDesk.forget_anonymous_senders` deletes it and
every stored version of it: the store forgets who made the suggestion, as anonymity promised.
"""

from __future__ import annotations

import enum
import hashlib
from datetime import datetime, time, timedelta

from desk.clock import Clock
from desk.ids import IdFactory
from desk.records import Highlight, Owner, Record, column
from desk.store import Store, Transaction

FEEDBACK_TEXT_MAX = 300
FEEDBACK_PER_UNIT_PER_DAY = 10
DUPLICATE_WINDOW = timedelta(hours=1)
ROUTING_SEEDED_KEY = "feedback:routing-seeded"


class Department(enum.StrEnum):
    """Who at the property service center takes a request or a complaint."""

    CENTER = "center"
    SECURITY = "security"
    ENGINEERING = "engineering"
    CLEANING = "cleaning and greening"
    CUSTOMER_SERVICE = "customer service"


class FeedbackKind(enum.StrEnum):
    """What an owner is telling the desk."""

    COMPLAINT = "complaint"
    SUGGESTION = "suggestion"
    PRAISE = "praise"
    INQUIRY = "inquiry"


class FeedbackCategory(enum.StrEnum):
    """What the feedback is about; the routing table maps each to a department."""

    REPAIRS = "repairs and maintenance"
    SECURITY = "security"
    CLEANING = "cleaning and greening"
    FEES = "fees"
    NEIGHBOURS = "noise and neighbours"
    PARKING = "parking"
    STAFF = "staff service"
    OTHER = "other"


class FeedbackStatus(enum.StrEnum):
    """A feedback row's life, set by staff: new -> in progress -> answered -> closed."""

    NEW = "new"
    IN_PROGRESS = "in progress"
    ANSWERED = "answered"
    CLOSED = "closed"


# Where feedback goes until staff change the Routing tab.
DEFAULT_ROUTES: dict[FeedbackCategory, Department] = {
    FeedbackCategory.REPAIRS: Department.ENGINEERING,
    FeedbackCategory.SECURITY: Department.SECURITY,
    FeedbackCategory.CLEANING: Department.CLEANING,
    FeedbackCategory.FEES: Department.CUSTOMER_SERVICE,
    FeedbackCategory.NEIGHBOURS: Department.CUSTOMER_SERVICE,
    FeedbackCategory.PARKING: Department.SECURITY,
    FeedbackCategory.STAFF: Department.CENTER,
    FeedbackCategory.OTHER: Department.CUSTOMER_SERVICE,
}


class Routing(Record):
    """One line of the routing table staff keep: feedback of this category goes to this department."""

    TAB = "Routing"
    ID_KIND = "D"
    ROWS_FROM = Owner.STAFF

    category: FeedbackCategory = column("Category", Owner.STAFF)
    department: Department = column("Department", Owner.STAFF)


class Feedback(Record):
    """One piece of feedback filed at the kiosk (or by a low repair rating)."""

    TAB = "Feedback"
    ID_KIND = "F"
    HIGHLIGHTS = (Highlight("status", "new complaints wait for an answer", equals=("new",)),)

    kind: FeedbackKind = column("Kind", Owner.KIOSK)
    category: FeedbackCategory = column("Category", Owner.KIOSK)
    text: str = column("Text", Owner.KIOSK, default="", max_length=FEEDBACK_TEXT_MAX + 200)
    unit: str = column("Unit ID", Owner.KIOSK, default="", max_length=40)  # empty when anonymous
    unit_label: str = column("Unit", Owner.KIOSK, default="", max_length=20)
    anonymous: bool = column("Anonymous", Owner.KIOSK, default=False)
    filed_at: datetime = column("Filed", Owner.KIOSK)
    repair: str = column("Repair", Owner.KIOSK, default="", max_length=40)  # the repair a low rating was about
    language: str = column("Language", Owner.KIOSK, default="zh", pattern=r"^(zh|en)$")
    department: Department = column("Department", Owner.STAFF, default=Department.CUSTOMER_SERVICE)
    status: FeedbackStatus = column("Status", Owner.STAFF, default=FeedbackStatus.NEW)
    response: str = column("Response", Owner.STAFF, default="", max_length=1000)


class AnonymousSender(Record):
    """Which unit filed one anonymous suggestion, and a fingerprint of what it said: for the limits only.

    Not synced (it is not in ``SYNCED_KINDS``) and not linked to the Feedback row: staff never learn
    who made a suggestion anonymously.
    """

    TAB = "AnonymousSenders"
    ID_KIND = "X"

    unit: str
    filed_at: datetime
    fingerprint: str  # of the kind, category and words: the duplicate check compares these


class FeedbackRefusedError(ValueError):
    """Feedback the desk does not take; ``code`` says why (``limit``, ``duplicate``, ``anonymous``, ``empty``)."""

    def __init__(self, code: str, message: str, existing: str = "") -> None:
        super().__init__(message)
        self.code = code
        self.existing = existing


class FeedbackDesk:
    """Files feedback, routes it by the staff's table, and lists a unit's feedback with the answers."""

    def __init__(self, store: Store, clock: Clock, ids: IdFactory) -> None:
        self._store = store
        self._clock = clock
        self._ids = ids

    def file(
        self, *, kind: FeedbackKind, category: FeedbackCategory, text: str, unit_id: str, unit_label: str,
        anonymous: bool = False, language: str = "zh",
    ) -> Feedback:
        """File one piece of feedback and route it; raises :class:`FeedbackRefusedError` when it is not taken."""
        text = text.strip()
        if not text:
            raise FeedbackRefusedError("empty", "say in a few words what it is about")
        if len(text) > FEEDBACK_TEXT_MAX:
            raise FeedbackRefusedError("too-long", f"at most {FEEDBACK_TEXT_MAX} characters")
        if anonymous and kind is not FeedbackKind.SUGGESTION:
            raise FeedbackRefusedError("anonymous", "only suggestions may be anonymous")
        now = self._clock.now()
        said = fingerprint(kind, category, text)
        with self._store.transaction() as tx:
            self._check_limits(tx, unit_id, said, now)
            feedback = Feedback(
                id=tx.new_id(self._ids, Feedback), kind=kind, category=category, text=text,
                unit="" if anonymous else unit_id, unit_label="" if anonymous else unit_label,
                anonymous=anonymous, filed_at=now, language=language,
                department=route(tx, category),
            )
            tx.put(feedback, actor="kiosk", at=now)
            if anonymous:
                sender = AnonymousSender(id=tx.new_id(self._ids, AnonymousSender), unit=unit_id, filed_at=now,
                                         fingerprint=said)
                tx.put(sender, actor="kiosk", at=now)
        return feedback

    def _check_limits(self, tx: Transaction, unit_id: str, said: str, now: datetime) -> None:
        """Refuse the unit's feedback past the day's limit, or the same words again within the hour.

        Both count the unit's signed feedback and its anonymous suggestions alike; a complaint filed
        by a low repair rating counts for neither.
        """
        by_unit = "json_extract(body, '$.unit') = ?"
        signed = [(f.filed_at, fingerprint(f.kind, f.category, f.text), f.id)
                  for f in tx.find(Feedback, by_unit, (unit_id,)) if not f.repair]
        unsigned = [(s.filed_at, s.fingerprint, "") for s in tx.find(AnonymousSender, by_unit, (unit_id,))]
        today = [entry for entry in signed + unsigned if entry[0].astimezone(now.tzinfo).date() == now.date()]
        if len(today) >= FEEDBACK_PER_UNIT_PER_DAY:
            raise FeedbackRefusedError("limit", f"at most {FEEDBACK_PER_UNIT_PER_DAY} a day for one unit")
        for filed_at, earlier, feedback_id in signed + unsigned:  # the hour may reach back over midnight
            if earlier == said and now - filed_at < DUPLICATE_WINDOW:
                # An anonymous earlier one is named to nobody, not even to the unit that filed it.
                said_as = f"already filed as {feedback_id}" if feedback_id else "already filed within the hour"
                raise FeedbackRefusedError("duplicate", said_as, existing=feedback_id)

    def forget_anonymous_senders(self) -> int:
        """Delete, with their history, the senders of anonymous suggestions filed before yesterday; says how many.

        The limits count today's only; yesterday's are kept as well, so a clock set back or a duplicate
        window reaching over midnight still finds them. Idempotent, and cheap enough for every sync
        cycle: a look at the senders of two days when there is nothing to forget.
        """
        now = self._clock.now()
        yesterday_began = datetime.combine(now.date() - timedelta(days=1), time(), now.tzinfo)
        with self._store.transaction() as tx:
            old = [sender.id for sender in tx.find(AnonymousSender) if sender.filed_at < yesterday_began]
            tx.forget(AnonymousSender, old)
        return len(old)

    def for_unit(self, unit_id: str) -> list[Feedback]:
        """A unit's feedback, newest first (anonymous suggestions are nobody's)."""
        with self._store.transaction() as tx:
            found = tx.find(Feedback, "json_extract(body, '$.unit') = ?", (unit_id,))
        return sorted(found, key=lambda f: f.filed_at, reverse=True)

    def get(self, feedback_id: str) -> Feedback | None:
        """The feedback with this ID, or None."""
        with self._store.transaction() as tx:
            return tx.get(Feedback, feedback_id)

    def seed_routing(self, ids: IdFactory | None = None) -> int:
        """Write the default routing table once, for staff to edit; later calls add nothing.

        ``ids`` numbers the rows (the desk's own by default).
        """
        ids = ids or self._ids
        now = self._clock.now()
        with self._store.transaction() as tx:
            if tx.site_state().get(ROUTING_SEEDED_KEY) or tx.find(Routing):
                return 0
            for category, department in DEFAULT_ROUTES.items():
                tx.put(Routing(id=ids.new(Routing.ID_KIND), category=category, department=department),
                       actor="desk", at=now)
            tx.set_site_state({ROUTING_SEEDED_KEY: now.isoformat()})
        return len(DEFAULT_ROUTES)


def fingerprint(kind: FeedbackKind, category: FeedbackCategory, text: str) -> str:
    """What a piece of feedback said, as a digest: equal words give equal fingerprints."""
    return hashlib.sha256(f"{kind.value}\n{category.value}\n{text}".encode()).hexdigest()


def route(tx: Transaction, category: FeedbackCategory) -> Department:
    """The department the routing table names for a category (the first row for it), or the default."""
    rows = tx.find(Routing, "json_extract(body, '$.category') = ?", (category.value,))
    return rows[0].department if rows else DEFAULT_ROUTES[category]


def file_dissatisfaction(
    tx: Transaction, ids: IdFactory, *, repair_id: str, unit_id: str, unit_label: str, text: str,
    language: str, at: datetime,
) -> Feedback:
    """File, in the caller's transaction, the complaint a low repair rating makes; always to the center.

    ``text`` and ``language`` are the rating owner's: they read it back under "My requests".
    """
    feedback = Feedback(
        id=ids.new(Feedback.ID_KIND), kind=FeedbackKind.COMPLAINT, category=FeedbackCategory.REPAIRS,
        text=text, unit=unit_id, unit_label=unit_label, filed_at=at, repair=repair_id, language=language,
        department=Department.CENTER,
    )
    tx.put(feedback, actor="kiosk", at=at)
    return feedback
