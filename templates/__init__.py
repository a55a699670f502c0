"""briefgen's built-in templates, installed as the package `briefgen.templates`."""
