"""Read raw inputs into lines that remember where they came from."""
