"""The workbook sync: backends (in-memory, .xlsx), the row/record mapping, the merge and the sync cycle."""

import sys


def _openpyxl_without_numpy() -> None:
    """Have openpyxl imported without numpy, which it imports only to take numpy's numbers as cell values.

    lobbydesk never writes those, and numpy (installed for matplotlib's report charts) costs 20 MiB in each
    process that imports it: the server and its sync child both import openpyxl. numpy stays importable;
    matplotlib imports it when a report is drawn.
    """
    if "openpyxl" in sys.modules or "numpy" in sys.modules:
        return
    sys.modules["numpy"] = None  # type: ignore[assignment]  # an import of it now raises ImportError
    try:
        import openpyxl.compat.numbers  # noqa: F401 - imported here, without numpy, once for the process
    finally:
        del sys.modules["numpy"]


_openpyxl_without_numpy()
