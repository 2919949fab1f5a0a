"""Ticket layouts to ESC/POS bytes, printer connections, and the print spool."""
