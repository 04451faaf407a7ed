"""The graded relevance suite's queries, part 2 (part 1 and the conventions: relevance_queries.py): typos, sigles of
the sector, words found only in documents, queries of two or three words, hyphenated words, facet filters, and
correct words that must not be « corrected ». `CASES`: every judged query of the suite."""

from tests.search.relevance_metrics import judged
from tests.search.relevance_queries import (
    ACI_GUIDE,
    ACI_MARKERS,
    AP_BRIEF,
    AP_COOPERATION,
    AP_GUIDE,
    AP_RURAL,
    AP_THEME,
    AP_TO_ENJEUX,
    AP_WITH_CO,
    CA_PAGE,
    CASES_1,
    CO_LIVING,
    CO_PAGE,
    CONSTATS,
    CONVENTION,
    COOPERATION_WORKSHOP,
    CP_BUDGET,
    CP_GUIDE,
    CP_MIDTERM,
    CP_RENEWAL,
    DECRET_SIMPLY,
    DECRET_TEN_QUESTIONS,
    DECRET_THEME,
    DOSSIER_STRUCTURE,
    DOSSIER_THEME,
    FWB_ASSOCIATION,
    MAPPING,
    MEDIATION,
    PARTICIPATION,
    QUESTIONNAIRE,
    REREAD,
    RETROPLANNING,
    SCHOOLS,
    SELF_EVALUATION,
    SELF_EVALUATION_SHEETS,
    SELF_EVALUATION_WORKSHOP,
    STATISTICS,
    WALKS,
    WALSTAT,
)

TYPO = "faute de frappe"
SIGLE = "sigle"
DOCUMENT = "mot d'un document"
WORDS = "plusieurs mots"
HYPHEN = "trait d'union"
FILTER = "filtre"
KNOWN = "mot correct"

APPROVED_DOSSIERS = (
    "haute-semois-2017",
    "val-dourthe-2018",
    "terres-de-meuse-2019",
    "basse-sambre-2017",
    "hesbaye-mehaigne-2020",
    "pays-des-collines-2018",
    "cur-du-hainaut-2019",
    "dyle-2021",
    "molenbeek-rives-2019",
    "gaume-2022",
    "vesdre-2021",
)

CASES_2 = [
    # Typos of one or two letters
    judged(TYPO, "analise partagee", AP_BRIEF, then=(AP_THEME, AP_GUIDE), also=(AP_TO_ENJEUX, AP_COOPERATION)),
    judged(TYPO, "reconaissance", DOSSIER_STRUCTURE, then=(RETROPLANNING, DOSSIER_THEME)),
    judged(TYPO, "contrat-programe", CP_GUIDE, also=(CP_BUDGET, CP_MIDTERM, CP_RENEWAL)),
    judged(TYPO, "participtaion citoyenne", PARTICIPATION),
    judged(TYPO, "cartograhie", MAPPING),
    judged(TYPO, "questionaire", QUESTIONNAIRE),
    judged(TYPO, "mediaton", MEDIATION),
    judged(TYPO, "autoevalutaion", SELF_EVALUATION, then=(SELF_EVALUATION_WORKSHOP, SELF_EVALUATION_SHEETS)),
    judged(TYPO, "retroplaning", RETROPLANNING),
    judged(TYPO, "balades exploratiores", WALKS, also=AP_RURAL),
    # Sigles of the sector (the glossary « Synonymes et sigles »): spelled out in most pages, or not
    judged(SIGLE, "AP", AP_BRIEF, then=(AP_THEME, AP_WITH_CO), also=(AP_GUIDE, AP_TO_ENJEUX, AP_COOPERATION)),
    judged(SIGLE, "préparer l'AP", AP_WITH_CO, also=AP_BRIEF),
    judged(SIGLE, "CP", CP_GUIDE, also=(CP_BUDGET, CP_MIDTERM, CP_RENEWAL, AP_WITH_CO)),
    judged(SIGLE, "budget CP", CP_BUDGET),
    judged(SIGLE, "ACI", ACI_GUIDE, then=ACI_MARKERS),
    judged(SIGLE, "FWB", FWB_ASSOCIATION, also=(CP_GUIDE, AP_WITH_CO, DECRET_SIMPLY)),
    judged(SIGLE, "rôle du CA", CA_PAGE),
    judged(SIGLE, "CO", CO_PAGE, then=CO_LIVING, also=AP_WITH_CO),
    judged(SIGLE, "coopération entre CC", (COOPERATION_WORKSHOP, CONVENTION), also=AP_COOPERATION),
    judged(SIGLE, "analyse partagée CO", AP_WITH_CO, also=(AP_TO_ENJEUX, AP_BRIEF)),
    # Words found only in a dossier's attached PDF
    judged(DOCUMENT, "Semoisiades", "haute-semois-2017"),
    judged(DOCUMENT, "Ourthalines", "val-dourthe-2018"),
    judged(DOCUMENT, "Sambrelune", "basse-sambre-2017"),
    judged(DOCUMENT, "Dylographies", "dyle-2021"),
    judged(DOCUMENT, "foulons", "vesdre-2021"),
    judged(DOCUMENT, "draperie", "vesdre-2021"),
    judged(DOCUMENT, "tondeurs de draps", "vesdre-2021"),
    judged(DOCUMENT, "lavoirs laine", "vesdre-2021"),
    # Two or three words
    judged(WORDS, "budget prévisionnel", CP_BUDGET),
    judged(WORDS, "grille de vérification", REREAD),
    judged(WORDS, "charte écoles", SCHOOLS),
    judged(
        WORDS,
        "expliquer le décret aux élus",
        ("presenter-le-decret-a-son-conseil-communal", "expliquer-le-decret-a-ses-partenaires"),
        also=DECRET_THEME,
    ),
    judged(WORDS, "renouvellement contrat-programme", CP_RENEWAL, then=CP_GUIDE),
    judged(WORDS, "analyse partagée milieu rural", AP_RURAL, also=WALKS),
    judged(WORDS, "bilan mi-parcours", CP_MIDTERM),
    judged(WORDS, "paroles d'habitants statistiques", STATISTICS, also=WALSTAT),
    judged(WORDS, "centre culturel de la Gaume", "gaume-2022"),
    judged(WORDS, "Hautes Fagnes", "hautes-fagnes-2024"),
    judged(WORDS, "Molenbeek", "molenbeek-rives-2019"),
    judged(WORDS, "convention de coopération", CONVENTION, also=COOPERATION_WORKSHOP),
    # Hyphenated words
    judged(HYPHEN, "Racines-en-Fête", "haute-semois-2017"),
    judged(HYPHEN, "Ottignies-Louvain-la-Neuve", "dyle-2021"),
    judged(HYPHEN, "Jemeppe-sur-Sambre", "basse-sambre-2017"),
    judged(HYPHEN, "Wallonie-Bruxelles", FWB_ASSOCIATION, also=(CP_GUIDE, DECRET_SIMPLY)),
    judged(HYPHEN, "rencontres-ateliers", "actes-des-rencontres-ateliers-de-la-plateforme", also="communaute"),
    judged(
        HYPHEN,
        "auto-évaluation",
        SELF_EVALUATION,
        then=("indicateurs-dautoevaluation-une-selection-raisonnee", SELF_EVALUATION_WORKSHOP, SELF_EVALUATION_SHEETS),
    ),
    # Facet filters with a query
    judged(FILTER, "enjeux", AP_TO_ENJEUX, then=CONSTATS, theme="analyse-partagee"),
    judged(FILTER, "contrat-programme", CP_MIDTERM, theme="autres"),
    judged(FILTER, "conseil d'orientation", AP_TO_ENJEUX, also=AP_WITH_CO, theme="analyse-partagee"),
    judged(FILTER, "habitants", (), then=(WALKS, MAPPING, STATISTICS, QUESTIONNAIRE), theme="analyse-partagee"),
    judged(FILTER, "dossier", (), then=("haute-semois-2017", "val-dourthe-2018", "gaume-2022"), province="luxembourg"),
    judged(FILTER, "reconnaissance", DOSSIER_STRUCTURE, then=RETROPLANNING, type="ressource"),
    judged(FILTER, "décret", DECRET_SIMPLY, then=DECRET_TEN_QUESTIONS, type="ressource", theme="expliquer-le-decret"),
    # Correct words of the content, which no backend may « correct »
    judged(KNOWN, "dossiers approuvés", (), then=APPROVED_DOSSIERS, also=DOSSIER_THEME),
    judged(KNOWN, "bocage", "pays-des-collines-2018"),
    judged(KNOWN, "frontaliers", "gaume-2022"),
    judged(KNOWN, "désindustrialisation", "terres-de-meuse-2019"),
    judged(KNOWN, "reconnu", DECRET_SIMPLY),
    judged(KNOWN, "renouvelé", CP_GUIDE, also=CP_RENEWAL),
    judged(KNOWN, "colonne vertébrale", AP_WITH_CO),
    judged(KNOWN, "gaumais", "gaume-2022"),
]

CASES = [*CASES_1, *CASES_2]

# Pages of the demo a visitor must never find (pages/demo/content.json, HIDDEN_PAGES), and queries aimed at them.
HIDDEN_SLUGS = ("brouillon-la-reforme-du-decret-en-questions", "note-interne-calendrier-du-conseil-dadministration")
HIDDEN_QUERIES = ("brouillon", "note interne", "réforme du décret", "calendrier du conseil d'administration")
