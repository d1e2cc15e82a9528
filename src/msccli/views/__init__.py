"""Views: what each command shows, declared once as fields and rows, for every format; and the files built
from them (the timeline picture, JSON Schemas)."""
