"""What the screens ask of the records: one service, whose database work runs on one thread."""
