"""The workbook sync: backends (in-memory, .xlsx), the row/record mapping, the merge and the sync cycle."""
