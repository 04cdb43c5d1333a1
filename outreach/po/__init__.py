"""Gettext catalogs (`.po` and `.pot` files): the bottom layer, and the only code that reads or
writes them. Nothing here knows what a kit or a message is."""
