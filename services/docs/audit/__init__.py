"""The audit log of classified documents (密件阅读审计): every read of one, listed for auditors."""
