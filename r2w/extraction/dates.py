"""Finding dates and date ranges in CV lines, kept exactly as written."""

from __future__ import annotations

import re
from dataclasses import dataclass

_MONTHS = (
    # English
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|"
    # German, Dutch
    "januar|februar|märz|maerz|juni|juli|oktober|dezember|mär|mrz|okt|dez|"
    "januari|februari|maart|mei|augustus|mrt|"
    # French
    "janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|"
    "novembre|décembre|decembre|janv|févr|fevr|avr|juil|déc|"
    # Spanish, Portuguese, Italian
    "enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|"
    "noviembre|diciembre|ene|abr|ago|dic|janeiro|fevereiro|março|maio|junho|julho|setembro|"
    "outubro|novembro|dezembro|fev|set|out|gennaio|febbraio|aprile|maggio|giugno|luglio|"
    "settembre|ottobre|dicembre|gen|mag|giu|lug|ott|"
    # Arabic (Gregorian month names as used in CVs)
    "يناير|فبراير|مارس|أبريل|ابريل|مايو|يونيو|يوليو|أغسطس|اغسطس|سبتمبر|أكتوبر|اكتوبر|"
    "نوفمبر|ديسمبر"
)
_YEAR = r"(?:19[5-9]\d|20[0-4]\d)"
MONTH_WORD = rf"(?:{_MONTHS})\.?"  # a month's name or its abbreviation
_DATE = (
    rf"(?:{MONTH_WORD}\s+(?:\d{{1,2}},?\s+)?'?{_YEAR}"  # Sep 2024, September 3, 2024
    rf"|\d{{1,2}}\.?\s+{MONTH_WORD}\s+{_YEAR}"  # 3 Sep 2024, 3. März 2024
    rf"|(?:0?[1-9]|1[0-2])\s?[/.]\s?{_YEAR}"  # 03/2021, 3.2021
    rf"|{_YEAR}[-/.](?:0[1-9]|1[0-2])"  # 2021-03
    rf"|\d{{1,2}}[/.]\d{{1,2}}[/.]{_YEAR}"  # 01/03/2021
    rf"|{_YEAR}年(?:\d{{1,2}}月)?"  # 2021年3月
    rf"|{_YEAR})"
)
PRESENT = (
    r"present|current|currently|now|today|ongoing|to date|till date|"
    r"heute|aktuell|derzeit|jetzt|bis heute|laufend|"
    r"présent|aujourd'hui|aujourd’hui|actuel|actuellement|en cours|"
    r"presente|actualidad|actual|hoy|la fecha|atual|atualmente|o momento|oggi|attuale|in corso|"
    r"heden|nu|huidig|"
    r"حتى الآن|حتى الحاضر|الآن|الحاضر|حاليا|حاليًا|היום|הווה|至今|现在|今"
)
_SEP = r"\s*(?:[-–—−~→]|·|•|\||\b(?:to|until|bis|à|au|al|hasta|até|a|tot)\b)\s*"
_SINCE = r"(?:since|seit|depuis|desde|dal|sinds|منذ|מאז)"
_FLAGS = re.IGNORECASE
RANGE_RE = re.compile(rf"(?<![\w/.])({_DATE}){_SEP}({_DATE}|{PRESENT})(?![\w/])", _FLAGS)
SINCE_RE = re.compile(rf"(?<!\w){_SINCE}\s+({_DATE})(?![\w/])", _FLAGS)
DATE_RE = re.compile(rf"(?<![\w/.]){_DATE}(?![\w/])", _FLAGS)
_PRESENT_RE = re.compile(rf"^(?:{PRESENT})$", _FLAGS)


@dataclass(frozen=True)
class DateSpan:
    """A date or range found in a line: the matched text and its verbatim parts."""

    start: int
    end: int
    start_date: str | None
    end_date: str | None
    is_current: bool | None

    def as_range(self) -> dict[str, object]:
        """The DateRange dict of the CV document."""
        return {
            "startDate": self.start_date,
            "endDate": self.end_date,
            "isCurrent": self.is_current,
        }


def find_dates(line: str) -> DateSpan | None:
    """The first date range in a line, else "since <date>", else the first single date."""
    match = RANGE_RE.search(line)
    if match:
        current = bool(_PRESENT_RE.match(match.group(2)))
        return DateSpan(match.start(), match.end(), match.group(1), match.group(2), current)
    match = SINCE_RE.search(line)
    if match:
        # "Since 2021" is kept whole as the start: the word is the CV's own wording.
        return DateSpan(match.start(), match.end(), match.group(0), None, True)
    match = DATE_RE.search(line)
    if match:
        return DateSpan(match.start(), match.end(), match.group(0), None, None)
    return None
