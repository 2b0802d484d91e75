"""What the council does, with no chat platform in sight."""
