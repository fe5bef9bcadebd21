"""What the reader sees: localised rows of a ranking, shared by the app, the report, the
CLI text and the map."""
