"""The graded relevance suite's queries, part 1: what visitors type, judged from their side over the demo content
(pages/demo/content.json, built by `seed_demo`). Part 2: relevance_queries_more.py; `CASES` is both.

`judged(kind, query, first, then, also, **filters)` (tests/search/relevance_metrics.py): `first` the page(s) that must
come first (grade 3), `then` the pages that must come soon after (grade 2), `also` pages that may follow (grade 1).
Pages are named by their slug (unique in the demo). The judgments say what a visitor expects, never what a backend
answers today.
"""

from tests.search.relevance_metrics import judged

# Slugs used more than once
DECRET_SIMPLY = "comprendre-le-texte-de-2013-en-cinq-minutes"
DECRET_TEN_QUESTIONS = "le-decret-du-21-novembre-2013-en-dix-questions"
DECRET_LINK = "decret-du-21-novembre-2013-relatif-aux-centres-culturels"
DECRET_TEXT = "texte-coordonne-du-decret-relatif-aux-centres-culturels"
DECRET_THEME = "expliquer-le-decret"
AP_BRIEF = "lire-son-territoire-a-plusieurs-lessentiel"
AP_THEME = "analyse-partagee"
AP_GUIDE = "guide-danimation-de-lanalyse-partagee"
AP_TO_ENJEUX = "de-lanalyse-partagee-aux-enjeux-un-atelier-en-trois-temps"
AP_COOPERATION = "analyse-partagee-en-cooperation-lexperience-dun-bassin-de-vie"
AP_RURAL = "analyse-partagee-en-milieu-rural"
AP_WITH_CO = "preparer-lap-avec-son-co-une-feuille-de-route"
CP_GUIDE = "le-cp-mode-demploi"
CP_BUDGET = "construire-le-budget-previsionnel-du-contrat-programme"
CP_MIDTERM = "bilan-a-mi-parcours-du-contrat-programme"
CP_RENEWAL = "preparer-le-renouvellement-du-contrat-programme"
DOSSIER_THEME = "constituer-son-dossier"
DOSSIER_STRUCTURE = "structure-type-dun-dossier-de-reconnaissance"
RETROPLANNING = "retroplanning-de-la-demande-de-reconnaissance"
COMMISSION = "ce-que-la-commission-davis-a-retenu-de-la-premiere-vague-de-dossiers"
REREAD = "relire-son-dossier-avant-le-depot-grille-de-verification"
SELF_EVALUATION = "rediger-la-partie-autoevaluation"
INDICATORS = "indicateurs-dautoevaluation-une-selection-raisonnee"
SELF_EVALUATION_WORKSHOP = "autoevaluation-outil-au-service-du-projet"
SELF_EVALUATION_SHEETS = "fiches-dautoevaluation"
EVALUATE = "evaluer-son-projet-daction-culturelle-en-equipe"
CO_PAGE = "le-conseil-dorientation-explique-en-une-page"
CO_LIVING = "faire-vivre-le-conseil-dorientation"
CA_PAGE = "le-conseil-dadministration-dun-centre-culturel-role-et-composition"
ACI_GUIDE = "demander-laci-conditions-et-calendrier"
ACI_MARKERS = "action-culturelle-intensifiee-ou-specialisee-reperes"
FWB_ASSOCIATION = "association-des-centres-culturels-de-la-federation-wallonie-bruxelles"
FRIBOURG = "declaration-de-fribourg-sur-les-droits-culturels"
CULTURAL_RIGHTS = "droits-culturels-de-quoi-parle-t-on"
CULTURAL_RIGHTS_WORKSHOP = "droits-culturels-des-principes-aux-pratiques"
MEDIATION = "mediation-culturelle-et-droits-culturels"
WALKS = "mener-des-balades-exploratoires-avec-les-habitants"
ENJEUX = "ecrire-les-enjeux-exemples-commentes"
CONSTATS = "des-constats-aux-enjeux"
COOPERATION_WORKSHOP = "cooperer-entre-centres-culturels"
CONVENTION = "convention-de-cooperation-entre-centres-culturels"
SCHOOLS = "partenariats-avec-les-ecoles-une-charte-commune"
PARTICIPATION = "centre-de-ressources-de-la-participation-citoyenne"
QUESTIONNAIRE = "questionnaire-aux-habitants-bonnes-pratiques"
MAPPING = "cartographier-son-territoire-avec-les-habitants"
STATISTICS = "croiser-donnees-statistiques-et-paroles-dhabitants"
WALSTAT = "statistiques-communales-walstat"

NAVIGATIONAL = "titre"
TOPIC = "sujet"
PLURAL = "pluriel"
ELISION = "élision"
ACCENTS = "accents"

CASES_1 = [
    # Navigational: the visitor remembers (part of) a title
    judged(NAVIGATIONAL, "structure type d'un dossier de reconnaissance", DOSSIER_STRUCTURE, also=DOSSIER_THEME),
    judged(NAVIGATIONAL, "rétroplanning", RETROPLANNING),
    judged(NAVIGATIONAL, "porteur de paroles", "le-porteur-de-paroles-un-outil-dinterpellation"),
    judged(
        NAVIGATIONAL,
        "table de parole",
        "canevas-danimation-pour-une-table-de-parole",
        also=(AP_GUIDE, AP_BRIEF, AP_THEME, AP_RURAL),
    ),
    judged(
        NAVIGATIONAL,
        "déclaration de Fribourg",
        FRIBOURG,
        also=CULTURAL_RIGHTS,
    ),
    judged(NAVIGATIONAL, "Moniteur belge", "moniteur-belge-publications-officielles"),
    judged(NAVIGATIONAL, "WalStat", WALSTAT, also=STATISTICS),
    judged(NAVIGATIONAL, "Article 27", "article-27"),
    judged(NAVIGATIONAL, "Culture & Démocratie", "culture-democratie", then="journal-de-culture-democratie"),
    judged(NAVIGATIONAL, "observatoire des politiques culturelles", "observatoire-des-politiques-culturelles"),
    judged(NAVIGATIONAL, "éducation permanente", "education-permanente"),
    judged(NAVIGATIONAL, "mentions légales", "mentions-legales", also="vie-privee"),
    judged(NAVIGATIONAL, "vie privée", "vie-privee", also="mentions-legales"),
    judged(NAVIGATIONAL, "contact", "contact"),
    judged(NAVIGATIONAL, "le projet de la Plateforme", "le-projet", also=("communaute", "contribuer")),
    judged(NAVIGATIONAL, "faire vivre le conseil d'orientation", CO_LIVING, also=CO_PAGE),
    judged(NAVIGATIONAL, "accueillir un nouveau membre", "accueillir-un-nouveau-membre-dans-lequipe"),
    judged(NAVIGATIONAL, "décret en vidéo", "le-decret-en-video-trois-minutes-pour-comprendre"),
    # Topics: one word or a notion of the field
    judged(
        TOPIC,
        "décret",
        DECRET_SIMPLY,
        then=(DECRET_TEN_QUESTIONS, DECRET_THEME, DECRET_LINK),
        also=(
            DECRET_TEXT,
            "synthese-commentee-du-decret-astrac",
            "du-decret-de-1992-a-celui-de-2013-ce-qui-change",
            "le-decret-en-video-trois-minutes-pour-comprendre",
            "presenter-le-decret-a-son-conseil-communal",
            "arrete-dapplication-du-decret-relatif-aux-centres-culturels",
            "expliquer-le-decret-a-ses-partenaires",
        ),
    ),
    judged(
        TOPIC,
        "analyse partagée",
        AP_BRIEF,
        then=(AP_THEME, AP_GUIDE),
        also=(AP_TO_ENJEUX, AP_COOPERATION, AP_RURAL, AP_WITH_CO, WALKS, CONSTATS),
    ),
    judged(TOPIC, "contrat-programme", CP_GUIDE, also=(CP_BUDGET, CP_MIDTERM, CP_RENEWAL, DECRET_SIMPLY)),
    judged(
        TOPIC,
        "reconnaissance",
        DOSSIER_STRUCTURE,
        then=(RETROPLANNING, DOSSIER_THEME),
        also=("service-des-centres-culturels", DECRET_SIMPLY, COMMISSION, CP_RENEWAL),
    ),
    judged(
        TOPIC,
        "évaluation",
        EVALUATE,
        also=(SELF_EVALUATION, INDICATORS, SELF_EVALUATION_WORKSHOP, SELF_EVALUATION_SHEETS, COMMISSION, CP_MIDTERM),
    ),
    judged(
        TOPIC,
        "autoévaluation",
        SELF_EVALUATION,
        then=(INDICATORS, SELF_EVALUATION_WORKSHOP, SELF_EVALUATION_SHEETS),
        also=(CP_MIDTERM, EVALUATE),
    ),
    judged(
        TOPIC,
        "droits culturels",
        CULTURAL_RIGHTS,
        then=(
            CULTURAL_RIGHTS_WORKSHOP,
            "reseau-culture-21-droits-culturels",
            FRIBOURG,
            MEDIATION,
            "reperes-droits-culturels-et-politiques-locales",
        ),
        also=(DECRET_SIMPLY, DECRET_TEN_QUESTIONS),
    ),
    judged(TOPIC, "médiation", MEDIATION, also=(CULTURAL_RIGHTS_WORKSHOP, "journal-de-culture-democratie")),
    judged(TOPIC, "budget", CP_BUDGET, also=(CA_PAGE, "convention-de-cooperation-entre-centres-culturels")),
    judged(TOPIC, "coopération", (CONVENTION, COOPERATION_WORKSHOP), then=AP_COOPERATION),
    judged(TOPIC, "gouvernance", (), then=(CO_LIVING, CO_PAGE, CA_PAGE), also="autres"),
    judged(TOPIC, "participation citoyenne", PARTICIPATION),
    judged(TOPIC, "cartographie", MAPPING),
    judged(TOPIC, "questionnaire", QUESTIONNAIRE),
    judged(TOPIC, "enjeux", ENJEUX, then=(AP_TO_ENJEUX, CONSTATS)),
    judged(TOPIC, "écoles", SCHOOLS),
    judged(TOPIC, "formation", "repertoire-des-formations-pour-les-equipes"),
    judged(TOPIC, "indicateurs", INDICATORS, also=SELF_EVALUATION_SHEETS),
    judged(TOPIC, "publics éloignés", "aller-vers-les-publics-eloignes-retour-dexperience"),
    judged(TOPIC, "Commission d'avis", COMMISSION, also=DOSSIER_STRUCTURE),
    judged(TOPIC, "données statistiques", STATISTICS, then=WALSTAT, also=("monitoring-des-quartiers-de-bruxelles",)),
    judged(TOPIC, "conseil communal", "presenter-le-decret-a-son-conseil-communal"),
    judged(TOPIC, "action culturelle intensifiée", ACI_MARKERS, then=ACI_GUIDE),
    judged(
        TOPIC,
        "conseil d'orientation",
        CO_PAGE,
        then=CO_LIVING,
        also=(AP_TO_ENJEUX, AP_WITH_CO, CA_PAGE, SELF_EVALUATION_SHEETS),
    ),
    judged(TOPIC, "conseil d'administration", CA_PAGE, also=(CP_MIDTERM, DECRET_TEN_QUESTIONS)),
    judged(TOPIC, "Fédération Wallonie-Bruxelles", FWB_ASSOCIATION, also=(CP_GUIDE, DECRET_SIMPLY, DECRET_TEXT)),
    # Plurals and inflections: the visitor's form is not the text's
    judged(
        PLURAL,
        "dossiers",
        DOSSIER_THEME,
        then=(DOSSIER_STRUCTURE, COMMISSION),
        also=(REREAD, "haute-semois-2017", "gaume-2022", "dyle-2021", "vesdre-2021"),
    ),
    judged(
        PLURAL,
        "dossier",
        DOSSIER_THEME,
        then=(DOSSIER_STRUCTURE, COMMISSION),
        also=(REREAD, "haute-semois-2017", "gaume-2022", "dyle-2021", "vesdre-2021"),
    ),
    judged(
        PLURAL,
        "décrets",
        DECRET_SIMPLY,
        then=("du-decret-de-1992-a-celui-de-2013-ce-qui-change", DECRET_TEN_QUESTIONS),
        also=(DECRET_THEME, DECRET_LINK, DECRET_TEXT),
    ),
    judged(
        PLURAL, "analyses partagées", AP_BRIEF, then=AP_THEME, also=(AP_GUIDE, COOPERATION_WORKSHOP, AP_COOPERATION)
    ),
    judged(PLURAL, "contrats-programmes", CP_GUIDE, also=(SELF_EVALUATION_WORKSHOP, CP_BUDGET, CP_MIDTERM, CP_RENEWAL)),
    judged(PLURAL, "balade exploratoire", WALKS, also=(AP_RURAL, AP_GUIDE)),
    judged(PLURAL, "indicateur", INDICATORS, also=SELF_EVALUATION_SHEETS),
    judged(PLURAL, "partenariat école", SCHOOLS),
    judged(PLURAL, "enjeu", ENJEUX, then=(AP_TO_ENJEUX, CONSTATS)),
    judged(PLURAL, "cartographier", MAPPING),
    # Elision: « l' », « d' », typographic apostrophes
    judged(
        ELISION,
        "l'analyse partagée",
        AP_BRIEF,
        then=(AP_THEME, AP_GUIDE),
        also=(AP_TO_ENJEUX, AP_COOPERATION, AP_RURAL, AP_WITH_CO),
    ),
    judged(ELISION, "d'orientation", CO_PAGE, then=CO_LIVING),
    judged(
        ELISION,
        "l'autoévaluation",
        SELF_EVALUATION,
        then=(INDICATORS, SELF_EVALUATION_WORKSHOP, SELF_EVALUATION_SHEETS),
    ),
    judged(ELISION, "l’action culturelle intensifiée", ACI_MARKERS, then=ACI_GUIDE),
    judged(ELISION, "d’administration", CA_PAGE, also=(CP_MIDTERM, DECRET_TEN_QUESTIONS)),
    # Accents left out, or capitals
    judged(
        ACCENTS,
        "decret",
        DECRET_SIMPLY,
        then=(DECRET_TEN_QUESTIONS, DECRET_THEME, DECRET_LINK),
        also=(DECRET_TEXT, "synthese-commentee-du-decret-astrac", "du-decret-de-1992-a-celui-de-2013-ce-qui-change"),
    ),
    judged(ACCENTS, "mediation culturelle", MEDIATION),
    judged(ACCENTS, "federation wallonie bruxelles", FWB_ASSOCIATION, also=(CP_GUIDE, DECRET_SIMPLY)),
    judged(ACCENTS, "ecrire les enjeux", ENJEUX, also=CONSTATS),
    judged(ACCENTS, "evaluation", EVALUATE, also=(SELF_EVALUATION, INDICATORS, COMMISSION)),
    judged(ACCENTS, "RÉTROPLANNING", RETROPLANNING),
    judged(ACCENTS, "education permanente", "education-permanente"),
]
