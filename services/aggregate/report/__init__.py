"""The annual statistical report: the seed summary's sentences with every figure filled in."""
