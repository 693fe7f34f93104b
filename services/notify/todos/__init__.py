"""The to-do list (待办): work waiting on a unit, projected from the events that land it and finish it."""
