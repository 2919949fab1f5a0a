"""The words of paying fees at the kiosk, in Chinese and English."""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {
    "tile": {"zh": "缴费", "en": "Pay fees"},
    "tile_hint": {"zh": "扫码缴纳物业、供暖、水电费", "en": "Property, heating and utility fees by QR"},
    "fees_title": {"zh": "{unit} 缴费", "en": "Fees due for {unit}"},
    # The overview: one sum a line, each said once; a pending payment is waiting, never owed.
    "due": {"zh": "应缴 ¥{amount}", "en": "To pay: ¥{amount}"},
    "nothing_due": {"zh": "目前没有待缴费用，谢谢！", "en": "Nothing to pay right now — thank you!"},
    "overdue": {
        "zh": "其中 ¥{amount} 已过缴费期，方便时请缴清，谢谢。",
        "en": "¥{amount} of it is past due — please settle it when convenient. Thank you.",
    },
    "late_fees": {
        "zh": "逾期部分含滞纳金 ¥{amount}（过期后按天计算）",
        "en": "The past-due part includes ¥{amount} in late fees (added daily after the due date)",
    },
    "awaiting_total": {
        "zh": "等待确认 ¥{amount} — 款项到账、物业确认后生成收据，不计入应缴",
        "en": "Waiting for confirmation: ¥{amount} — not owed; your receipt comes once the office sees the money",
    },
    "paid_this_month": {"zh": "本月已缴 ¥{amount}，谢谢！", "en": "Paid this month: ¥{amount} — thank you!"},
    "history": {"zh": "缴费记录和收据", "en": "Payments and receipts"},
    "late_fee": {"zh": "滞纳金 ¥{amount}", "en": "late fee ¥{amount}"},
    "due_on": {"zh": "{date} 到期", "en": "due {date}"},
    "days_late": {"zh": "已逾期 {days} 天", "en": "{days} days late"},
    "day_late": {"zh": "已逾期 1 天", "en": "1 day late"},
    "oldest_first": {
        "zh": "本次缴纳下列费用，从最早的开始；点按一项，可把它和更新的留到以后再缴",
        "en": "This pays the charges below, oldest first. Tap one to leave it and the newer ones for later",
    },
    "total": {"zh": "合计 ¥{amount}", "en": "Total ¥{amount}"},
    "pay": {"zh": "缴费 ¥{amount}", "en": "Pay ¥{amount}"},
    "choose_one": {"zh": "请至少选择一项", "en": "Choose at least one charge"},
    "not_set_up": {
        "zh": "暂未开通扫码缴费，请到服务台缴费",
        "en": "Paying by QR is not set up yet — please pay at the desk",
    },
    "scan_to_pay": {"zh": "请用手机银行或支付应用扫码支付", "en": "Scan with your banking or payment app"},
    "reference_hint": {
        "zh": "不扫码、手动转账时，请在转账附言里填写：",
        "en": "Paying by bank transfer instead? Type this in the payment note:",
    },
    "reference": {"zh": "付款参考号 {reference}", "en": "Reference {reference}"},
    "waiting": {"zh": "等待到账确认…", "en": "Waiting for the payment to arrive…"},
    "pay_later": {"zh": "稍后再付", "en": "I'll pay later"},
    "later_note": {
        "zh": "已为您保留这笔付款，到账确认后可在此打印收据。",
        "en": "Your payment is kept; once it arrives you can print the receipt here.",
    },
    "still_there": {"zh": "您还在吗？", "en": "Still there?"},
    "still_there_hint": {
        "zh": "为保护您的信息，房号和金额已隐藏；二维码仍然可以扫码支付。",
        "en": "Your unit and the amount are hidden to keep them private; the QR code still works.",
    },
    "still_here": {"zh": "我还在，继续", "en": "I'm still here"},
    "paid": {"zh": "已收到您的付款，谢谢！", "en": "Payment received — thank you!"},
    "receipt_printing": {"zh": "收据 {number} 正在打印", "en": "Receipt {number} is printing"},
    "receipt_number": {"zh": "收据编号 {number}", "en": "Receipt {number}"},
    "done": {"zh": "完成", "en": "Done"},
    "back": {"zh": "返回", "en": "Back"},
    "awaiting": {"zh": "等待确认的付款", "en": "Payments waiting for confirmation"},
    "awaiting_row": {"zh": "¥{amount} · {what} · {date} 发起", "en": "¥{amount} · {what} · started {date}"},
    "awaiting_hint": {
        "zh": "已经付款的，无需再付；还没付的，可以再次扫码。",
        "en": "If you have paid, there is nothing more to do; if not, you can scan the code again.",
    },
    "show_qr": {"zh": "还没付？再次显示二维码", "en": "Not paid yet? Show the QR code"},
    "receipts": {"zh": "可打印的收据", "en": "Receipts to print"},
    "receipt_row": {"zh": "收据 {number}：¥{amount}", "en": "Receipt {number}: ¥{amount}"},
    "print": {"zh": "打印收据", "en": "Print receipt"},
    "printing_now": {"zh": "正在打印收据 {number}", "en": "Printing receipt {number}"},
    "busy": {"zh": "系统繁忙，请再试一次", "en": "Something went wrong — please try again"},
    # The history: the last twelve months of payments, each receipt printable again.
    "history_title": {"zh": "{unit} 缴费记录", "en": "Payments for {unit}"},
    "history_span": {"zh": "最近 12 个月的付款，最新的在前", "en": "Payments of the last 12 months, newest first"},
    "history_none": {"zh": "最近 12 个月没有付款记录", "en": "No payments in the last 12 months"},
    "history_row": {"zh": "{date} · ¥{amount}", "en": "{date} · ¥{amount}"},
    "paid_for": {"zh": "缴纳：{what}", "en": "For: {what}"},
    "late_fee_part": {"zh": "滞纳金 ¥{amount}", "en": "late fee ¥{amount}"},
    "and": {"zh": "、", "en": ", "},
    "state_confirmed": {"zh": "已缴费 · 收据编号 {number}", "en": "Paid · receipt no. {number}"},
    "state_numbering": {"zh": "已到账 · 收据稍后生成", "en": "Received · the receipt is being made"},
    "state_pending": {
        "zh": "等待确认 · 款项到账后生成收据",
        "en": "Waiting for confirmation · the receipt comes once the money arrives",
    },
    "state_cancelled": {"zh": "已取消 · 未收到款项，未扣费", "en": "Cancelled · no money arrived, nothing was taken"},
    "print_again": {"zh": "再打印一份", "en": "Print again"},
    "printing_copy": {"zh": "正在补打收据 {number}（副本）", "en": "Printing a copy of receipt {number}"},
    "history_back": {"zh": "返回缴费", "en": "Back to fees"},
    "status_title": {"zh": "缴费状态", "en": "Payment status"},
    "status_pending": {"zh": "等待到账确认", "en": "Waiting for the payment to arrive"},
    "status_confirmed": {"zh": "已到账，收据 {number}", "en": "Received, receipt {number}"},
    "status_cancelled": {"zh": "已取消", "en": "Cancelled"},
    "status_unknown": {"zh": "找不到这笔付款", "en": "We cannot find this payment"},
}


def word(key: str, lang: str, **values: object) -> str:
    """A phrase in the screen's language (English for one we do not know), with values filled in."""
    phrases = WORDS[key]
    return phrases.get(lang, phrases["en"]).format(**values)
