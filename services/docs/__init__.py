"""docs: official documents (公文), the format check and the supervision ledger (督办台账)."""
