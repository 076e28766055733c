"""Which language a scan is written in, told from the words a first OCR pass read.

Tesseract reads best with the model of the page's language: read with English and German
models, a French or Spanish CV loses its accents ("Coordinación" -> "Coordinaciön", "Máster"
-> "Mäster") and some words. The first pass reads enough of the page to tell the language by
its short common words and CV vocabulary (months, headings, levels), which survive that pass
(their letters are plain ASCII or read near enough); the page is then read again with the
language's own model where one is installed.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter


def _words(text: str) -> frozenset[str]:
    """The space-separated words of text."""
    return frozenset(text.split())


# Words frequent in one language's CV text and rare in the others' (accents stripped, as the
# first pass may misread them). Words shared by two candidates ("de", "la", "en") are left out.
# English is not a candidate: CVs in other languages hold English too (job titles, skills,
# whole bullets), so English is read alongside whichever language leads.
MARKERS: dict[str, frozenset[str]] = {
    "fra": _words(
        "et les des du au aux pour avec une sur dans chez par ou est sont ete "
        "janvier fevrier avril juin juillet aout septembre octobre novembre decembre "
        "competences formation formations langues loisirs centres interets coordonnees "
        "courant langue maternelle notions bilingue ecole universite stage poste "
        "equipe clients developpement"
    ),
    "spa": _words(
        "y los las del para con una por sobre como desde hasta "
        "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre "
        "diciembre experiencia educacion formacion habilidades idiomas aptitudes perfil "
        "nativo materna avanzado intermedio basico universidad equipo clientes "
        "desarrollo actualidad presente"
    ),
    "deu": _words(
        "und der die das mit fur von bei im zur zum auf ein eine "
        "januar februar marz juni juli oktober dezember berufserfahrung ausbildung "
        "kenntnisse sprachen muttersprache fliessend grundkenntnisse heute"
    ),
}
# A language is named only when its markers are this many and this much ahead of the next.
MIN_MARKERS = 4
MIN_LEAD = 1.5
_WORD = re.compile(r"[^\W\d_]+")


def _plain(text: str) -> str:
    """Lower case without accents ("Compétences" -> "competences")."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def guess_language(texts: list[str]) -> str | None:
    """The tesseract code of the language besides English the words are written in ("fra",
    "spa", "deu"), or None when none is clearly ahead of the others."""
    counts: Counter[str] = Counter()
    for text in texts:
        for word in _WORD.findall(_plain(text)):
            for lang, markers in MARKERS.items():
                if word in markers:
                    counts[lang] += 1
    ranked = counts.most_common(2)
    if not ranked or ranked[0][1] < MIN_MARKERS:
        return None
    if len(ranked) > 1 and ranked[0][1] < MIN_LEAD * ranked[1][1]:
        return None
    return ranked[0][0]
