"""Outgoing documents (发文): draft, check, submit, return, approve, sign, dispatch."""
