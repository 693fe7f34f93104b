"""The office's registers as spreadsheets: the incoming ledger (export a year, import a past year
all-or-nothing), and beside it the outgoing register and the supervision ledger."""
