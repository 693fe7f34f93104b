"""Information items submitted by units, their adoptions by outlets, and withdrawals."""
