"""The language people read msc in: English, Simplified Chinese (zh) or Traditional Chinese (zh-Hant).

English text is the key. A key may be a template with named fields ("Status as of {as_of}"): a call site gives
the template and the fields' values, `tr("...", as_of=...)` or `N_("...", as_of=...)` for text translated later,
and the translation puts each field's value where the Chinese sentence needs it. A value that is itself a key (a
status, a noun) is translated too. The Simplified catalogue is written by hand (messages_zh.py); the Traditional
one is generated from it with OpenCC when the project is built (messages_zh_hant.py, checked by a test), so no
converter is imported when msc runs. English costs one comparison per label.

Only what people read is translated: tables, record layouts, notes and errors. Data formats (JSON, CSV, YAML,
Markdown) keep their English keys and codes, so a script gives the same result in every language.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import re
    from collections.abc import Mapping

LANGS = ("en", "zh", "zh-Hant")
ALIASES = {
    "english": "en",
    "zh-hans": "zh",
    "zh-cn": "zh",
    "zh-sg": "zh",
    "cn": "zh",
    "zh-hant": "zh-Hant",
    "zh-tw": "zh-Hant",
    "zh-hk": "zh-Hant",
    "zh-mo": "zh-Hant",
    "tw": "zh-Hant",
}
ENGLISH_MARK = "[EN] "  # before a record's English text where the data has no Chinese

_current = ["en"]
MISSING: set[str] = set()  # labels asked for in Chinese and not found: what the translation test looks at


def parse_lang(text: str) -> str | None:
    """'zh', 'ZH_cn', 'zh-TW' ... to one of LANGS; None when it names no language msc speaks."""
    folded = text.strip().replace("_", "-").casefold()
    for lang in LANGS:
        if folded == lang.casefold():
            return lang
    return ALIASES.get(folded)


def from_locale(environ: Mapping[str, str]) -> str:
    """The language of the user's locale: zh_CN (and zh_SG) Simplified, zh_TW, zh_HK and zh_MO Traditional,
    anything else English. LC_ALL wins over LC_MESSAGES, which wins over LANG, as in POSIX."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        if value:
            break
    else:
        return "en"
    folded = value.split(".")[0].split("@")[0].replace("_", "-").casefold()
    if not folded.startswith("zh"):
        return "en"
    return "zh-Hant" if folded[3:] in ("tw", "hk", "mo", "hant") or "hant" in folded else "zh"


def use_initial(args: list[str], environ: Mapping[str, str]) -> None:
    """The language before the options are parsed, so a usage error is already in it: --lang, MSC_LANG, the
    locale. --lang is checked again (with an error for a bad value) when the options are parsed."""
    chosen = environ.get("MSC_LANG") or from_locale(environ)
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(args):
            chosen = args[i + 1]
        elif arg.startswith("--lang="):
            chosen = arg.split("=", 1)[1]
    use(parse_lang(chosen) or "en")


def use(lang: str) -> None:
    _current[0] = lang


def current() -> str:
    return _current[0]


def chinese() -> bool:
    return _current[0] != "en"


def tr(text: str, /, **fields: object) -> str:
    """A label, message or error in the current language. Leading spaces (an indent) are kept. With fields, `text`
    is a template whose named fields ('wrote {count} to {path}') are filled in first, as str.format does."""
    if fields:
        text = text.format(**fields)
    if _current[0] == "en" or not text:
        return text
    body = text.lstrip()
    found = _translate(_current[0], body)
    if found is None:
        MISSING.add(body)
        return text
    return text[: len(text) - len(body)] + found


def tr_value(value: str) -> str:
    """A code shown to people (a status, a route, a verdict): translated when the catalogue knows it, else as it is."""
    if _current[0] == "en":
        return value
    return _catalogue(_current[0]).get(value, value)


def tr_soft(text: str) -> str:
    """Text that mixes a record's data with labels ('KR active (as of 2024-07)'): translated where a template
    fits, else shown as it is. Never counted as missing: most such text is data."""
    if _current[0] == "en" or not text:
        return text
    return _translate(_current[0], text, worded_only=True) or text


def _translate(lang: str, text: str, nested: bool = False, worded_only: bool = False) -> str | None:
    found = _catalogue(lang).get(text)
    if found is not None:
        return found
    for template in _templates(lang):
        if (nested or worded_only) and not template.worded:
            continue
        groups = template.match(text)
        if groups is not None:
            # a value that is itself a label is translated too: 'product' -> '产品', '2 cells (2×10^0)' -> ...
            values = [v if nested else (_translate(lang, v, nested=True) or v) for v in groups]
            return _fill(template.template, template.fields, values)
    return None


def _fill(template: str, fields: list[str], values: list[str]) -> str:
    import re  # here: English never fills a template

    return re.sub(_FIELD, lambda m: values[fields.index(m.group())], template)


_FIELD = r"\{[^{}]+\}"  # patterns as text: re compiles (and caches) them when Chinese is first shown


def _catalogue(lang: str) -> dict[str, str]:
    if lang not in _CATALOGUES:
        if lang == "zh":
            from msccli.text.messages_zh import MESSAGES
        else:
            from msccli.text.messages_zh_hant import MESSAGES
        _CATALOGUES[lang] = MESSAGES
    return _CATALOGUES[lang]


_CATALOGUES: dict[str, dict[str, str]] = {}  # by language, imported once: a table asks for every label


_NUMBER_FIELD = r"\{(count|decade|row|line|.*:,)\}"
_LETTER = r"[A-Za-z]"


class _Template:
    """A key with fields, as a pattern compiled when first needed: most templates are ruled out by their first and
    last fixed text alone."""

    def __init__(self, key: str, template: str) -> None:
        import re  # here: English never reads a template

        self.key, self.template = key, template
        self.fields = re.findall(_FIELD, key)
        self.literal = re.split(_FIELD, key)
        self.size = len("".join(self.literal))
        self.worded = len(re.findall(_LETTER, "".join(self.literal))) >= 4
        self._pattern: re.Pattern[str] | None = None

    def match(self, text: str) -> list[str] | None:
        if not (text.startswith(self.literal[0]) and text.endswith(self.literal[-1])):
            return None
        if self._pattern is None:
            import re

            groups = [r"([\d,]+)" if re.fullmatch(_NUMBER_FIELD, f) else "(.*?)" for f in self.fields]
            parts = zip(groups, self.literal[1:], strict=True)
            self._pattern = re.compile(re.escape(self.literal[0]) + "".join(g + re.escape(p) for g, p in parts), re.S)
        found = self._pattern.fullmatch(text)
        return list(found.groups()) if found is not None else None


def _templates(lang: str) -> list[_Template]:
    """Keys with fields: the longest fixed text first, so the most specific template wins. A count matches only
    digits. `worded` templates (four letters or more besides the fields) may also translate a value inside another
    message, or text that mixes data and labels; the others ('{a} in {b}') would match too much data."""
    if lang not in _TEMPLATES:
        found = [_Template(key, template) for key, template in _catalogue(lang).items() if "{" in key]
        _TEMPLATES[lang] = sorted((t for t in found if t.fields), key=lambda t: -t.size)
    return _TEMPLATES[lang]


_TEMPLATES: dict[str, list[_Template]] = {}  # by language, made once


def pick(en: str, zh: str | None) -> str:
    """A record's text in the current language: its Chinese where the data has it (in the reader's script), else
    its English marked as such."""
    if _current[0] == "en":
        return en
    if zh:
        return script(zh)
    return ENGLISH_MARK + en


def script(text: str) -> str:
    """Chinese data text (written in Traditional, as the source review) in the reader's script."""
    if _current[0] == "zh":
        from msccli.text.zh import fold

        return fold(text)
    return text


def N_(text: str, /, **fields: object) -> str:
    """Marks text that is translated later, where it is shown (an error's message, a warning kept in a record).
    With fields, `text` is a template whose named fields are filled in, as str.format does; the template, never an
    expression of the code, is the translation's key."""
    return text.format(**fields) if fields else text
