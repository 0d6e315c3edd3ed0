"""The reporting pages, thin: the rules are in the reporting modules."""
