"""The words of the dashboard and the monthly report, in Chinese and English: titles, measures, row names."""

from __future__ import annotations

from decimal import Decimal

from desk.feedback import Department, FeedbackCategory
from desk.queue import Service
from desk.repair_words import NAMES
from desk.report_figures import Table
from desk.service_levels import RepairCategory
from desk.words import service_name

WORDS: dict[str, tuple[str, str]] = {
    # Titles
    "report": ("月度报告", "Monthly report"),
    "dashboard": ("看板", "Dashboard"),
    "key_figures": ("本期要点", "Key figures"),
    "decisions": ("业委会待办决议", "Open committee decisions"),
    "no_decisions": ("没有待办决议", "No decision is open"),
    "overdue_flag": ("已逾期", "overdue"),
    "as_of": ("截至", "As of"),
    "printed": ("打印于", "Printed"),
    "collection_month": ("各楼收费率（按月，%）", "Fee collection rate by building and month (%)"),
    "collection_building": ("各楼收费情况", "Fees billed and collected by building"),
    "arrears": ("欠费账龄（月末，元）", "Arrears by age at each month's end (CNY)"),
    "repairs_category": ("报修（按类别）", "Repairs by category"),
    "repairs_department": ("报修（按部门）", "Repairs by department"),
    "ratings": ("维修评价分布", "Ratings of finished repairs"),
    "satisfaction": ("满意度", "Satisfaction"),
    "complaints_department": ("投诉（按部门）", "Complaints by department"),
    "complaints_topic": ("投诉（按主题）", "Complaints by topic"),
    "queue_hour": ("排队（按取号时段）", "Queue by hour of the day"),
    "queue_service": ("排队（按业务）", "Queue by service"),
    "events": ("社区活动报名与到场", "Event sign-ups and attendance"),
    # Measures
    "billed": ("应收", "Billed"),
    "collected": ("已收", "Collected"),
    "rate": ("收费率 %", "Rate %"),
    "all": ("全小区", "All"),
    "1-30": ("1-30天", "1-30 days"),
    "31-60": ("31-60天", "31-60 days"),
    "61-90": ("61-90天", "61-90 days"),
    "over 90": ("90天以上", "Over 90 days"),
    "total": ("合计", "Total"),
    "opened": ("新报", "Opened"),
    "closed": ("完成", "Closed"),
    "overdue": ("超时", "Overdue"),
    "within_sla": ("按时完成 %", "Within SLA %"),
    "repairs": ("报修数", "Repairs"),
    "value": ("数值", "Value"),
    "average_rating": ("平均评分", "Average rating"),
    "rated": ("已评价", "Rated"),
    "reopened": ("返修", "Reopened"),
    "reopen_rate": ("返修率 %", "Reopen rate %"),
    "complaints": ("投诉数", "Complaints"),
    "tickets": ("取号数", "Tickets"),
    "average_wait": ("平均等候（分钟）", "Average wait (min)"),
    "capacity": ("名额", "Capacity"),
    "signed_up": ("报名", "Signed up"),
    "waitlisted": ("候补", "Waitlisted"),
    "attended": ("到场", "Attended"),
    # Key figures
    "collection_rate": ("收费率 %", "Collection rate %"),
    "arrears_total": ("逾期欠费（元）", "Overdue arrears (CNY)"),
    "repairs_opened": ("新报修", "Repairs opened"),
    "repairs_closed": ("完成维修", "Repairs closed"),
    "repairs_overdue": ("超时维修", "Repairs overdue"),
    "event_signups": ("活动报名人数", "Event sign-ups (people)"),
    "event_attended": ("活动到场人数", "Event attendance (people)"),
    "open_decisions": ("待办决议", "Open decisions"),
    "overdue_decisions": ("逾期决议", "Overdue decisions"),
    "meeting": ("会议", "Meeting"),
    "responsible": ("负责人", "Responsible"),
    "due": ("截止", "Due"),
}

_DIMENSIONS = {
    "repairs_category": RepairCategory,
    "repairs_department": Department,
    "complaints_department": Department,
    "complaints_topic": FeedbackCategory,
}


def say(key: str, lang: str) -> str:
    """A word of the report in ``zh`` or ``en`` (the key itself when it has none: a building, a month)."""
    zh, en = WORDS.get(key, (key, key))
    return zh if lang == "zh" else en


def both(key: str) -> str:
    """Both languages, Chinese first, as staff screens show them."""
    zh, en = WORDS.get(key, (key, key))
    return zh if zh == en else f"{zh} {en}"


def row_name(chart: Table, row: str, lang: str) -> str:
    """What a row of a table is called: a category, a department, a service, an event's title, an hour."""
    if row in chart.labels:
        return chart.labels[row][0 if lang == "zh" else 1]
    kind = _DIMENSIONS.get(chart.key)
    if kind is not None and (kind, row) in NAMES:
        return NAMES[(kind, row)][lang]
    if chart.key == "queue_service":
        return service_name(Service(row), lang)
    if chart.key == "queue_hour":
        return f"{row}:00"
    if chart.key.startswith("collection") and row.isdigit():
        return f"{row}栋" if lang == "zh" else f"Bldg {row}"
    if chart.key == "ratings":
        return f"{row}★"
    return say(row, lang)


def column_name(chart: Table, column: str, lang: str) -> str:
    """What a column of a table is called (a building's column in the monthly collection chart too)."""
    if chart.key == "collection_month" and column.isdigit():
        return f"{column}栋" if lang == "zh" else f"Bldg {column}"
    return say(column, lang)


def number_text(value: Decimal | None) -> str:
    """A figure as the tables print it: ``-`` for nothing, integers without decimals."""
    if value is None:
        return "-"
    if value == value.to_integral_value():
        return f"{value:,.0f}"
    return f"{value:,}"


# How each chart is drawn, on the dashboard and on paper: its kind and the measures it plots.
PLOTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "collection_month": ("line", ()),  # every column: each building and the whole community
    "collection_building": ("bar", ("billed", "collected")),
    "arrears": ("stacked", ("1-30", "31-60", "61-90", "over 90")),
    "repairs_category": ("bar", ("opened", "closed", "overdue")),
    "repairs_department": ("bar", ("opened", "closed", "overdue")),
    "ratings": ("bar", ("repairs",)),
    "complaints_department": ("barh", ("complaints",)),
    "complaints_topic": ("barh", ("complaints",)),
    "queue_hour": ("bar", ("tickets", "average_wait")),
    "queue_service": ("bar", ("tickets", "average_wait")),
    "events": ("bar", ("capacity", "signed_up", "attended")),
}


def plotted(chart: Table) -> tuple[str, tuple[str, ...]]:
    """A chart's kind and the columns it draws."""
    kind, columns = PLOTS.get(chart.key, ("bar", ()))
    return kind, columns or chart.columns
