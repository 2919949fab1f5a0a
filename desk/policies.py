"""Policy answers staff keep in the Policies tab: owners browse them by category and search them."""

from __future__ import annotations

from desk.clock import Clock
from desk.policy_search import Document, search
from desk.records import Owner, Record, column
from desk.store import Store

POLICY_ANSWER = "policy_answer"


class Policy(Record):
    """One question and its answer, in a category, in each language."""

    TAB = "Policies"
    ID_KIND = "Q"
    ROWS_FROM = Owner.STAFF

    category_zh: str = column("Category (zh)", Owner.STAFF, default="", max_length=40)
    category_en: str = column("Category (en)", Owner.STAFF, default="", max_length=40)
    question_zh: str = column("Question (zh)", Owner.STAFF, default="", max_length=200)
    question_en: str = column("Question (en)", Owner.STAFF, default="", max_length=200)
    answer_zh: str = column("Answer (zh)", Owner.STAFF, default="", max_length=2000)
    answer_en: str = column("Answer (en)", Owner.STAFF, default="", max_length=2000)
    order: int = column("Order", Owner.STAFF, default=100, ge=0)
    published: bool = column("Published", Owner.STAFF, default=True)

    def category(self, lang: str) -> str:
        """The category in a language (the other language's when staff wrote only that)."""
        return _in(lang, self.category_zh, self.category_en)

    def question(self, lang: str) -> str:
        """The question in a language."""
        return _in(lang, self.question_zh, self.question_en)

    def answer(self, lang: str) -> str:
        """The answer in a language."""
        return _in(lang, self.answer_zh, self.answer_en)


def _in(lang: str, zh: str, en: str) -> str:
    first, other = (zh, en) if lang == "zh" else (en, zh)
    return first or other


def search_policies(policies: list[Policy], words: str) -> list[Policy]:
    """The policies the words find, best first, in staff's order among equals.

    Words match in either language, by synonym ("车位" finds 停车) and by pinyin initials ("tcf" finds
    停车费): see :mod:`desk.policy_search`.
    """
    by_key = {policy.id: policy for policy in policies}
    documents = [Document(key=p.id, question=f"{p.question_zh} {p.question_en}",
                          category=f"{p.category_zh} {p.category_en}", answer=f"{p.answer_zh} {p.answer_en}")
                 for p in sorted(policies, key=lambda p: (p.order, p.id))]
    return [by_key[hit.key] for hit in search(words, documents)]


class PolicyBook:
    """The published policies: categories, the questions in one, a search, and printing an answer."""

    def __init__(self, store: Store, clock: Clock) -> None:
        self._store = store
        self._clock = clock

    def published(self) -> list[Policy]:
        """Every published policy with a question and an answer, in staff's order."""
        with self._store.transaction() as tx:
            policies = tx.find(Policy)
        shown = [p for p in policies if p.published and (p.question_zh or p.question_en)
                 and (p.answer_zh or p.answer_en)]
        return sorted(shown, key=lambda p: (p.order, p.id))

    def categories(self, lang: str) -> list[str]:
        """The categories in a language, in the order their first question comes."""
        return list(dict.fromkeys(p.category(lang) or "—" for p in self.published()))

    def in_category(self, category: str, lang: str) -> list[Policy]:
        """The questions of one category (as named in ``lang``), in staff's order."""
        return [p for p in self.published() if (p.category(lang) or "—") == category]

    def search(self, words: str) -> list[Policy]:
        """The published policies the words find (words, synonyms, pinyin initials), best first."""
        return search_policies(self.published(), words)

    def get(self, policy_id: str) -> Policy | None:
        """A published policy by ID, or None."""
        return next((p for p in self.published() if p.id == policy_id), None)

    def print_answer(self, policy_id: str, lang: str) -> int:
        """Journal the answer's print job; returns the job's number in the journal."""
        with self._store.transaction() as tx:
            if tx.get(Policy, policy_id) is None:
                raise LookupError(f"there is no policy {policy_id}")
            return tx.add_print_job(POLICY_ANSWER, policy_id, {"lang": lang}, at=self._clock.now())
