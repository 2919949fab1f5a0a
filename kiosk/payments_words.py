"""The words of paying fees at the kiosk, in Chinese and English."""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {
    "tile": {"zh": "缴费", "en": "Pay fees"},
    "tile_hint": {"zh": "扫码缴纳物业、供暖、水电费", "en": "Property, heating and utility fees by QR"},
    "title": {"zh": "{unit} 待缴费用", "en": "Fees due for {unit}"},
    "nothing_due": {"zh": "目前没有待缴费用，谢谢！", "en": "Nothing to pay right now — thank you!"},
    "overdue": {
        "zh": "有 ¥{amount} 已过缴费期（含滞纳金 ¥{late}），方便时请缴清，谢谢。",
        "en": "¥{amount} is past due (including ¥{late} late fee). Please settle it when convenient — thank you.",
    },
    "late_fee": {"zh": "滞纳金 ¥{amount}", "en": "late fee ¥{amount}"},
    "due_on": {"zh": "{date} 到期", "en": "due {date}"},
    "oldest_first": {"zh": "从最早的费用开始缴纳", "en": "Oldest charges are paid first"},
    "total": {"zh": "合计 ¥{amount}", "en": "Total ¥{amount}"},
    "pay": {"zh": "缴费 ¥{amount}", "en": "Pay ¥{amount}"},
    "choose_one": {"zh": "请至少选择一项", "en": "Choose at least one charge"},
    "not_set_up": {
        "zh": "暂未开通扫码缴费，请到服务台缴费",
        "en": "Paying by QR is not set up yet — please pay at the desk",
    },
    "scan_to_pay": {"zh": "请用手机银行或支付应用扫码支付", "en": "Scan with your banking or payment app"},
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
    "awaiting": {"zh": "等待确认的付款", "en": "Payments waiting to be confirmed"},
    "awaiting_row": {"zh": "¥{amount}，参考号 {reference}", "en": "¥{amount}, reference {reference}"},
    "show_qr": {"zh": "显示二维码", "en": "Show the QR code"},
    "receipts": {"zh": "可打印的收据", "en": "Receipts to print"},
    "receipt_row": {"zh": "收据 {number}：¥{amount}", "en": "Receipt {number}: ¥{amount}"},
    "print": {"zh": "打印收据", "en": "Print receipt"},
    "printing_now": {"zh": "正在打印收据 {number}", "en": "Printing receipt {number}"},
    "busy": {"zh": "系统繁忙，请再试一次", "en": "Something went wrong — please try again"},
    "status_title": {"zh": "付款 {reference}", "en": "Payment {reference}"},
    "status_pending": {"zh": "等待到账确认", "en": "Waiting for the payment to arrive"},
    "status_confirmed": {"zh": "已到账，收据 {number}", "en": "Received, receipt {number}"},
    "status_cancelled": {"zh": "已取消", "en": "Cancelled"},
    "status_unknown": {"zh": "找不到这笔付款", "en": "We cannot find this payment"},
}


def word(key: str, lang: str, **values: object) -> str:
    """A phrase in the screen's language (English for one we do not know), with values filled in."""
    phrases = WORDS[key]
    return phrases.get(lang, phrases["en"]).format(**values)
