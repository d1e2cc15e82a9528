"""Questions asked of the catalogue: approvals filtered, trials and documents, search, comparison, the timeline,
background knowledge and indication terms."""
