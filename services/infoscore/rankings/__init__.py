"""Rankings of units by points, completion against target, party information, notices."""
