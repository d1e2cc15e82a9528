"""Doses: the labelled dose worked out for a weight or an area, a planned dose held against the label, the course
laid out on the calendar (and as iCalendar), and the units to thaw."""
