"""Each command's View: its declared fields, its records and how people see them. One module per family."""
