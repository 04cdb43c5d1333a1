"""What a kit is made of, read from disk: settings, languages, messages, the theme and the
translations the build uses. Everything above (rendering, linting, catalogs, the build) works
from these values and never reads a kit file itself."""
