"""briefgen: structured intelligence briefs, validated and rendered."""

__version__ = "0.1.0"
