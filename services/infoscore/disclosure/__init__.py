"""Disclosure publications (政务公开) with the monthly report; the region's assessment."""
