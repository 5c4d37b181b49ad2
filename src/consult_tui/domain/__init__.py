"""Pure decision logic: the record, the reasoning, the checklists. No Textual, no database."""
