"""The isct package: criteria, lot files, big files, FCS, the column-written reports."""
