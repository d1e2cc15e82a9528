"""msc's commands, options and fixed values for TAB completion and quick answers without Typer
(completion.py, quick.py).

Generated from the app by tests/completion_index.py (python tests/refresh.py); do not edit by hand."""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs more to import than a completion
if TYPE_CHECKING:
    from typing import Any

# options and parameters several commands share, written once
_DATA_DIR = (('--data-dir',), (), True, False, False, 'A directory of YAML files that add to or correct the bundled data (same layout as data/).', 'path', ())
_LANG = (('--lang',), (), True, False, False, 'Language of tables, labels and messages: en, zh (Simplified Chinese) or zh-Hant (Traditional); default from the locale (zh_CN, zh_TW, zh_HK ...). Data formats stay the same in every language.', 'starting', ('en', 'zh', 'zh-Hant'))
_HELP = (('-h', '--help'), (), False, False, False, 'Show this message and exit.', 'none', ())
_FORMAT = (('--format', '-f'), (), True, False, False, 'Output format: table (for people), json, jsonl, csv, tsv, yaml, markdown.', 'starting', ('table', 'json', 'jsonl', 'csv', 'tsv', 'yaml', 'markdown'))
_FIELDS = (('--fields',), (), True, False, False, "Fields to show, in this order, comma-separated (any format); 'help' lists them.", 'none', ())
_COUNTRY = (('--country', '-c'), (), True, True, False, 'ISO code, English or Chinese name (EU is one); repeatable or comma-separated.', 'countries', ('KR', 'JP', 'US', 'CN', 'IN', 'IR', 'CA', 'NZ', 'EU', 'GB', 'CH', 'IL', 'DE', 'RS'))
_VERIFIED = (('--verified',), (), False, False, False, 'Only VERIFIED facts.', 'none', ())
_WITH_LOCAL = (('--with-local',), (), False, False, False, 'With --verified: keep the facts of your own data directory too.', 'none', ())
_PARAM_DATA_DIR = ('data_dir', ('--data-dir',), 'path', False, 'MSC_DATA_DIR', None, None)
_PARAM_LANG = ('lang', ('--lang',), 'text', False, 'MSC_LANG', None, None)
_PARAM_HELP = ('help', ('-h', '--help'), 'flag', False, None, None, None)
_PARAM_FMT = ('fmt', ('--format', '-f'), 'text', False, None, 'table', None)
_PARAM_FIELDS = ('fields', ('--fields',), 'text', False, None, None, None)

COMMANDS: dict[str, dict[str, Any]] = {
    '': {
        'subcommands': [
            ('products', 'List approvals of MSC products, one row...'),
            ('product', 'Everything about one product: names,...'),
            ('compare', 'Products side by side: approvals, pathway,...'),
            ('search', 'Search products, trials, history,...'),
            ('trials', 'The trials behind approvals: registry id...'),
            ('links', 'Official documents to open: labels, SmPC,...'),
            ('dose', 'The labelled dose, worked out for a weight...'),
            ('timeline', 'The history of MSCs, from Friedenstein...'),
            ('isct-check', 'Check cell lots against the ISCT minimal...'),
            ('criteria', 'The identity criteria profiles isct-check...'),
            ('about', 'What MSCs are, the ISCT definition in...'),
            ('sources', 'The tissues MSCs come from, what...'),
            ('mechanisms', 'How MSCs act: paracrine factors and...'),
            ('errata', 'Every correction msc makes to the source...'),
            ('refs', 'The references every record cites.'),
            ('jurisdictions', 'The jurisdictions in the catalogue: codes,...'),
            ('fields', 'The fields a command prints, with their...'),
            ('schema', 'The JSON Schema of a data file or of a...'),
            ('data', 'Check or export a data directory of your...'),
        ],
        'arguments': [
        ],
        'options': [
            _DATA_DIR,
            (('--version', '-V'), (), False, False, False, 'Show the version and exit.', 'none', ()),
            (('--debug',), (), False, False, False, 'Show the traceback of an internal error.', 'none', ()),
            _LANG,
            (('--install-completion',), (), False, False, False, 'Install completion for the current shell.', 'none', ()),
            (('--show-completion',), (), False, False, False, 'Show completion for the current shell, to copy it or customize the installation.', 'none', ()),
            _HELP,
        ],
    },
    'about': {
        'subcommands': [
        ],
        'arguments': [
        ],
        'options': [
            _FORMAT,
            _FIELDS,
            _DATA_DIR,
            _LANG,
            _HELP,
        ],
    },
    'compare': {
        'subcommands': [
        ],
        'arguments': [
            ('names', -1, 'products', ()),
        ],
        'options': [
            _FORMAT,
            _FIELDS,
            _DATA_DIR,
            _LANG,
            _HELP,
        ],
    },
    'criteria': {
        'subcommands': [
        ],
        'arguments': [
            ('profile_id', 1, 'profiles', ('isct-2006', 'ifats-isct-2013-asc')),
        ],
        'options': [
            _FORMAT,
            _FIELDS,
            _DATA_DIR,
            _LANG,
            _HELP,
        ],
    },
    'data': {
        'subcommands': [
            ('validate', 'Every problem of a data directory, laid...'),
            ('export', 'Write the catalogue msc uses (bundled data...'),
        ],
        'arguments': [
        ],
        'options': [
            _HELP,
        ],
    },
    'data export': {
        'subcommands': [
        ],
        'arguments': [
            ('target', 1, 'path', ()),
        ],
        'options': [
            (('--force',), (), False, False, False, 'Write into a directory that has files, replacing them.', 'none', ()),
            _DATA_DIR,
            _LANG,
            _HELP,
        ],
    },
    'data validate': {
        'subcommands': [
        ],
        'arguments': [
            ('directory', 1, 'path', ()),
        ],
        'options': [
            _FORMAT,
            _FIELDS,
            _LANG,
            _HELP,
        ],
    },
    'dose': {
        'subcommands': [
        ],
        'arguments': [
            ('name', 1, 'products', ()),
        ],
        'options': [
            (('--weight', '-w'), (), True, False, False, 'Body weight: 70, 70kg, 154lb (kg by default).', 'none', ()),
            (('--area', '-a'), (), True, False, False, 'Defect or fistula area: 4, 4cm2, 400mm2.', 'none', ()),
            (('--check',), (), True, False, False, 'A planned dose per administration to hold against the label: 1.4e8, 140M, 1.4×10^8, 14000万.', 'none', ()),
            (('--start',), (), True, False, False, 'Plan the course on the calendar from this date (YYYY-MM-DD).', 'none', ()),
            (('--skip',), (), True, True, False, 'A day no administration may fall on (re-plans the rest); repeatable or commas.', 'none', ()),
            (('--ics',), (), True, False, False, 'Write the planned course as an iCalendar file (with --start).', 'path', ()),
            (('--force',), (), False, False, False, 'Replace the --ics file if it exists.', 'none', ()),
            (('--country', '-c'), (), True, True, False, 'Without NAME: products approved here.', 'countries', ('KR', 'JP', 'US', 'CN', 'IN', 'IR', 'CA', 'NZ', 'EU', 'GB', 'CH', 'IL', 'DE', 'RS')),
            (('--source', '-s'), (), True, True, False, 'Without NAME: cell source.', 'starting', ('bone-marrow', 'adipose', 'umbilical-cord', 'umbilical-cord-blood')),
            (('--donor',), (), True, True, False, 'Without NAME: autologous or allogeneic.', 'starting', ('autologous', 'allogeneic')),
            (('--route',), (), True, True, False, 'Without NAME: route of administration.', 'starting', ('intravenous', 'intracoronary', 'intrathecal', 'intramuscular', 'intra-articular', 'intralesional', 'intracerebral', 'local-surgical')),
            (('--indication', '-i'), (), True, False, False, 'Without NAME: text in the indication.', 'none', ()),
            _FORMAT,
            _FIELDS,
            _DATA_DIR,
            _LANG,
            _HELP,
        ],
    },
    'errata': {
        'subcommands': [
        ],
        'arguments': [
        ],
        'options': [
            (('--product', '-p'), (), True, False, False, 'Only corrections about this product.', 'products', ()),
            (('--corrects',), (), True, False, False, 'source-review (the Chinese review), or fact-sheet (a later fact sheet overriding an earlier one).', 'starting', ('source-review', 'fact-sheet')),
            _FORMAT,
            _FIELDS,
            _DATA_DIR,
            _LANG,
            _HELP,
        ],
    },
    'fields': {
        'subcommands': [
        ],
        'arguments': [
            ('command', 1, 'starting', ('products', 'product', 'trials', 'links', 'compare', 'search', 'about', 'sources', 'mechanisms', 'dose', 'timeline', 'isct-check', 'criteria', 'errata', 'refs', 'jurisdictions', 'fields')),
        ],
        'options': [
            _FORMAT,
            _FIELDS,
            _LANG,
            _HELP,
        ],
    },
    'isct-check': {
        'subcommands': [
        ],
        'arguments': [
            ('file', 1, 'none', ()),
        ],
        'options': [
            (('--marker', '-m'), (), True, True, False, 'One sample: MARKER=PERCENT, repeatable or comma-separated; CD34/CD45/HLA-DR=0.4 is a cocktail.', 'none', ()),
            (('--lot',), (), True, False, False, 'Lot id for a sample given by flags.', 'none', ()),
            (('--adherent',), ('--not-adherent',), False, False, False, 'Plastic adherence.', 'none', ()),
            (('--osteo',), (), True, False, False, 'Osteogenic differentiation: pass or fail.', 'starting', ('pass', 'fail')),
            (('--adipo',), (), True, False, False, 'Adipogenic differentiation: pass or fail.', 'starting', ('pass', 'fail')),
            (('--chondro',), (), True, False, False, 'Chondrogenic differentiation: pass or fail.', 'starting', ('pass', 'fail')),
            (('--ifn-gamma',), (), False, False, False, 'The lot was stimulated (IFN-gamma): HLA-DR becomes informative.', 'none', ()),
            (('--viability',), (), True, False, False, 'Viability, % of cells.', 'none', ()),
            (('--profile',), (), True, False, False, 'Criteria profile (msc criteria).', 'profiles', ('isct-2006', 'ifats-isct-2013-asc')),
            (('--spec',), (), True, False, False, "The lab's own specification (YAML), judged separately.", 'none', ()),
            (('--map',), (), True, True, False, 'Name an odd gate or column: GATE=MARKER, repeatable or comma-separated.', 'none', ()),
            (('--input-format',), (), True, False, False, 'csv, tsv, yaml, json or flowjo (default: from the name).', 'starting', ('csv', 'tsv', 'yaml', 'json', 'flowjo')),
            (('--delimiter',), (), True, False, False, 'The cell delimiter of a CSV file: , ; tab or | (default: guessed from the header line).', 'starting', (',', ';', 'tab', '|')),
            (('--decimal-comma',), (), False, False, False, 'Numbers are written with a decimal comma (98,2).', 'none', ()),
            (('--fcs',), (), True, True, False, "Stained FCS tubes of one lot (repeatable or comma-separated; FILE#N picks a data set). Needs pip install 'msccli[fcs]'.", 'none', ()),
            (('--control',), (), True, True, False, 'The isotype or FMO control tube(s): one for all --fcs tubes, or one per tube in order.', 'none', ()),
            (('--gate',), (), True, True, False, 'Keep events meeting CHANNEL>VALUE conditions (e.g. FSC-A>20000); default: all events.', 'none', ()),
            (('--percentile',), (), True, False, False, 'FCS: each threshold is this percentile of the control channel.', 'none', ()),
            (('--ci',), (), False, False, False, 'FCS: a criterion whose 95% interval straddles its threshold is INDETERMINATE, not PASS/FAIL.', 'none', ()),
            (('--detail',), (), False, False, False, 'One record per lot and criterion: values, thresholds and margins.', 'none', ()),
            (('--example',), (), False, False, False, 'Check the example lots shipped with msc against the example lab spec.', 'none', ()),
            _FORMAT,
            _FIELDS,
            _DATA_DIR,
            _LANG,
            _HELP,
        ],
    },
    'jurisdictions': {
        'subcommands': [
        ],
        'arguments': [
        ],
        'options': [
            _FORMAT,
            _FIELDS,
            _DATA_DIR,
            _LANG,
            _HELP,
        ],
    },
    'links': {
        'subcommands': [
        ],
        'arguments': [
            ('names', -1, 'products', ()),
        ],
        'options': [
            _COUNTRY,
            _VERIFIED,
            _WITH_LOCAL,
            _FORMAT,
            _FIELDS,
            _DATA_DIR,
            _LANG,
            _HELP,
        ],
    },
    'mechanisms': {
        'subcommands': [
        ],
        'arguments': [
        ],
        'options': [
            _FORMAT,
            _FIELDS,
            _DATA_DIR,
            _LANG,
            _HELP,
        ],
    },
    'product': {
        'subcommands': [
        ],
        'arguments': [
            ('name', 1, 'products', ()),
        ],
        'options': [
            _FORMAT,
            _FIELDS,
            _DATA_DIR,
            _LANG,
            _HELP,
        ],
    },
    'products': {
        'subcommands': [
        ],
        'arguments': [
        ],
        'options': [
            _COUNTRY,
            (('--since',), (), True, False, False, 'Approved in or after this year.', 'none', ()),
            (('--until',), (), True, False, False, 'Approved in or before this year.', 'none', ()),
            (('--indication', '-i'), (), True, False, False, 'Text in the indication (English or Chinese).', 'none', ()),
            (('--source', '-s'), (), True, True, False, 'Cell source: bone-marrow, adipose, umbilical-cord, umbilical-cord-blood; also bm, fat, uc, cord, 骨髓 ...', 'starting', ('bone-marrow', 'adipose', 'umbilical-cord', 'umbilical-cord-blood')),
            (('--donor',), (), True, True, False, 'Donor: autologous, allogeneic; also auto, allo', 'starting', ('autologous', 'allogeneic')),
            (('--route',), (), True, True, False, 'Route: intravenous, intracoronary, intrathecal, intramuscular, intra-articular, intralesional, intracerebral, local-surgical; also iv, it, ia, im', 'starting', ('intravenous', 'intracoronary', 'intrathecal', 'intramuscular', 'intra-articular', 'intralesional', 'intracerebral', 'local-surgical')),
            (('--status',), (), True, True, False, 'Status: active, withdrawn, superseded, unknown', 'starting', ('active', 'withdrawn', 'superseded', 'unknown')),
            (('--pathway',), (), True, True, False, 'Pathway: full, standard, conditional, conditional-time-limited, limited, provisional, hospital-exemption, unknown; conditional also takes conditional-time-limited.', 'starting', ('full', 'standard', 'conditional', 'conditional-time-limited', 'limited', 'provisional', 'hospital-exemption', 'unknown')),
            (('--orphan',), (), False, False, False, 'Only approvals where the product holds an orphan designation.', 'none', ()),
            (('--expires-before',), (), True, False, False, "Approvals that end before this year (or date): a stated validity, or a conditional term's derived end.", 'none', ()),
            (('--verified',), (), False, False, False, 'Only VERIFIED facts: drop other approvals, blank other fields.', 'none', ()),
            _WITH_LOCAL,
            _FORMAT,
            _FIELDS,
            _DATA_DIR,
            _LANG,
            _HELP,
        ],
    },
    'refs': {
        'subcommands': [
        ],
        'arguments': [
            ('ids', -1, 'refs', ('SEED', 'R1', 'R2', 'R3', 'R4', 'R5', 'L1', 'L2', 'L3', 'L4', 'L5', 'S01', 'S02', 'S04', 'S05', 'S06', 'S07', 'S08', 'S09', 'S10', 'S11', 'S12', 'S12b', 'S13', 'S14', 'S15', 'S16', 'S17', 'S18', 'S19', 'S20', 'S21', 'S21b', 'S22', 'S23', 'S24', 'S25', 'S26', 'S27', 'S28', 'S29', 'S30', 'S31', 'S32', 'S33', 'S34', 'S35', 'S36', 'S37', 'S38', 'S38b', 'S39', 'S40', 'S41', 'S42', 'S43', 'S44', 'S45', 'S46', 'S47', 'S48', 'S49', 'S50', 'S51', 'S52', 'S53', 'S54', 'S55', 'S56', 'S57', 'S58', 'S59', 'S60', 'S61', 'S62', 'S63', 'S64', 'S65', 'S68', 'S69', 'S70', 'S71', 'S72', 'S73', 'S74', 'S75', 'S76', 'S77', 'S77b', 'S78', 'S79', 'S80', 'S81', 'S82', 'S83', 'S84', 'S85', 'S86', 'S87', 'S88', 'S89', 'S90', 'S91', 'S92', 'S93', 'S93b', 'S94', 'S95', 'S96', 'S96b', 'S97', 'S98', 'S99', 'S100', 'S101', 'S102', 'S102b', 'S103', 'S104', 'S105', 'S106', 'S107', 'S108', 'S109', 'S110', 'S111', 'S112', 'S113', 'S114', 'S115', 'S116', 'S117', 'I1', 'I2', 'I3', 'I4', 'I5', 'I6', 'G20', 'G64', 'G89', 'G119', 'G134', 'G153', 'G154', 'G01', 'G02', 'G03', 'G05', 'G06', 'G07', 'G10', 'G11', 'G13', 'G14', 'G15', 'G16', 'G17', 'G18', 'G22', 'G23', 'G27', 'G28', 'G30', 'G31', 'G32', 'G34', 'G35', 'G36', 'G38', 'G39', 'G40', 'G41', 'G42', 'G43', 'G45', 'G46', 'G47', 'G48', 'G49', 'G50', 'G51', 'G54', 'G56', 'G57', 'G58', 'G59', 'G62', 'G65', 'G66', 'G67', 'G68', 'G69', 'G70', 'G71', 'G72', 'G73', 'G74', 'G75', 'G76', 'G77', 'G78', 'G79', 'G80', 'G81', 'G82', 'G83', 'G85', 'G86', 'G87', 'G88', 'G91', 'G92', 'G93', 'G94', 'G95', 'G96', 'G97', 'G98', 'G99', 'G100', 'G101', 'G102', 'G103', 'G104', 'G105', 'G106', 'G107', 'G108', 'G109', 'G112', 'G113', 'G115', 'G116', 'G121', 'G124', 'G125', 'G126', 'G128', 'G129', 'G130', 'G132', 'G133', 'G135', 'G136', 'G137', 'G138', 'G139', 'G140', 'G141', 'G143', 'G144', 'G145', 'G147', 'G148', 'G149', 'G150', 'G155', 'G156', 'G157', 'G158', 'G159', 'G160', 'G162', 'G163', 'G164', 'G165', 'G166', 'G167', 'U01', 'U02', 'U04', 'U06', 'U08', 'U11', 'U12', 'U13', 'U14', 'U17', 'U19', 'U20', 'U22', 'U23', 'U25', 'U28', 'U29', 'U31', 'U32', 'U33', 'U34', 'U36', 'U39', 'U40', 'U41', 'U42', 'U45', 'U47', 'U50', 'U51', 'U52', 'U53', 'U56', 'U57', 'U58', 'U59', 'G114', 'G117', 'U24')),
        ],
        'options': [
            _FORMAT,
            _FIELDS,
            _DATA_DIR,
            _LANG,
            _HELP,
        ],
    },
    'schema': {
        'subcommands': [
        ],
        'arguments': [
            ('name', 1, 'starting', ('meta.yaml', 'jurisdictions.yaml', 'references.yaml', 'errata.yaml', 'products/*.yaml', 'not-approved.yaml', 'timeline.yaml', 'criteria.yaml', 'families.yaml', 'vocabulary.yaml', 'about.yaml', 'sources.yaml', 'mechanisms.yaml', 'output/products', 'output/product', 'output/trials', 'output/links', 'output/compare', 'output/search', 'output/about', 'output/sources', 'output/mechanisms', 'output/dose', 'output/timeline', 'output/isct-check', 'output/isct-check-detail', 'output/criteria', 'output/errata', 'output/refs', 'output/jurisdictions', 'output/fields', 'output/data validate')),
        ],
        'options': [
            _LANG,
            _HELP,
        ],
    },
    'search': {
        'subcommands': [
        ],
        'arguments': [
            ('text', 1, 'none', ()),
        ],
        'options': [
            (('--limit', '-n'), (), True, False, False, 'At most this many hits.', 'none', ()),
            _FORMAT,
            _FIELDS,
            _DATA_DIR,
            _LANG,
            _HELP,
        ],
    },
    'sources': {
        'subcommands': [
        ],
        'arguments': [
            ('tissue', 1, 'none', ()),
        ],
        'options': [
            _FORMAT,
            _FIELDS,
            _DATA_DIR,
            _LANG,
            _HELP,
        ],
    },
    'timeline': {
        'subcommands': [
        ],
        'arguments': [
        ],
        'options': [
            (('--since',), (), True, False, False, 'Events in or after this year.', 'none', ()),
            (('--until',), (), True, False, False, 'Events in or before this year.', 'none', ()),
            (('--category',), (), True, True, False, 'discovery, characterisation, clinical, trial-result, standard, regulatory-approval, regulatory-other, withdrawal, industry; a prefix takes all it starts; repeatable or comma-separated.', 'starting', ('discovery', 'characterisation', 'clinical', 'trial-result', 'standard', 'regulatory-approval', 'regulatory-other', 'withdrawal', 'industry')),
            (('--country', '-c'), (), True, True, False, 'Approvals in this jurisdiction; repeatable or comma-separated.', 'countries', ('KR', 'JP', 'US', 'CN', 'IN', 'IR', 'CA', 'NZ', 'EU', 'GB', 'CH', 'IL', 'DE', 'RS')),
            (('--product', '-p'), (), True, False, False, 'Events of one product.', 'products', ()),
            (('--search',), (), True, False, False, 'Text in the event (en/zh) or its people.', 'none', ()),
            (('--verified',), (), False, False, False, 'Only VERIFIED events.', 'none', ()),
            (('--with-local',), (), False, False, False, 'With --verified: keep the events of your own data directory too.', 'none', ()),
            (('--export',), (), True, False, False, 'Write a picture of the timeline: FILE.svg or FILE.html (self-contained).', 'path', ()),
            (('--force',), (), False, False, False, 'Replace the --export file if it exists.', 'none', ()),
            _FORMAT,
            _FIELDS,
            _DATA_DIR,
            _LANG,
            _HELP,
        ],
    },
    'trials': {
        'subcommands': [
        ],
        'arguments': [
            ('names', -1, 'products', ()),
        ],
        'options': [
            _COUNTRY,
            (('--role',), (), True, True, False, 'pivotal, supporting, confirmatory, follow-up, post-marketing, development; repeatable or comma-separated.', 'starting', ('pivotal', 'supporting', 'confirmatory', 'follow-up', 'post-marketing', 'development')),
            _VERIFIED,
            _WITH_LOCAL,
            _FORMAT,
            _FIELDS,
            _DATA_DIR,
            _LANG,
            _HELP,
        ],
    },
}

# name, option names, kind (argument, flag, int, path, text), repeats, environment variable, default, least
PARAMS: dict[str, list[tuple[str, tuple[str, ...], str, bool, str | None, Any, int | None]]] = {
    '': [
        _PARAM_DATA_DIR,
        ('version', ('--version', '-V'), 'flag', False, None, False, None),
        ('debug', ('--debug',), 'flag', False, 'MSC_DEBUG', False, None),
        _PARAM_LANG,
        ('install_completion', ('--install-completion',), 'flag', False, None, None, None),
        ('show_completion', ('--show-completion',), 'flag', False, None, None, None),
        _PARAM_HELP,
    ],
    'products': [
        ('country', ('--country', '-c'), 'text', True, None, None, None),
        ('since', ('--since',), 'int', False, None, None, None),
        ('until', ('--until',), 'int', False, None, None, None),
        ('indication', ('--indication', '-i'), 'text', False, None, None, None),
        ('source', ('--source', '-s'), 'text', True, None, None, None),
        ('donor', ('--donor',), 'text', True, None, None, None),
        ('route', ('--route',), 'text', True, None, None, None),
        ('status', ('--status',), 'text', True, None, None, None),
        ('pathway', ('--pathway',), 'text', True, None, None, None),
        ('orphan', ('--orphan',), 'flag', False, None, False, None),
        ('expires_before', ('--expires-before',), 'text', False, None, None, None),
        ('verified', ('--verified',), 'flag', False, None, False, None),
        ('with_local', ('--with-local',), 'flag', False, None, False, None),
        _PARAM_FMT,
        _PARAM_FIELDS,
        _PARAM_DATA_DIR,
        _PARAM_LANG,
        _PARAM_HELP,
    ],
    'product': [
        ('name', ('name',), 'argument', False, None, None, None),
        _PARAM_FMT,
        _PARAM_FIELDS,
        _PARAM_DATA_DIR,
        _PARAM_LANG,
        _PARAM_HELP,
    ],
    'search': [
        ('text', ('text',), 'argument', False, None, None, None),
        ('limit', ('--limit', '-n'), 'int', False, None, 20, 1),
        _PARAM_FMT,
        _PARAM_FIELDS,
        _PARAM_DATA_DIR,
        _PARAM_LANG,
        _PARAM_HELP,
    ],
}

# `msc --help` on a terminal of 80 columns or more (quick.py)
HELP = "Usage: msc [OPTIONS] COMMAND [ARGS]...\n\n  msc 0.1.0: approved mesenchymal stem/stromal cell (MSC) products, their\n  doses and history, with the source of every fact.\n\n  Examples:\n    msc products --country KR\n    msc product ryoncil\n    msc products --since 2018 --donor allogeneic -f json\n    msc dose ryoncil --weight 32\n    msc timeline --since 2010 --category regulatory-approval\n    msc isct-check lots.csv --spec release.yaml\n    msc fields products\n\n  Exit codes:\n    0    success (an empty result is a success)\n    1    not found, or a name that fits several records; isct-check: a lot fails or is incomplete\n    2    bad usage or bad input\n    70   an internal error (a bug; --debug shows the traceback)\n    74   the output could not be written (a full disk)\n    130  interrupted (Ctrl-C)\n    141  the reader closed the pipe (msc ... | head)\n\n  msc is a reference tool that summarises published sources; it is not\n  clinical advice.\n\nOptions:\n  --data-dir <path>     A directory of YAML files that add to or correct the\n                        bundled data (same layout as data/).  [env var:\n                        MSC_DATA_DIR]\n  -V, --version         Show the version and exit.\n  --debug               Show the traceback of an internal error.  [env var:\n                        MSC_DEBUG]\n  --lang LANG           Language of tables, labels and messages: en, zh\n                        (Simplified Chinese) or zh-Hant (Traditional); default\n                        from the locale (zh_CN, zh_TW, zh_HK ...). Data\n                        formats stay the same in every language.  [env var:\n                        MSC_LANG]\n  --install-completion  Install completion for the current shell.\n  --show-completion     Show completion for the current shell, to copy it or\n                        customize the installation.\n  -h, --help            Show this message and exit.\n\nCommands:\n  products       List approvals of MSC products, one row per approval.\n  product        Everything about one product: names, approvals, dosing,...\n  compare        Products side by side: approvals, pathway, status,...\n  search         Search products, trials, history, criteria, errata,...\n  trials         The trials behind approvals: registry id and link,...\n  links          Official documents to open: labels, SmPC, EPAR, reviews,...\n  dose           The labelled dose, worked out for a weight or an area,...\n  timeline       The history of MSCs, from Friedenstein (1966) to the...\n  isct-check     Check cell lots against the ISCT minimal criteria and,...\n  criteria       The identity criteria profiles isct-check uses (ISCT...\n  about          What MSCs are, the ISCT definition in brief, and how to...\n  sources        The tissues MSCs come from, what distinguishes each, and...\n  mechanisms     How MSCs act: paracrine factors and vesicles,...\n  errata         Every correction msc makes to the source review and to...\n  refs           The references every record cites.\n  jurisdictions  The jurisdictions in the catalogue: codes, names in...\n  fields         The fields a command prints, with their types and...\n  schema         The JSON Schema of a data file or of a command's JSON...\n  data           Check or export a data directory of your own (the layout...\n"
