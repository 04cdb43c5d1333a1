"""outreach: values-based messaging for immigrant families, in every language they read."""

__version__ = "0.1.0"
