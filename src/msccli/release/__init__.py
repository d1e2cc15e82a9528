"""The lot release record: the run record a report id is taken from (record), the printable report made from it
(page, report, figures_svg), `msc verify`, which checks a report against its inputs and its own pages (verify),
and `msc qualify`, the reference cases an installed msc must reproduce (qualify)."""
