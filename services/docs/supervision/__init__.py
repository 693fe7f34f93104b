"""The supervision ledger (督办台账): items, progress, urging, completion, overdue, monthly notice."""
