"""The incoming ledger as a spreadsheet: export a year, import a past year all-or-nothing."""
