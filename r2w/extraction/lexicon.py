"""Words that CVs use, in several languages: section headings, labels and structure words.

English, German, French, Spanish, Portuguese, Italian and Dutch throughout, with Arabic,
Hebrew and Chinese headings. Matching is done on folded text (see normalize.fold), so case
and letter-spacing do not matter; accents do, and both accented and plain spellings appear.
Phrases are written as "a | b | c" lists to keep the tables readable.
"""

from __future__ import annotations


def _phrases(text: str) -> tuple[str, ...]:
    """Split a "a | b | c" list of phrases."""
    return tuple(p.strip() for p in text.split("|") if p.strip())


def _words(text: str) -> frozenset[str]:
    """The set of space-separated words of text."""
    return frozenset(text.split())


# Section key -> heading phrases. Keys beyond the document's sections: "contact" (details
# blocks), "memberships" (stored as achievements) and "references" (left unclassified).
HEADINGS: dict[str, tuple[str, ...]] = {
    "summary": _phrases(
        "summary | profile | professional summary | personal profile | about | about me | "
        "objective | career objective | professional profile | executive summary | overview | "
        "introduction | summary of qualifications | career summary | personal statement | profil "
        "| kurzprofil | über mich | ueber mich | zusammenfassung | persönliches profil | résumé | "
        "à propos | à propos de moi | objectif | profil professionnel | perfil | resumen | sobre "
        "mí | sobre mi | objetivo | perfil profesional | resumo | sobre mim | perfil profissional "
        "| profilo | sommario | chi sono | obiettivo | profilo professionale | profiel | "
        "samenvatting | over mij | doelstelling | نبذة | نبذة عني | الملخص | ملخص | الملف الشخصي "
        "| الهدف الوظيفي | תקציר | פרופיל | אודות | על עצמי | 个人简介 | 自我评价 | 个人总结 | 简介"
    ),
    "experience": _phrases(
        "experience | work experience | professional experience | employment | employment history "
        "| work history | career history | professional background | relevant experience | "
        "clinical experience | internships | internship | career | berufserfahrung | berufliche "
        "erfahrung | beruflicher werdegang | werdegang | berufspraxis | praktika | erfahrung | "
        "expérience | expériences | expérience professionnelle | expériences professionnelles | "
        "parcours professionnel | stages | experiencia | experiencia laboral | experiencia "
        "profesional | trayectoria profesional | prácticas | experiência | experiência "
        "profissional | experiências profissionais | histórico profissional | esperienza | "
        "esperienze | esperienza lavorativa | esperienze lavorative | esperienza professionale | "
        "esperienze professionali | werkervaring | ervaring | loopbaan | الخبرة | الخبرات | "
        "الخبرة المهنية | الخبرات المهنية | الخبرة العملية | الخبرات العملية | الخبرة الوظيفية | "
        "ניסיון | ניסיון תעסוקתי | ניסיון מקצועי | ניסיון בעבודה | "
        "工作经历 | 工作经验 | 实习经历 | 职业经历"
    ),
    "education": _phrases(
        "education | academic background | education and training | academic | studies | "
        "schooling | academic qualifications | educational background | ausbildung | bildung | "
        "bildungsweg | studium | schulbildung | akademischer werdegang | formation | éducation | "
        "études | parcours académique | diplômes | educación | formación | formación académica | "
        "estudios | educação | formação | formação acadêmica | formação académica | escolaridade "
        "| istruzione | formazione | titoli di studio | opleiding | opleidingen | onderwijs | "
        "التعليم | المؤهلات العلمية | المؤهلات الأكاديمية | التحصيل العلمي | הַשְׂכָּלָה | השכלה "
        "| 教育背景 | 教育经历 | 学历"
    ),
    "skills": _phrases(
        "skills | key skills | core skills | technical skills | competencies | core competencies "
        "| expertise | areas of expertise | abilities | strengths | technologies | tech stack | "
        "skills summary | skill set | skillset | kenntnisse | fähigkeiten | fachkenntnisse | "
        "edv-kenntnisse | it-kenntnisse | kompetenzen | qualifikationen | compétences | "
        "compétences techniques | savoir-faire | aptitudes | habilidades | competencias | "
        "conocimientos | destrezas | competências | conhecimentos | competenze | capacità | "
        "abilità | conoscenze | vaardigheden | competenties | kennis | المهارات | المهارات "
        "التقنية | الكفاءات | כישורים | מיומנויות | 技能 | 专业技能 | 技能特长"
    ),
    "languages": _phrases(
        "languages | language skills | language proficiency | sprachen | sprachkenntnisse | "
        "fremdsprachen | langues | compétences linguistiques | idiomas | lenguas | línguas | "
        "lingue | conoscenze linguistiche | lingue straniere | talen | talenkennis | اللغات | "
        "שפות | 语言 | 语言能力"
    ),
    "projects": _phrases(
        "projects | key projects | selected projects | personal projects | portfolio | projekte | "
        "projets | proyectos | projetos | progetti | projecten | المشاريع | פרויקטים | 项目经验 | "
        "项目经历"
    ),
    "certifications": _phrases(
        "certifications | certificates | licenses | licences | licenses and certifications | "
        "licenses & certifications | license & certifications | accreditations | licenses and "
        "certificates | zertifikate | zertifizierungen | lizenzen | certificats | certificaciones "
        "| certificados | licencias | certificações | certificazioni | certificati | certificaten "
        "| certificeringen | الشهادات | תעודות | הסמכות | 证书 | 资格证书"
    ),
    "achievements": _phrases(
        "achievements | accomplishments | awards | honors | honours | awards and honors | awards "
        "& honors | awards & honours | distinctions | key achievements | patents | erfolge | "
        "auszeichnungen | preise | réalisations | prix | récompenses | logros | premios | "
        "reconocimientos | conquistas | prêmios | prémios | realizações | risultati | premi | "
        "riconoscimenti | prestaties | prijzen | onderscheidingen | الإنجازات | الجوائز | הישגים "
        "| פרסים | 获奖 | 荣誉 | 获奖经历"
    ),
    "memberships": _phrases(
        "memberships | affiliations | professional affiliations | professional memberships | "
        "mitgliedschaften | adhésions | membresías | afiliaciones | associazioni | "
        "lidmaatschappen | العضويات"
    ),
    "publications": _phrases(
        "publications | papers | publikationen | veröffentlichungen | publicaciones | publicações "
        "| pubblicazioni | publicaties | المنشورات | פרסומים | 论文 | 发表论文"
    ),
    "volunteer": _phrases(
        "volunteer | volunteering | volunteer experience | volunteer work | community service | "
        "community involvement | ehrenamt | ehrenamtliches engagement | freiwilligenarbeit | "
        "engagement | bénévolat | engagement associatif | voluntariado | volontariato | "
        "vrijwilligerswerk | التطوع | العمل التطوعي | התנדבות | 志愿者经历 | 志愿服务"
    ),
    "courses": _phrases(
        "courses | training | trainings | professional development | continuing education | "
        "workshops | relevant courses | kurse | weiterbildung | fortbildung | fortbildungen | "
        "schulungen | cours | formations | formation continue | formations continues | cursos | "
        "corsi | cursussen | trainingen | الدورات | الدورات التدريبية | קורסים | 培训经历"
    ),
    "hobbies": _phrases(
        "hobbies | interests | hobbies and interests | hobbies & interests | personal interests | "
        "activities | leisure | hobbys | interessen | freizeit | centres d'intérêt | centres "
        "d’intérêt | loisirs | intérêts | aficiones | intereses | pasatiempos | interesses | "
        "passatempos | interessi | hobby | tempo libero | hobby's | الهوايات | الاهتمامات | "
        "תחביבים | 兴趣爱好"
    ),
    "speaking": _phrases(
        "speaking | talks | presentations | conferences | speaking engagements | vorträge | "
        "conférences | interventions | conferencias | ponencias | palestras | interventi | "
        "lezingen"
    ),
    "contact": _phrases(
        "contact | contacts | details | personal details | personal information | contact "
        "information | contact details | personal data | links | social | kontakt | persönliche "
        "daten | persönliche angaben | kontaktdaten | coordonnées | informations personnelles | "
        "datos personales | contacto | dados pessoais | contato | dati personali | contatti | "
        "persoonlijke gegevens | contactgegevens | معلومات الاتصال | البيانات الشخصية | פרטים "
        "אישיים | 联系方式 | 个人信息"
    ),
    "references": _phrases(
        "references | referees | referenzen | références | referencias | referências | referenze "
        "| referenties | المراجع | ממליצים"
    ),
}

# Words that qualify a heading without changing its section ("Clinical Experience").
HEADING_MODIFIERS = _words(
    "& + / academic additional altre and andere autres berufliche business career clinical "
    "computer core digital e employment en et hard industry international interpersonal it key "
    "laboral language lavorativa leadership major management my notable oder of or other "
    "otras otros ou outras personal persönliche praktische profesional profesionales professional "
    "professionale professionali professionnel professionnelle professionnelles profissionais "
    "profissional recent related relevant relevante research selected soft sonstige teaching "
    "technical transferable und weitere work y"
)
# Headings whose only noun is weak are re-attributed to a stronger word beside them
# ("Volunteer Experience" is volunteering, not a job).
WEAK_HEADING_WORDS = frozenset({"experience", "history", "background", "engagement"})

# Labels of contact facts (folded) -> contact field.
_LABELS_BY_FIELD: dict[str, tuple[str, ...]] = {
    "email": _phrases(
        "email | e-mail | mail | courriel | correo | correo electrónico | البريد الإلكتروني | "
        "אימייל | 邮箱"
    ),
    "phone": _phrases(
        "phone | phone number | mobile | tel | tel. | telephone | cell | telefon | handy | "
        "téléphone | portable | teléfono | móvil | celular | telefone | telefono | cellulare | "
        "telefoon | الهاتف | الجوال | טלפון | 电话 | 手机"
    ),
    "address": _phrases(
        "address | location | adresse | anschrift | wohnort | dirección | endereço | indirizzo | "
        "adres | woonplaats | العنوان | כתובת | 地址"
    ),
    "placeOfBirth": _phrases(
        "place of birth | geburtsort | lieu de naissance | lugar de nacimiento | local de "
        "nascimento | luogo di nascita | geboorteplaats | مكان الميلاد"
    ),
    "dateOfBirth": _phrases(
        "date of birth | birth date | born | geburtsdatum | geboren | date de naissance | née le "
        "| né le | fecha de nacimiento | data de nascimento | data di nascita | geboortedatum | "
        "تاريخ الميلاد | 出生日期"
    ),
    "drivingLicense": _phrases(
        "driving license | driving licence | driver's license | drivers license | führerschein | "
        "permis de conduire | permis | carnet de conducir | carné de conducir | permiso de "
        "conducir | licencia de conducir | carta de condução | carteira de "
        "motorista | patente | rijbewijs | رخصة القيادة"
    ),
    "nationality": _phrases(
        "nationality | citizenship | staatsangehörigkeit | nationalität | nationalité | "
        "nacionalidad | nacionalidade | nazionalità | nationaliteit | الجنسية | 国籍"
    ),
    "maritalStatus": _phrases(
        "marital status | familienstand | situation familiale | estado civil | stato civile | "
        "burgerlijke staat | الحالة الاجتماعية"
    ),
    "visaStatus": _phrases(
        "visa status | work permit | arbeitserlaubnis | permis de travail | visa"
    ),
    "availability": _phrases(
        "availability | available | verfügbarkeit | disponibilité | disponibilidad | "
        "disponibilidade | disponibilità | beschikbaarheid"
    ),
    "link": _phrases(
        "linkedin | github | website | web | portfolio | homepage | blog | twitter | site | sitio "
        "web | webseite"
    ),
}
CONTACT_LABELS: dict[str, str] = {
    label: field for field, labels in _LABELS_BY_FIELD.items() for label in labels
}

# Words read as structure rather than content: labels of dates and fields and the "at" of
# "Engineer at Acme". Extraction may drop them; everything else in a CV must be kept.
STRUCTURAL_WORDS = _words(
    "at bei chez en graduated graduation expected completed valid until through expires "
    "expiry expiration issued since seit depuis desde gpa cgpa grade note pin id credential "
    "no nr license licence technologies technology tech stack tools environment relevant "
    "coursework courses modules minor minors subjects honors honours awards"
) | frozenset(word for label in CONTACT_LABELS for word in label.split())
