"""Coffee Mug."""
