"""The command line's thin layer: one module per command or family of commands, each parsing its options, calling
a feature package and handing the result to a view."""
