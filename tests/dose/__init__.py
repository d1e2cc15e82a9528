"""The dose package: labelled doses, planned-dose checks, courses on the calendar."""
