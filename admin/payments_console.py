"""Staff pages for fees: ``/staff/payments`` (confirm pending payments, waivers, refunds) and the
manager's ``/staff/billing`` (a dry run's table first, then the run), and the console's balance line.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

from nicegui import run, ui

from admin.auth import StaffPage, StaffSession
from admin.payments_page import PaymentsPage
from admin.sections import ConsoleSection
from desk.billing import BillingOutcome, Period
from desk.money import money_text, parse_money
from desk.payments import PaymentDesk, PaymentError

BillingRun = Callable[[Period, bool], BillingOutcome]


class PaymentsConsole:
    """The fee pages of the staff console, over the payment rules and a billing run."""

    def __init__(self, payments: PaymentDesk, run_billing: BillingRun, today: Callable[[], date]) -> None:
        self.payments = payments
        self.run_billing = run_billing
        self.today = today

    def sections(self) -> list[ConsoleSection]:
        """Payments for every clerk; billing for managers."""
        return [ConsoleSection("payments", "Payments 缴费", self.build_payments),
                ConsoleSection("billing", "Billing 账单", self.build_billing, roles=("manager",))]

    def balance_fact(self, unit_id: str) -> list[str]:
        """The console's line about a called owner's unit: what is due, what of it is overdue, and the sellers' part."""
        account = self.payments.account(unit_id)
        if account.balance == 0 and not account.open_charges:
            return []
        line = f"Balance due 应缴: ¥{money_text(account.balance)}"
        if account.overdue > 0:
            line += f" · overdue 逾期 ¥{money_text(account.overdue)}"
        earlier = self.payments.earlier_owners_due(unit_id)
        if earlier > 0:  # the clerk collects it from the sellers: the owner at the counter never saw it
            line += f" · earlier owners owe 前业主欠费 ¥{money_text(earlier)}"
        return [line]

    # /staff/payments

    def build_payments(self, page: StaffPage) -> None:
        """Pending payments confirmed after a second look (with a minute to undo), then waivers and refunds."""
        PaymentsPage(self.payments, page, self._adjustments).build()

    def _adjustments(self, page: StaffPage, redraw: Callable[[], None]) -> None:
        ui.label("Waive or refund 减免 / 退款 (new rows; history is never edited)").classes("text-xl font-bold mt-4")
        if page.role != "manager":
            ui.label("A manager records waivers and refunds. 减免和退款由经理办理").mark("adjust-manager-only")
            return
        with ui.row().classes("items-end gap-2"):
            kind = ui.select({"waiver": "Waive a charge 减免", "refund": "Refund a payment 退款"}, value="waiver")\
                .mark("adjust-kind")
            target = ui.input("Charge or payment ID").mark("adjust-target")
            amount = ui.input("Amount 金额").mark("adjust-amount")
            note = ui.input("Why 原因").mark("adjust-note")

            async def record(staff: StaffSession) -> None:
                try:
                    money = parse_money(amount.value or "")
                    act = self.payments.waive if kind.value == "waiver" else self.payments.refund
                    await run.io_bound(lambda: act(target.value.strip(), money, by=staff.name, note=note.value or ""))
                except (ValueError, PaymentError) as error:
                    ui.notify(str(error), type="warning")
                    return
                ui.notify(f"Recorded: {kind.value} of ¥{money_text(money)} on {target.value}", type="positive")
                redraw()

            page.button("Record 记录", "payments.adjust", record, mark="adjust-record", roles=("manager",))\
                .props("no-caps")

    # /staff/billing

    def build_billing(self, page: StaffPage) -> None:
        """Choose a period, see the dry run's table, then bill it."""
        today = self.today()
        upcoming = Period(today.year + today.month // 12, today.month % 12 + 1)
        ui.label("Billing run 生成账单").classes("text-xl font-bold")
        period_input = ui.input("Period 账期 (YYYY-MM)", value=str(upcoming)).mark("billing-period")
        result = ui.column().classes("w-full gap-2")

        async def go(staff: StaffSession, dry: bool) -> None:
            try:
                period = Period.parse(period_input.value or "")
            except ValueError as error:
                ui.notify(str(error), type="warning")
                return
            outcome = await run.io_bound(self.run_billing, period, dry)
            if outcome is None:
                return
            result.clear()
            with result:
                self._outcome(outcome)

        with ui.row().classes("gap-2"):
            page.button("Dry run 预览", "billing.dry-run", lambda staff: go(staff, True), mark="billing-dry-run")\
                .props("outline no-caps")
            page.button("Bill now 生成", "billing.run", lambda staff: go(staff, False), mark="billing-run")\
                .props("color=primary no-caps")

    def _outcome(self, outcome: BillingOutcome) -> None:
        verb = "would add" if outcome.dry_run else "added"
        total = sum((c.amount for c in outcome.added), Decimal("0.00"))
        ui.label(f"{outcome.plan.period}: {verb} {len(outcome.added)} charges, ¥{money_text(total)}; "
                 f"{outcome.already_billed} already billed; {len(outcome.plan.problems)} problems")\
            .classes("font-bold").mark("billing-summary")
        # A unit has a row per fee, and a sale gives it one per owner: the row's key is its place in the list.
        rows = [{"row": index, "unit": c.unit_label, "fee": c.rule.fee, "amount": money_text(c.amount),
                 "basis": c.basis, "due": c.due.isoformat()} for index, c in enumerate(outcome.added[:500])]
        columns = [{"name": key, "label": key.capitalize(), "field": key, "align": "left"}
                   for key in ("unit", "fee", "amount", "basis", "due")]
        ui.table(columns=columns, rows=rows, row_key="row").classes("w-full").mark("billing-table")
        for problem in outcome.plan.problems:
            ui.label(f"{problem.record}: {problem.reason}").classes("text-red-800").mark("billing-problem")
