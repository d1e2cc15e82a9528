"""The text package: translations and Chinese script."""
