"""The words printed on slips.

Each text is short enough for a line of 58 mm paper (32 columns; a Chinese character takes two).
"""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {
    # Every slip
    "reprint": {"zh": "补打", "en": "REPRINT"},
    "unit": {"zh": "房号", "en": "Unit"},
    "printed": {"zh": "打印时间", "en": "Printed"},
    # Queue ticket
    "scan_queue": {"zh": "扫码查看排队进度", "en": "Scan to follow your turn"},
    "priority_banner": {"zh": "优先", "en": "PRIORITY"},
    # Repair slip
    "repair_slip_title": {"zh": "报修回执", "en": "Repair request"},
    "repair_no": {"zh": "报修单号", "en": "Repair number"},
    "category": {"zh": "类别", "en": "Type"},
    "place_public": {"zh": "公共区域 {building} 号楼", "en": "public area, building {building}"},
    "place_floor": {"zh": "{floor} 层", "en": "floor {floor}"},
    "repair_reported": {"zh": "报修时间", "en": "Reported"},
    "visit_booked": {"zh": "预约上门", "en": "Visit booked"},
    "problem": {"zh": "问题描述", "en": "Problem"},
    "scan_repair": {"zh": "扫码查看维修进度", "en": "Scan to follow the repair"},
    "urgent": {"zh": "加急", "en": "URGENT"},
    "emergency": {"zh": "紧急", "en": "URGENT"},
    "call_now": {"zh": "紧急情况请立即拨打", "en": "In danger? Call now"},
    # Payment receipt
    "receipt_title_paid": {"zh": "缴费收据", "en": "Payment receipt"},
    "receipt_title_pending": {"zh": "缴费凭条", "en": "Payment slip"},
    "receipt_no": {"zh": "收据号", "en": "Receipt no."},
    "receipt_total": {"zh": "合计", "en": "Total"},
    "receipt_paid": {"zh": "已支付", "en": "PAID"},
    "receipt_pending": {"zh": "待确认", "en": "PENDING"},
    "pending_note": {"zh": "付款确认后方为有效收据", "en": "Not a receipt until payment is confirmed"},
    "method": {"zh": "支付方式", "en": "Paid by"},
    # How a payment was made, as the receipt names it (never the provider's code).
    "method_qr": {"zh": "扫码支付", "en": "QR code"},
    "method_transfer": {"zh": "扫码转账", "en": "Bank transfer by QR code"},
    "method_desk": {"zh": "服务台", "en": "At the desk"},
    # The bank reference an owner types into a transfer: only a slip still waiting for the money shows it.
    "payment_reference": {"zh": "参考号", "en": "Payment reference"},
    "time": {"zh": "时间", "en": "Time"},
    "scan_receipt": {"zh": "扫码核验收据", "en": "Scan to check this receipt"},
    "scan_payment": {"zh": "扫码查看付款状态", "en": "Scan to follow the payment"},
    # Event pass
    "event_title": {"zh": "活动入场券", "en": "Event pass"},
    "pass_number": {"zh": "入场号", "en": "Pass number"},
    "when": {"zh": "时间", "en": "When"},
    "where": {"zh": "地点", "en": "Where"},
    "people": {"zh": "人数", "en": "People"},
    "scan_event": {"zh": "扫码查看活动详情", "en": "Scan for the event"},
    # Visitor pass
    "visitor_title": {"zh": "访客通行证", "en": "Visitor pass"},
    "visiting": {"zh": "到访房号", "en": "Visiting"},
    "visitor": {"zh": "访客", "en": "Visitor"},
    "vehicle": {"zh": "车牌", "en": "Vehicle"},
    "valid_until": {"zh": "有效期至", "en": "Valid until"},
    "visitor_note": {"zh": "请随身携带，离开时交回门岗", "en": "Keep it with you; return it on leaving"},
    "scan_visitor": {"zh": "扫码核验通行证", "en": "Scan to check this pass"},
    # PIN slip
    "your_pin": {"zh": "您的密码", "en": "Your PIN"},
    "pin_note": {"zh": "请妥善保管，工作人员不会索要密码", "en": "Keep it private: staff never ask for it"},
    # Policy answer
    "answer_title": {"zh": "政策问答", "en": "Policy answer"},
    "answer_ask_desk": {"zh": "如有疑问请到服务台咨询", "en": "Questions? Ask at the desk"},
    # Test page
    "test_title": {"zh": "打印机测试页", "en": "Printer test page"},
}
