"""Typed records for every data file; msgspec validates them and derives the JSON Schemas."""

from typing import Annotated

import msgspec

from msccli.catalogue.vocab import (
    AmountKind,
    Category,
    CodeScheme,
    Corrects,
    DesignationKind,
    DocumentKind,
    Donor,
    ErratumKind,
    EventKind,
    EventPrecision,
    Mark,
    Pathway,
    Precision,
    QuotedFact,
    QuoteForm,
    Route,
    Status,
    Storage,
    Test,
    Tissue,
    TrialRole,
    Verdict,
)

# Dates are ISO 8601 at their precision: "2011", "2011-07" or "2011-07-01".
ISO_DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
IsoDate = msgspec.Meta(pattern=ISO_DATE)


class Struct(msgspec.Struct, forbid_unknown_fields=True, omit_defaults=True, kw_only=True):
    """Base for records: unknown fields are errors, so a typo in a data file never passes silently."""


class Text(Struct, kw_only=True):
    en: str
    zh: str | None = None
    short: str | None = None  # a few words for narrow tables


class Cited(Struct, kw_only=True):
    mark: Mark
    refs: list[str]
    errata: list[str] = []


class Translation(Struct, kw_only=True):
    """A quotation in English, made by `by` (msc's own translations say "msc"): never a source's words."""

    text: str
    by: str


class Quote(Struct, kw_only=True):
    """The sentence(s) of a source behind a fact, copied exactly in the source's own language."""

    supports: list[QuotedFact]
    text: str
    lang: str  # ISO 639-1 of the text
    ref: str  # the reference id (msc refs ID)
    url: str | None = None  # the address it was read at; none when only a title and date are known
    read: Annotated[str, IsoDate] | None = None  # when msc's editors read it at url; none when taken from `via`
    via: str | None = None  # the document it was copied from, when msc's editors did not read it at its source
    where: str | None = None  # where in the source: a section, a table, a heading
    form: QuoteForm = "sentence"  # a "cell" (a table cell, list row or record field) is quoted whole, unpunctuated
    translation: Translation | None = None  # required for every language but English


class QuoteGap(Struct, kw_only=True):
    """A fact whose quotations do not state all of it: what they show and what they do not."""

    fact: QuotedFact
    note: str


class Quoted(Cited, kw_only=True):
    """A cited fact with its quotations. `unquoted` names the facts whose sentence was looked for and not found,
    and `unquoted_note` what was searched; `partly` the facts whose quotations state only part of them."""

    quotes: list[Quote] = []
    unquoted: list[QuotedFact] = []
    unquoted_note: str | None = None
    partly: list[QuoteGap] = []


class Name(Cited, kw_only=True):
    name: str
    lang: str
    kind: str
    note: str | None = None


class Developer(Cited, kw_only=True):
    name: str


class CellSource(Cited, kw_only=True):
    tissue: Tissue
    donor: Donor
    detail: str


class Term(Cited, kw_only=True):
    """The time limit of a conditional or provisional approval. Its end is derived (start + years), never stored:
    the fact sheets verify the length, and the end date is arithmetic on it."""

    years: int
    start: Annotated[str, IsoDate] | None = None  # when the term runs from, if not the approval date
    conditions: str | None = None
    # an application for full approval filed inside the term: the approval continues past its end while it is pending
    pending_application: Annotated[str, IsoDate] | None = None


class Approval(Quoted, kw_only=True):
    jurisdiction: str
    regulator: str | None
    date: Annotated[str, IsoDate] | None
    precision: Precision | None = None
    date_note: str | None = None
    pathway: Pathway
    pathway_detail: str | None = None
    indication: Text
    status: Status
    status_as_of: Annotated[str, IsoDate]  # the date of the latest evidence for the status
    status_date: Annotated[str, IsoDate] | None = None
    status_note: str | None = None
    status_mark: Mark | None = None  # when the status is sourced apart from the approval itself
    status_refs: list[str] = []
    available_from: Annotated[str, IsoDate] | None = None  # market availability (launch), not authorisation
    available_note: str | None = None
    valid_until: Annotated[str, IsoDate] | None = None  # a registration's stated end of validity
    term: Term | None = None
    holder: str | None = None  # marketing authorisation holder in this jurisdiction
    licence: str | None = None  # licence, approval or registration number
    holder_mark: Mark | None = None  # when the holder is sourced apart from the approval (default: its mark)
    holder_refs: list[str] = []
    event: str | None = None  # timeline id of the approval (the sheet's id where it has one)
    withdrawal_event: str | None = None


class RouteFact(Cited, kw_only=True):
    codes: list[Route]
    detail: str


class Band(Struct, kw_only=True):
    """A weight band: min_kg < weight <= max_kg (an open end when absent)."""

    label: str
    cells: int
    volume_ml: float | None = None
    min_kg: float | None = None
    max_kg: float | None = None


class DoseBase(Quoted, kw_only=True, tag_field="kind"):
    """A labelled dose: its kind (the tag) says which numbers it has, so each kind carries exactly those."""

    source_text: str
    seed_text: str | None = None
    note: str | None = None

    @property
    def kind(self) -> AmountKind:
        tag: AmountKind = self.__struct_config__.tag  # type: ignore[assignment]
        return tag


class FixedDose(DoseBase, tag="fixed", kw_only=True):
    cells: int
    volume_ml: float | None = None


class RangeDose(DoseBase, tag="range", kw_only=True):
    cells_min: int
    cells_max: int
    max_cells_per_kg: int | None = None  # the label's ceiling, where it has one


class PerKgDose(DoseBase, tag="per-kg", kw_only=True):
    """cells_per_kg for one labelled value, or cells_per_kg_min and cells_per_kg_max for a range."""

    cells_per_kg: int | None = None
    cells_per_kg_min: int | None = None
    cells_per_kg_max: int | None = None
    volume_ml_per_kg: float | None = None

    def __post_init__(self) -> None:
        self.span()  # validated when read, so a bad file is an error that names it

    def span(self) -> tuple[int, int]:
        """The labelled cells per kg, lowest and highest (the same for a single value)."""
        if self.cells_per_kg is not None and self.cells_per_kg_min is None and self.cells_per_kg_max is None:
            return self.cells_per_kg, self.cells_per_kg
        low, high = self.cells_per_kg_min, self.cells_per_kg_max
        if self.cells_per_kg is None and low is not None and high is not None and 0 < low <= high:
            return low, high
        raise ValueError("a per-kg dose needs cells_per_kg, or cells_per_kg_min <= cells_per_kg_max (not both)")


class PerAreaDose(DoseBase, tag="per-area", kw_only=True):
    cells_per_cm2: int
    volume_ml_per_cm2: float | None = None
    area_min_cm2: float | None = None
    area_max_cm2: float | None = None


class WeightBandDose(DoseBase, tag="weight-band", kw_only=True):
    bands: list[Band]


class NotStatedDose(DoseBase, tag="not-stated", kw_only=True):
    """The sources give no dose."""


Amount = FixedDose | RangeDose | PerKgDose | PerAreaDose | WeightBandDose | NotStatedDose


class Concentration(Cited, kw_only=True):
    cells_per_ml: int


class Presentation(Cited, kw_only=True):
    """What one unit (vial, bag, syringe) holds, and how the product is kept until use."""

    text: str
    unit: str  # vial, bag, syringe
    cells: int | None = None
    volume_ml: float | None = None
    sizes: list[int] = []  # cells per unit when the product comes in several sizes (Obnitix: 30, 60, 90 million)
    storage: Storage | None = None  # cryopreserved units are thawed and cannot go back; fresh ones are made to order
    storage_refs: list[str] = []


class Schedule(Cited, kw_only=True):
    text: str
    administrations: int | None = None
    administrations_max: int | None = None
    per_week: int | None = None
    weeks: int | None = None
    weeks_max: int | None = None
    interval_days: int | None = None
    extension: str | None = None
    extension_administrations: int | None = None
    extension_per_week: int | None = None  # the optional extension's pace (Temcell: once a week)


class Note(Cited, kw_only=True):
    text: str
    date: Annotated[str, IsoDate] | None = None


class Trial(Cited, kw_only=True):
    """A trial behind an approval: the pivotal one, and those that support, confirm or follow it."""

    name: str
    role: TrialRole
    registry: list[str] = []  # registry ids (NCT, EudraCT, jRCT, ChiCTR, CTRI); empty when none is confirmed
    jurisdiction: str | None = None  # the approval it supports, where it is one jurisdiction's
    phase: str | None = None
    design: str | None = None
    participants: int | None = None
    participants_note: str | None = None  # planned, enrolled, randomised or analysed
    endpoint: str | None = None
    result: str | None = None
    note: str | None = None


class Designation(Cited, kw_only=True):
    """Orphan designations, expedited programmes, exclusivities, approval conditions and post-marketing duties."""

    kind: DesignationKind
    jurisdiction: str | None = None
    text: str
    other_indication: bool = False  # granted for an indication that is not approved (Temcell: epidermolysis bullosa)
    number: str | None = None
    date: Annotated[str, IsoDate] | None = None


class Document(Cited, kw_only=True):
    kind: DocumentKind
    title: str
    url: str | None = None
    jurisdiction: str | None = None
    date: Annotated[str, IsoDate] | None = None
    note: str | None = None  # e.g. a mirror of the regulator's page, not the page itself


class Code(Cited, kw_only=True):
    scheme: CodeScheme
    code: str
    label: str | None = None
    note: str | None = None


class ProductEvent(Cited, kw_only=True):
    """A dated regulatory event after (or around) an approval: re-licensing, a filing, a council decision."""

    date: Annotated[str, IsoDate]
    precision: EventPrecision
    jurisdiction: str
    kind: EventKind
    text: str


class Dosing(Struct, kw_only=True):
    route: RouteFact
    amount: Amount
    schedule: Schedule
    concentration: Concentration | None = None
    presentation: Presentation | None = None
    re_administration: Note | None = None
    timing: Note | None = None


# A product id is a slug: it is typed on command lines and offered by TAB completion, which a space, a quote or
# a semicolon would turn into a shell's words or commands.
SLUG = "^[a-z0-9]+(?:-[a-z0-9]+)*$"
Slug = Annotated[str, msgspec.Meta(pattern=SLUG)]


class Product(Cited, kw_only=True):
    id: Slug
    name: str
    inn: str | None = None
    inn_mark: Mark | None = None
    inn_refs: list[str] = []
    inn_note: str | None = None
    names: list[Name] = []
    developer: Developer
    source: CellSource
    approvals: list[Approval]
    dosing: list[Dosing] = []
    evidence: list[Note] = []
    notes: list[Note] = []
    not_approved: list[Note] = []
    trials: list[Trial] = []
    designations: list[Designation] = []
    documents: list[Document] = []
    codes: list[Code] = []
    events: list[ProductEvent] = []


class Concept(Struct, kw_only=True):
    """An indication or term people search by, with its synonyms and Chinese forms (data/vocabulary.yaml)."""

    id: str
    en: str
    synonyms: list[str] = []
    zh: list[str] = []
    mesh: Code | None = None
    note: str | None = None

    @property
    def forms(self) -> list[str]:
        return [self.en, *self.synonyms, *self.zh]


class Passage(Cited, kw_only=True):
    """A short statement in both languages, with its mark and references (msc about, sources, mechanisms)."""

    id: str
    title: Text
    text: Text


class TissueSource(Passage, kw_only=True):
    tissue: Tissue | None = None  # the catalogue's value, when approved products use this source
    aliases: list[str] = []


class Mechanism(Passage, kw_only=True):
    factors: list[str] = []


class Family(Cited, kw_only=True):
    """Products made from the same cells or technology, across brands, companies and agencies."""

    id: str
    name: str
    relation: str  # how the members are related, in a few words
    members: list[str]  # product ids
    lineage: str  # the chain of names and owners, oldest first
    note: str | None = None


class NotApproved(Struct, kw_only=True):
    id: str
    name: str
    names: list[str] = []
    developer: str | None = None
    jurisdiction: str | None = None
    jurisdiction_note: str | None = None
    verdict: Verdict
    reason: str
    note: str | None = None
    mark: Mark
    refs: list[str]


class Jurisdiction(Struct, kw_only=True):
    code: str
    en: str
    aliases: list[str] = []
    zh: list[str] = []
    regulator: str | None = None
    member_of: str | None = None  # a member state's union (DE, ES: EU), whose own approvals are centralised
    note: str | None = None  # what is known of a jurisdiction with no approval in the catalogue
    refs: list[str] = []


class Reference(Struct, kw_only=True):
    id: str
    kind: str
    title: str
    doi: str | None = None
    urls: list[str] = []
    note: str | None = None


class Erratum(Struct, kw_only=True):
    id: str
    kind: ErratumKind
    corrects: Corrects = "source-review"
    subjects: list[str]
    says: str  # what the corrected source says
    correction: str
    refs: list[str]


class Citation(Struct, kw_only=True):
    cite: str
    doi: str | None = None
    doi_checked: bool | None = None


class HistoryEvent(Struct, kw_only=True):
    """A dated event of the history file; approvals and withdrawals come from the catalogue instead."""

    id: str
    date: Annotated[str, IsoDate]
    date_end: Annotated[str, IsoDate] | None = None
    precision: EventPrecision
    category: Category
    in_seed: bool
    en: str
    zh: str
    note: str | None = None
    people: list[str] = []
    references: list[Citation] = []
    mark: Mark
    errata: list[str] = []


class Meta(Struct, kw_only=True):
    as_of: Annotated[str, msgspec.Meta(pattern=r"^[0-9]{4}-(0[1-9]|1[0-2])$")]  # the catalogue's month, YYYY-MM
    title: str
    disclaimer: Text
    sources_note: str


class Criterion(Struct, kw_only=True):
    test: Test = "percent"
    markers: list[str] = []
    min: float | None = None
    max: float | None = None
    strict: bool = False
    informative: bool = False
    stimulated_informative: bool = False  # informative when the lot was stimulated (IFN-gamma)
    note: str | None = None


class Profile(Struct, kw_only=True):
    id: str
    title: str
    criteria: list[Criterion]
    verified: bool = True
    refs: list[str] = []
    note: str | None = None
    warning: str | None = None
