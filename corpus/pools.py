"""Word pools the generator draws CV content from, split into seen and held-out halves.

Train and dev samples draw only from the "seen" half; the test split's unseen samples draw only
from the "held" half (names, companies, schools, cities, job titles and section-heading
wordings none of train/dev contains), so a rule that memorised a pool cannot score on them.
"""

from __future__ import annotations


def _w(text: str) -> list[str]:
    """Split a pool written one entry per line (or '|'-separated) into a list."""
    return [part.strip() for part in text.replace("\n", "|").split("|") if part.strip()]


POOLS: dict[str, dict[str, list[str]]] = {
    "first": {
        "seen": _w(
            "Julia|Marcus|Priya|Tomás|Hannah|Oliver|Amara|Lukas|Sofia|Daniel|Mei|Jonas|Chloé|"
            "Rafael|Ingrid|Samuel|Aisha|Felix|Nora|Kenji|Elena|Victor|Leila|Paul|Grace"
        ),
        "held": _w(
            "Beatriz|Oskar|Yara|Henrik|Zanele|Matteo|Anouk|Tariq|Linnea|Dmitri|Camille|Ravi|"
            "Ottilie|Joaquín|Freya|Ibrahim|Maren|Cosmin"
        ),
    },
    "last": {
        "seen": _w(
            "Becker|Okafor|Nguyen|Schmidt|Fernández|Walsh|Kowalski|Moreau|Tanaka|Haddad|Jensen|"
            "O'Brien|Rossi|Patel|Lindqvist|Dubois|García|Weber|Mensah|Carter|Novak|Ahmed"
        ),
        "held": _w(
            "Vasquez-Ortega|Holmgren|Adeyemi|Kaczmarek|Delacroix|Brennan|Iwasaki|Szabo|Ferreira|"
            "Van der Berg|Mahlangu|Castellano|Eriksen"
        ),
    },
    "company": {
        "seen": _w(
            "Northwind Analytics|Bluepeak Software|Helios Energy GmbH|Cedar & Finch LLP|"
            "Quantum Harbor Inc.|Greenline Logistics|Atlas Medical Group|Brightwave Media|"
            "Ironbridge Capital|Lumen Health, Inc.|Silverleaf Retail|Orbit Systems AG|"
            "Meridian Foods|Kestrel Robotics|Pinecrest Hotels|Vantage Insurance"
        ),
        "held": _w(
            "Tidewater Biologics|Obsidian Freight Co.|Marigold Education Trust|Copperfield Labs|"
            "Sable & Rowe Architects|Nimbus Aerospace, Ltd.|Fjordline Shipping AS|"
            "Halcyon Games Studio|Redstone Mining Corp.|Verdant Agritech"
        ),
    },
    "school": {
        "seen": _w(
            "University of California, San Diego|Technical University of Munich|"
            "University of Manchester|Sorbonne Université|Universidad de Barcelona|"
            "McGill University|University of Texas at Austin|ETH Zürich|University of Toronto|"
            "King's College London|Politecnico di Milano"
        ),
        "held": _w(
            "University of Wisconsin, Madison|Karolinska Institutet|Universidade de São Paulo|"
            "Trinity College Dublin|University of Cape Town|KU Leuven|"
            "National University of Singapore|Université de Montréal"
        ),
    },
    "city": {
        "seen": _w(
            "Berlin, Germany|Austin, TX|Manchester, UK|Lyon, France|Madrid, Spain|Toronto, ON|"
            "San Diego, CA|Munich|Zürich, Switzerland|Chicago, IL|Dubai, UAE|Amsterdam"
        ),
        "held": _w(
            "Gothenburg, Sweden|Porto, Portugal|Cape Town, South Africa|Leuven, Belgium|"
            "Halifax, NS|Tucson, AZ|Kraków, Poland|Auckland"
        ),
    },
    "job": {
        "seen": _w(
            "Senior Software Engineer|Data Analyst|Marketing Manager|Registered Nurse|"
            "Product Designer|Financial Controller|Backend Developer|Project Manager|"
            "Sales Representative|Research Assistant|Operations Lead|HR Business Partner"
        ),
        "held": _w(
            "Site Reliability Engineer|Clinical Pharmacist|Supply Chain Planner|"
            "Head of Customer Success|Structural Engineer|Localization Specialist|"
            "Machine Learning Researcher"
        ),
    },
    "project": {
        "seen": _w(
            "Open Budget Dashboard|Route Planner for Couriers|Clinic Booking App|"
            "Solar Yield Forecaster|Recipe Recommender|Volunteer Scheduling Tool"
        ),
        "held": _w("Tide Gauge Monitor|Museum Audio Guide|Warehouse Digital Twin|Braille Tutor"),
    },
    # Courses as "title — provider".
    "course": {
        "seen": _w(
            "Machine Learning — Coursera|Advanced Excel for Finance — LinkedIn Learning|"
            "Project Management Fundamentals — Project Management Institute|"
            "Data Visualisation with Tableau — Udemy|"
            "Leadership Essentials — Harvard Business School Online|"
            "First Aid at Work — St John Ambulance|Negotiation Skills — Goethe-Institut|"
            "Introduction to Python — edX|Agile Foundations — Scrum.org|"
            "Financial Modelling Bootcamp — Wall Street Prep|"
            "UX Design Fundamentals — Interaction Design Foundation"
        ),
        "held": _w(
            "Deep Learning Specialization — DeepLearning.AI|"
            "Cloud Practitioner Essentials — AWS Training|"
            "Conflict Resolution Workshop — British Red Cross|"
            "Digital Marketing — Google Digital Garage|SQL for Data Analysis — Udacity|"
            "Food Hygiene Level 2 — City & Guilds|Design Thinking — IDEO U|"
            "Statistics with R — DataCamp|Spanish for Business — Instituto Cervantes"
        ),
    },
    "hobby": {
        "seen": _w("Climbing|Chess|Photography|Trail running|Cooking|Piano|Cycling|Gardening"),
        "held": _w("Birdwatching|Pottery|Sailing|Astronomy|Calligraphy"),
    },
}

# Section heading wordings per CV language: seen ones for train/dev, held ones for test only.
HEADINGS: dict[str, dict[str, dict[str, list[str]]]] = {
    "en": {
        "summary": {"seen": _w("Profile|Summary|About Me"), "held": _w("Professional Snapshot")},
        "experience": {
            "seen": _w("Experience|Work Experience|Employment History"),
            "held": _w("Career History"),
        },
        "education": {"seen": _w("Education|Academic Background"), "held": _w("Studies")},
        "skills": {"seen": _w("Skills|Core Skills"), "held": _w("Toolbox")},
        "languages": {"seen": _w("Languages"), "held": _w("Spoken Languages")},
        "projects": {"seen": _w("Projects|Selected Projects"), "held": _w("Things I Built")},
        "certifications": {
            "seen": _w("Certifications|Licenses & Certifications"),
            "held": _w("Credentials"),
        },
        "volunteer": {"seen": _w("Volunteering|Volunteer Experience"), "held": _w("Community")},
        "publications": {"seen": _w("Publications"), "held": _w("Papers & Articles")},
        "courses": {"seen": _w("Courses|Training"), "held": _w("Further Learning")},
        "achievements": {"seen": _w("Awards|Achievements"), "held": _w("Honours")},
        "hobbies": {"seen": _w("Hobbies|Interests"), "held": _w("Outside Work")},
        "contact": {"seen": _w("Contact|Details"), "held": _w("Get in Touch")},
    },
    "de": {
        "summary": {"seen": _w("Profil|Über mich"), "held": _w("Kurzprofil")},
        "experience": {"seen": _w("Berufserfahrung"), "held": _w("Beruflicher Werdegang")},
        "education": {"seen": _w("Ausbildung"), "held": _w("Bildungsweg")},
        "skills": {"seen": _w("Kenntnisse|Fähigkeiten"), "held": _w("Kompetenzen")},
        "languages": {"seen": _w("Sprachen"), "held": _w("Sprachkenntnisse")},
        "projects": {"seen": _w("Projekte"), "held": _w("Ausgewählte Projekte")},
        "certifications": {"seen": _w("Zertifikate"), "held": _w("Zertifizierungen")},
        "volunteer": {"seen": _w("Ehrenamt"), "held": _w("Soziales Engagement")},
        "publications": {"seen": _w("Publikationen"), "held": _w("Veröffentlichungen")},
        "courses": {"seen": _w("Weiterbildung"), "held": _w("Lehrgänge")},
        "achievements": {"seen": _w("Auszeichnungen"), "held": _w("Preise")},
        "hobbies": {"seen": _w("Hobbys|Interessen"), "held": _w("Freizeit")},
        "contact": {"seen": _w("Kontakt"), "held": _w("Kontaktdaten")},
    },
    "fr": {
        "summary": {"seen": _w("Profil"), "held": _w("À propos")},
        "experience": {
            "seen": _w("Expérience professionnelle"),
            "held": _w("Parcours professionnel"),
        },
        "education": {"seen": _w("Formation"), "held": _w("Études")},
        "skills": {"seen": _w("Compétences"), "held": _w("Savoir-faire")},
        "languages": {"seen": _w("Langues"), "held": _w("Langues parlées")},
        "projects": {"seen": _w("Projets"), "held": _w("Réalisations")},
        "certifications": {"seen": _w("Certifications"), "held": _w("Diplômes et certificats")},
        "volunteer": {"seen": _w("Bénévolat"), "held": _w("Engagement associatif")},
        "publications": {"seen": _w("Publications"), "held": _w("Articles")},
        "courses": {"seen": _w("Formations continues"), "held": _w("Apprentissage continu")},
        "achievements": {"seen": _w("Distinctions"), "held": _w("Prix")},
        "hobbies": {"seen": _w("Centres d'intérêt"), "held": _w("Loisirs")},
        "contact": {"seen": _w("Contact"), "held": _w("Coordonnées")},
    },
    "es": {
        "summary": {"seen": _w("Perfil"), "held": _w("Sobre mí")},
        "experience": {"seen": _w("Experiencia laboral"), "held": _w("Trayectoria profesional")},
        "education": {"seen": _w("Educación"), "held": _w("Formación académica")},
        "skills": {"seen": _w("Habilidades"), "held": _w("Competencias")},
        "languages": {"seen": _w("Idiomas"), "held": _w("Lenguas")},
        "projects": {"seen": _w("Proyectos"), "held": _w("Proyectos destacados")},
        "certifications": {"seen": _w("Certificaciones"), "held": _w("Certificados")},
        "volunteer": {"seen": _w("Voluntariado"), "held": _w("Acción social")},
        "publications": {"seen": _w("Publicaciones"), "held": _w("Artículos")},
        "courses": {"seen": _w("Cursos"), "held": _w("Aprendizaje continuo")},
        "achievements": {"seen": _w("Logros"), "held": _w("Premios")},
        "hobbies": {"seen": _w("Aficiones"), "held": _w("Intereses")},
        "contact": {"seen": _w("Contacto"), "held": _w("Datos de contacto")},
    },
    "ar": {
        "summary": {"seen": _w("نبذة"), "held": _w("الملف الشخصي")},
        "experience": {"seen": _w("الخبرة العملية"), "held": _w("المسيرة المهنية")},
        "education": {"seen": _w("التعليم"), "held": _w("المؤهلات العلمية")},
        "skills": {"seen": _w("المهارات"), "held": _w("الكفاءات")},
        "languages": {"seen": _w("اللغات"), "held": _w("اللغات المحكية")},
        "projects": {"seen": _w("المشاريع"), "held": _w("مشاريع مختارة")},
        "certifications": {"seen": _w("الشهادات"), "held": _w("الشهادات المهنية")},
        "volunteer": {"seen": _w("العمل التطوعي"), "held": _w("التطوع")},
        "publications": {"seen": _w("المنشورات"), "held": _w("الأبحاث")},
        "courses": {"seen": _w("الدورات التدريبية"), "held": _w("التعلم المستمر")},
        "achievements": {"seen": _w("الإنجازات"), "held": _w("الجوائز")},
        "hobbies": {"seen": _w("الهوايات"), "held": _w("الاهتمامات")},
        "contact": {"seen": _w("التواصل"), "held": _w("معلومات الاتصال")},
    },
}

# Words in each CV language the generator needs besides headings.
LOCAL: dict[str, dict[str, list[str]]] = {
    "en": {
        "months": _w("Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"),
        "present": _w("Present|present|Now|Current"),
        "since": _w("Since"),
        "levels": _w("Native|Fluent|Professional working proficiency|Intermediate|Basic"),
        "skill_levels": _w("Expert|Advanced|Intermediate|Beginner"),
        "langs": _w("English|German|French|Spanish|Arabic|Italian|Mandarin|Portuguese"),
    },
    "de": {
        "months": _w("Jan.|Feb.|März|Apr.|Mai|Juni|Juli|Aug.|Sept.|Okt.|Nov.|Dez."),
        "present": _w("heute|aktuell"),
        "since": _w("Seit"),
        "levels": _w("Muttersprache|Verhandlungssicher|Fließend|Grundkenntnisse|C1|B2"),
        "skill_levels": _w("Sehr gut|Gut|Grundkenntnisse"),
        "langs": _w("Deutsch|Englisch|Französisch|Spanisch|Türkisch|Polnisch"),
    },
    "fr": {
        "months": _w("janv.|févr.|mars|avril|mai|juin|juil.|août|sept.|oct.|nov.|déc."),
        "present": _w("aujourd'hui|présent"),
        "since": _w("Depuis"),
        "levels": _w("Langue maternelle|Courant|Bilingue|Intermédiaire|Notions|C1|B2"),
        "skill_levels": _w("Expert|Avancé|Intermédiaire|Débutant"),
        "langs": _w("Français|Anglais|Allemand|Espagnol|Arabe|Italien"),
    },
    "es": {
        "months": _w("ene.|feb.|mar.|abr.|may.|jun.|jul.|ago.|sept.|oct.|nov.|dic."),
        "present": _w("actualidad|presente"),
        "since": _w("Desde"),
        "levels": _w("Nativo|Bilingüe|Avanzado|Intermedio|Básico|C1|B2"),
        "skill_levels": _w("Experto|Avanzado|Intermedio|Básico"),
        "langs": _w("Español|Inglés|Francés|Alemán|Portugués|Catalán"),
    },
    "ar": {
        "months": _w("يناير|فبراير|مارس|أبريل|مايو|يونيو|يوليو|أغسطس|سبتمبر|أكتوبر|نوفمبر|ديسمبر"),
        "present": _w("حتى الآن|الحاضر"),
        "since": _w("منذ"),
        "levels": _w("اللغة الأم|ممتاز|جيد جدا|جيد|متوسط"),
        "skill_levels": _w("خبير|متقدم|متوسط"),
        "langs": _w("العربية|الإنجليزية|الفرنسية|الألمانية|الإسبانية"),
    },
}

# Job titles, degrees and bullets in the non-English CV languages (one pool; small and shared).
LOCAL_TEXT: dict[str, dict[str, list[str]]] = {
    "de": {
        "job": _w("Softwareentwicklerin|Projektleiter|Vertriebsmitarbeiter|Datenanalystin"),
        "degree": _w(
            "B.Sc. Informatik|M.A. Betriebswirtschaftslehre|Diplom-Ingenieur Maschinenbau"
        ),
        "bullet": _w(
            "Einführung eines neuen CRM-Systems für 40 Mitarbeitende, termingerecht und im Budget|"
            "Verantwortung für ein Budget von 250.000 € pro Jahr|"
            "Betreuung von Großkunden in Süddeutschland, Österreich und der Schweiz"
        ),
        "title": _w("Softwareentwicklerin|Vertriebsleiter|Pflegefachkraft"),
    },
    "fr": {
        "job": _w("Chef de projet|Développeuse web|Responsable marketing|Analyste financier"),
        "degree": _w("Master en informatique|Licence d'économie|Diplôme d'ingénieur"),
        "bullet": _w(
            "Gestion d'une équipe de 12 personnes, recrutement et formation des nouveaux arrivants|"
            "Réduction des délais de livraison de 30 % grâce à un nouvel outil de planification|"
            "Suivi des clients grands comptes à Paris, Lyon et Marseille"
        ),
        "title": _w("Chef de projet digital|Développeuse full-stack|Infirmière"),
    },
    "es": {
        "job": _w("Ingeniera de software|Jefe de ventas|Analista de datos|Enfermero"),
        "degree": _w(
            "Grado en Ingeniería Informática|Máster en Marketing Digital|Licenciatura en Economía"
        ),
        "bullet": _w(
            "Coordinación de un equipo de 8 personas en Madrid, Sevilla y Valencia|"
            "Aumento de las ventas en un 25 % en el primer año, con un presupuesto de 80.000 €|"
            "Implantación de un sistema de reservas en línea para 15 clínicas"
        ),
        "title": _w("Ingeniera de software|Responsable de marketing|Enfermera"),
    },
    "ar": {
        "job": _w("مهندس برمجيات|مديرة مشاريع|محاسب|مصممة جرافيك"),
        "degree": _w("بكالوريوس علوم الحاسب|ماجستير إدارة الأعمال|بكالوريوس المحاسبة"),
        "bullet": _w(
            "قيادة فريق من ستة مهندسين لتطوير تطبيق للهواتف الذكية|"
            "خفض تكاليف التشغيل بنسبة عشرين بالمئة خلال عام واحد|"
            "إعداد التقارير المالية الشهرية ومتابعة الميزانية"
        ),
        "title": _w("مهندس برمجيات|مديرة مشاريع|محاسب قانوني"),
    },
}
