"""msc: a cited reference of approved mesenchymal stem/stromal cell (MSC) products."""

__version__ = "0.1.0"
