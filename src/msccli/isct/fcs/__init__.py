"""FCS files for isct-check: reading them (files, segments), compensating and pre-gating their events, thresholds
from controls with bootstrap intervals (analysis), and what a report draws or a replay needs (figures, gatingml)."""
