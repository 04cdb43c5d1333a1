"""Translation: extracting units into catalogs and reading catalogs back for the build."""
