"""The lookup package: products, one product, search, compare, the timeline."""
