"""Diagnostics from a loaded brief: the validation pipeline, settings, waivers and the rules."""
