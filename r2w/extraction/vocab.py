"""Word lists that tell a job title from a company, a degree from a school, a language and
its level, and a place from anything else (several languages; matched on folded words)."""

from __future__ import annotations

import re


def word_set(text: str) -> frozenset[str]:
    """The set of space-separated words of text (for word lists written as prose)."""
    return frozenset(text.split())


# German job titles are compounds whose last part names the role ("Softwareentwicklerin",
# "Vertriebsleiter", "Pflegefachkraft"): a longer word ending in one of these role words, or
# in its feminine form (+"in"), is a title word too, whatever names the field in front.
_GERMAN_ROLE_ENDING = re.compile(
    r"^[a-zäöüß-]{3,}(?:entwickler|leiter|mitarbeiter|berater|ingenieur|manager|assistent|"
    r"referent|techniker|analyst|designer|pfleger|planer|prüfer|verkäufer|koordinator|"
    r"spezialist|architekt|sachbearbeiter|fachkraft|kaufmann|kauffrau)(?:in)?$"
)


class _TitleWords(frozenset):
    """Job-title words; a German compound that ends in a role word is one too."""

    def __contains__(self, word: object) -> bool:
        if frozenset.__contains__(self, word):
            return True
        return isinstance(word, str) and bool(_GERMAN_ROLE_ENDING.match(word))

    # A union with other words keeps the compound rule (frozenset's would drop it).
    def __or__(self, other: frozenset) -> _TitleWords:
        return _TitleWords(frozenset.__or__(self, other))

    __ror__ = __or__


TITLE_WORDS = _TitleWords(
    word_set(
        "assistant associate engineer manager consultant developer designer nurse coordinator "
        "instructor director analyst specialist officer representative executive administrator "
        "architect scientist researcher teacher tutor lecturer professor intern trainee "
        "apprentice head lead leader vp vice president ceo cto cfo coo founder co-founder owner "
        "partner supervisor technician accountant auditor advisor adviser agent clerk editor "
        "writer photographer artist chef cook driver operator programmer strategist marketer "
        "recruiter therapist physician doctor surgeon pharmacist dentist lawyer attorney "
        "paralegal counsel secretary receptionist cashier salesperson sales worker volunteer "
        "member fellow student expert principal chief economist planner buyer handler laborer "
        "labourer mechanic electrician carpenter nanny caregiver dietitian nutritionist "
        "paramedic midwife ingenieur ingenieurin entwickler entwicklerin berater beraterin "
        "leiter leiterin mitarbeiter mitarbeiterin referent referentin sachbearbeiter "
        "sachbearbeiterin geschäftsführer geschäftsführerin praktikant praktikantin werkstudent "
        "werkstudentin ingénieur ingénieure développeur développeuse chef responsable directeur "
        "directrice chargé chargée stagiaire conseiller conseillère ingeniero ingeniera "
        "desarrollador desarrolladora gerente jefe jefa director directora asesor asesora "
        "analista becario becaria engenheiro engenheira desenvolvedor gestor gestora estagiário "
        "estagiária ingegnere sviluppatore sviluppatrice responsabile tirocinante medewerker "
        "adviseur ontwikkelaar beheerder stagiair مهندس مهندسة مدير مديرة مطور مطورة محاسب "
        "محاسبة مستشار مستشارة أخصائي أخصائية معلم معلمة מהנדס מהנדסת מנהל מנהלת מפתח מפתחת "
        "יועץ יועצת"
    )
)
INSTITUTION_WORDS = word_set(
    "university college school institute institution academy polytechnic conservatory "
    "seminary gymnasium lycée lycee universität universitat hochschule fachhochschule "
    "université universite école ecole universidad universidade università universita "
    "istituto politecnico universiteit hogeschool school scuola liceo colegio instituto "
    "جامعة كلية معهد אוניברסיטת אוניברסיטה מכללת מכללה 大学 学院"
)
DEGREE_WORDS = word_set(
    "bachelor bachelor's bachelors master master's masters mba bsc ba bs msc ma ms phd "
    "ph.d. doctorate doctor diploma degree associate associates associate's certificate "
    "b.s. b.a. m.s. m.a. b.f.a. m.f.a. b.sc. m.sc. b.eng. m.eng. beng meng bba llb llm jd "
    "md bsn msn gcse a-levels abitur licence license licenciatura laurea magistrale "
    "triennale diplom staatsexamen ausbildung fachabitur mastère maîtrise doctorat bac "
    "baccalauréat grado máster doctorado mestrado doutorado bacharelado dottorato "
    "propedeuse بكالوريوس ماجستير دكتوراه دبلوم תואר 学士 硕士 博士"
)
LEVEL_WORDS = word_set(
    "native fluent proficient advanced intermediate beginner basic elementary "
    "conversational expert good excellent experienced skillful skilled novice competent "
    "working mother a1 a2 b1 b2 c1 c2 bilingual speaker command proficiency level very "
    "knowledge limited full professional business muttersprache muttersprachlich fließend "
    "verhandlungssicher gut grundkenntnisse langue maternelle courant bilingue notions "
    "nativo nativa fluido básico avanzado intermedio materna fluente madrelingua moedertaal "
    "vloeiend اللغة الأم ممتاز جيد متوسط מצוין שפת אם 母语 流利"
)
# Levels said of languages only: a list carrying them is a language list whatever its names.
LANGUAGE_ONLY_LEVELS = word_set(
    "native fluent bilingual mother speaker conversational a1 a2 b1 b2 c1 c2 muttersprache "
    "muttersprachlich fließend verhandlungssicher langue maternelle courant bilingue nativo "
    "nativa fluido materna fluente madrelingua moedertaal vloeiend اللغة الأم שפת אם 母语 流利"
)
LANGUAGE_NAMES = word_set(
    "english german french spanish portuguese italian dutch arabic hebrew chinese mandarin "
    "cantonese japanese korean russian polish turkish greek swedish norwegian danish "
    "finnish czech slovak hungarian romanian bulgarian ukrainian serbian croatian hindi "
    "urdu bengali punjabi tamil telugu persian farsi swahili indonesian malay vietnamese "
    "thai tagalog filipino catalan basque galician irish welsh latin afrikaans amharic "
    "englisch deutsch französisch spanisch portugiesisch italienisch niederländisch "
    "arabisch russisch türkisch polnisch chinesisch japanisch anglais allemand français "
    "espagnol portugais italien néerlandais arabe russe chinois inglés alemán francés "
    "español portugués italiano holandés árabe ruso chino inglês alemão francês espanhol "
    "português holandês inglese tedesco francese spagnolo portoghese olandese engels duits "
    "frans spaans portugees italiaans nederlands العربية الإنجليزية الانجليزية الفرنسية "
    "الألمانية الإسبانية עברית אנגלית ערבית צרפתית 英语 中文 汉语 日语 法语 德语"
)
COUNTRIES = word_set(
    "uk usa us u.s. u.s.a. uae england scotland wales ireland germany deutschland france "
    "spain españa italy italia portugal netherlands nederland belgium belgique switzerland "
    "schweiz suisse austria österreich sweden norway denmark finland poland canada mexico "
    "méxico brazil brasil argentina chile colombia peru india china japan singapore "
    "australia egypt morocco israel jordan lebanon qatar kuwait turkey greece الإمارات مصر "
    "السعودية الأردن לבנון ישראל"
)
MULTIWORD_COUNTRIES = (
    "united states",
    "united kingdom",
    "new zealand",
    "south africa",
    "saudi arabia",
    "united arab emirates",
)
US_STATE = re.compile(r"^[A-Z]{2}(?:\s+\d{5}(?:-\d{4})?)?$")


def words_of(text: str) -> list[str]:
    """Lower-cased words of text (letters, digits, apostrophes, dots and hyphens kept)."""
    return re.findall(r"[\w.'’-]+", text.casefold())


def has_word(text: str, vocabulary: frozenset[str]) -> bool:
    """Whether any word of text (stripped of edge punctuation), or a part of a hyphenated
    one ("Diplom-Ingenieur"), is in the vocabulary."""
    for word in words_of(text):
        bare = word.strip(".,'’-")
        if word in vocabulary or bare in vocabulary:
            return True
        if "-" in bare and any(part in vocabulary for part in bare.split("-")):
            return True
    return False


def is_country(text: str) -> bool:
    """Whether text names a country (or a common abbreviation of one)."""
    folded = " ".join(words_of(text))
    return folded in COUNTRIES or folded in MULTIWORD_COUNTRIES
