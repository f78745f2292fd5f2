"""The notifications' writes: the daily sweep, a person's choices and calendar link (school_gov.actions)."""
