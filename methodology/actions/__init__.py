"""Every write of the methodological associations, one module per model or area (school_gov.actions says
what an action promises): plans, reports, observations, meetings, projects."""
