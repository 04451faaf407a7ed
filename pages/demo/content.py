"""French texts of the demo content, as data. All people, centres and projects are fictional.

Structure only: `builders.py` turns these into pages, `files.py` into PDFs and images. Bodies are lists of
`(block_type, value)` pairs in the vocabulary of `pages.blocks.BodyStreamBlock`.
"""

# --- Home page -----------------------------------------------------------------------------------------------

HOME = {
    "title": "Accueil",
    "hero_title": "Découvrir et conjuguer des expériences et des ressources entre équipes et professionnels "
    "en Centres culturels",
    "intro": (
        "<p>La Plateforme d'Échange et de Partage de l'ASTRAC est un espace de travail collaboratif et de "
        "réflexion partagée, axé sur la mise en œuvre du décret du 21 novembre 2013 relatif aux Centres "
        "culturels. Vous y trouverez des ressources classées par thématique, des dossiers de reconnaissance "
        "partagés par des Centres culturels, des liens utiles et les comptes rendus de nos rencontres-ateliers.</p>"
        "<p>S'inspirer les uns les autres, s'épauler entre collègues et faire vivre le décret à partir des "
        "pratiques issues du terrain : c'est l'ambition de ces pages.</p>"
    ),
    "contribute_title": "Aidez-nous à faire vivre la Plateforme",
    "contribute_text": (
        "Un canevas d'animation qui a bien fonctionné, une grille d'autoévaluation, le dossier de reconnaissance "
        "de votre Centre culturel ? Présentez-nous les ressources que vous acceptez de partager avec vos "
        "collègues : écrivez à plateforme@astrac.be, nous les mettrons en ligne avec vous."
    ),
    "community_text": (
        "La communauté Facebook de la Plateforme permet un partage rapide des informations et, surtout, des "
        "échanges directs entre équipes et professionnels : poser une question, poster un lien, faire connaître "
        "une action ou une envie. Il suffit de demander à rejoindre le groupe."
    ),
}

# --- Toolbox -------------------------------------------------------------------------------------------------

THEME_INDEX = {
    "title": "Boîte à outils",
    "slug": "boite-a-outils",
    "intro": (
        "<p>La boîte à outils rassemble des ressources partagées par des Centres culturels, des fédérations et "
        "des partenaires : guides, canevas, présentations, analyses et retours d'expérience. Elle est organisée "
        "en quatre thématiques, qui suivent les grandes étapes de la mise en œuvre du décret de 2013.</p>"
        "<p>Une ressource peut être classée dans plusieurs thématiques. Toutes sont publiées comme des sources "
        "d'inspiration, à adapter à la réalité de votre territoire.</p>"
    ),
}

THEMES = [
    {
        "slug": "expliquer-le-decret",
        "title": "Expliquer le décret",
        "intro": (
            "Comprendre le décret du 21 novembre 2013 et pouvoir l'expliquer à son conseil d'administration, "
            "à son équipe, à ses partenaires et aux pouvoirs locaux : textes, synthèses, présentations et "
            "supports d'animation."
        ),
        "body": [
            ("heading", "Un décret qui change de perspective"),
            (
                "paragraph",
                "<p>Le décret de 2013 place l'exercice des <b>droits culturels</b> des populations au cœur de "
                "l'action des Centres culturels. Il ne s'agit plus seulement de proposer une offre d'activités, "
                "mais de construire, avec les habitants et les partenaires, une action culturelle qui réponde "
                "aux enjeux d'un territoire.</p>"
                "<p>Cette logique traverse toutes les étapes : l'analyse partagée du territoire, la définition "
                "des enjeux, le projet d'action culturelle, le contrat-programme et l'autoévaluation.</p>",
            ),
            (
                "key_points",
                (
                    "Les notions à maîtriser",
                    [
                        "Les droits culturels et la participation des populations",
                        "Le territoire d'implantation et le territoire de projet",
                        "L'action culturelle générale, intensifiée ou spécialisée",
                        "Le contrat-programme de cinq ans et l'autoévaluation continue",
                    ],
                ),
            ),
        ],
    },
    {
        "slug": "analyse-partagee",
        "title": "L'analyse partagée",
        "intro": (
            "Méthodes, outils d'animation et retours d'expérience pour mener l'analyse partagée du territoire "
            "avec les habitants, les associations et les partenaires, et en dégager des enjeux."
        ),
        "body": [
            ("heading", "Une démarche plutôt qu'un diagnostic"),
            (
                "paragraph",
                "<p>L'analyse partagée n'est pas une étude confiée à un bureau extérieur : c'est un processus "
                "continu, mené avec les populations, qui croise données objectives, paroles d'habitants et "
                "regards de partenaires. Elle fonde le projet d'action culturelle et se prolonge pendant toute "
                "la durée du contrat-programme.</p>",
            ),
            (
                "testimony",
                {
                    "quote": "Nous avons compris que l'analyse partagée ne se termine jamais vraiment. Elle "
                    "change notre manière d'être présents sur le territoire, bien au-delà du dossier.",
                    "person": "Claire Dethier",
                    "role": "Animatrice-directrice",
                    "centre": "Centre culturel de la Haute-Semois",
                },
            ),
        ],
    },
    {
        "slug": "constituer-son-dossier",
        "title": "Constituer son dossier",
        "intro": (
            "Rédiger la demande de reconnaissance : structure du dossier, calendrier, articulation entre "
            "analyse partagée, enjeux et projet d'action culturelle, budget et autoévaluation. Consultez aussi "
            "la Bibliothèque de dossiers."
        ),
        "body": [
            ("heading", "Du processus au document"),
            (
                "paragraph",
                "<p>Le dossier de reconnaissance rend compte d'un travail de fond : il doit montrer comment les "
                "enjeux découlent de l'analyse partagée et comment les actions y répondent. Les ressources "
                "ci-dessous aident à structurer cette écriture et à anticiper les attentes de la Commission "
                "d'avis.</p>"
                "<p>Les dossiers partagés dans la Bibliothèque sont publiés à titre informatif, comme des "
                "sources d'inspiration, pas comme des modèles à suivre.</p>",
            ),
        ],
    },
    {
        "slug": "autres",
        "title": "Autres",
        "intro": (
            "Tout ce qui aide à faire vivre le décret au quotidien : coopération entre Centres culturels, "
            "gouvernance et conseil d'orientation, communication, évaluation, ressources humaines."
        ),
        "body": [
            (
                "paragraph",
                "<p>Cette thématique accueille les ressources qui ne relèvent pas d'une étape précise de la "
                "reconnaissance mais qui nourrissent la vie d'un Centre culturel : coopérations, gouvernance, "
                "partenariats, médiation, communication.</p>",
            ),
        ],
    },
]

# Building blocks of resource bodies, by theme: hand-written paragraphs that builders combine.
THEME_FRAGMENTS = {
    "expliquer-le-decret": {
        "headings": ["Ce que dit le décret", "Les points d'attention", "Pour aller plus loin", "En pratique"],
        "paragraphs": [
            "Le décret du 21 novembre 2013 définit la mission des Centres culturels : contribuer à l'exercice du "
            "droit à la culture et, plus largement, de l'ensemble des droits culturels par tous et pour tous.",
            "L'action culturelle générale est la mission de base de tout Centre culturel reconnu. Elle peut être "
            "complétée par une action culturelle intensifiée, qui approfondit un enjeu, ou par une action "
            "culturelle spécialisée, par exemple en diffusion des arts de la scène ou en lecture publique.",
            "La reconnaissance prend la forme d'un contrat-programme de cinq ans, conclu avec la Fédération "
            "Wallonie-Bruxelles et les collectivités publiques associées, communes et provinces.",
            "Le décret insiste sur la participation : les populations ne sont pas seulement des publics, elles "
            "prennent part à l'analyse du territoire, à la définition des enjeux et à l'évaluation des actions.",
            "Le conseil d'orientation, composé pour moitié au moins de personnes issues de la société civile, "
            "accompagne l'équipe dans l'analyse partagée et l'autoévaluation.",
            "La Commission des Centres culturels rend un avis sur chaque demande de reconnaissance. Ses "
            "observations portent autant sur la cohérence du projet que sur la qualité du processus participatif.",
            "Pour les Centres reconnus sous l'ancien décret de 1992, une période transitoire a permis de "
            "préparer progressivement la nouvelle demande de reconnaissance.",
        ],
        "points": [
            "Les droits culturels sont le fil rouge du décret",
            "Le contrat-programme couvre une période de cinq ans",
            "L'analyse partagée fonde toute demande de reconnaissance",
            "Le conseil d'orientation associe la société civile",
            "L'autoévaluation est continue, pas seulement finale",
            "La coopération entre Centres culturels est encouragée",
        ],
    },
    "analyse-partagee": {
        "headings": ["La démarche", "Les outils mobilisés", "Ce que nous en retenons", "Les étapes"],
        "paragraphs": [
            "Nous avons commencé par croiser les données socio-économiques disponibles avec une série de "
            "rencontres informelles dans les villages : au marché, à la sortie des écoles, dans les cafés.",
            "Les balades exploratoires permettent aux habitants de montrer leur territoire tel qu'ils le vivent : "
            "les lieux de rencontre, les lieux évités, les endroits où il se passe quelque chose et ceux où plus "
            "rien ne se passe.",
            "Les tables de parole réunissent des personnes qui ne se croisent pas d'habitude. Un animateur veille "
            "à ce que chacun puisse s'exprimer et à ce que les constats soient notés avec les mots des participants.",
            "Le croisement des regards est au cœur de la méthode : ce que disent les habitants, ce que montrent "
            "les chiffres et ce que perçoivent les partenaires associatifs et communaux.",
            "Les enjeux ne sont pas des problèmes à résoudre mais des questions de société sur lesquelles "
            "l'action culturelle peut avoir prise : isolement, rapport au territoire, transmission, vivre-ensemble.",
            "L'analyse partagée se poursuit pendant toute la durée du contrat-programme : elle est relancée à "
            "chaque bilan annuel, avec le conseil d'orientation.",
            "Un carnet de bord, tenu par l'équipe, garde la trace de chaque étape : qui a été rencontré, ce qui a "
            "été dit, ce qui a surpris. Il devient une ressource précieuse au moment de rédiger le dossier.",
        ],
        "points": [
            "Aller vers les habitants plutôt que les convoquer",
            "Croiser les données, les paroles et les regards",
            "Noter les constats avec les mots des participants",
            "Associer le conseil d'orientation dès le départ",
            "Formuler les enjeux comme des questions ouvertes",
            "Garder une trace de chaque étape du processus",
        ],
    },
    "constituer-son-dossier": {
        "headings": ["Structure proposée", "Le calendrier", "Conseils de rédaction", "Les pièges à éviter"],
        "paragraphs": [
            "Le dossier articule quatre grandes parties : l'analyse partagée du territoire, les enjeux qui en "
            "découlent, le projet d'action culturelle et les modalités d'autoévaluation.",
            "Prévoyez au moins dix-huit mois entre le lancement de l'analyse partagée et le dépôt du dossier : "
            "le temps de la participation ne se comprime pas.",
            "Écrivez pour un lecteur qui ne connaît pas votre territoire. Chaque enjeu doit pouvoir être relié aux "
            "constats de l'analyse partagée, chaque action à un enjeu.",
            "Le budget prévisionnel traduit les choix du projet : il doit être lisible et cohérent avec les "
            "actions annoncées, y compris pour une action culturelle intensifiée ou spécialisée.",
            "Les annexes ne remplacent pas le corps du dossier. Sélectionnez les documents qui éclairent la "
            "démarche : comptes rendus, cartes, synthèses des rencontres.",
            "Faites relire le dossier par une personne extérieure à l'équipe, par exemple un membre du conseil "
            "d'orientation ou un collègue d'un autre Centre culturel.",
            "Les observations de la Commission d'avis sont une ressource : elles aident à préparer l'avenant ou "
            "le dossier suivant.",
        ],
        "points": [
            "Relier chaque enjeu aux constats de l'analyse partagée",
            "Relier chaque action à au moins un enjeu",
            "Prévoir dix-huit mois de processus avant le dépôt",
            "Soigner la lisibilité du budget prévisionnel",
            "Faire relire par une personne extérieure à l'équipe",
            "Choisir des annexes qui éclairent la démarche",
        ],
    },
    "autres": {
        "headings": ["Le contexte", "Ce qui a été mis en place", "Les enseignements", "Pour aller plus loin"],
        "paragraphs": [
            "La coopération entre Centres culturels permet de porter à plusieurs des projets qu'aucun ne pourrait "
            "mener seul : une analyse partagée à l'échelle d'un bassin de vie, une formation commune, un festival.",
            "Le conseil d'orientation trouve sa place quand il a un rôle clair : relire les constats, proposer des "
            "pistes, participer à l'autoévaluation. Sans mission précise, il s'essouffle.",
            "Communiquer sur le décret auprès des mandataires communaux demande des supports courts et concrets, "
            "qui montrent ce que la démarche change pour les habitants.",
            "L'autoévaluation gagne à s'appuyer sur quelques indicateurs choisis avec l'équipe et le conseil "
            "d'orientation, plutôt que sur une longue grille remplie une fois par an.",
            "Les partenariats avec les écoles, les CPAS et les associations locales sont souvent la porte d'entrée "
            "vers les publics que le Centre culturel rencontre le moins.",
            "La médiation culturelle ne se limite pas à l'accompagnement des spectacles : elle irrigue toutes les "
            "actions qui créent du lien entre les personnes, les œuvres et le territoire.",
        ],
        "points": [
            "Donner au conseil d'orientation un rôle précis",
            "Choisir peu d'indicateurs, mais les suivre",
            "Coopérer à l'échelle d'un bassin de vie",
            "Parler du décret avec des exemples concrets",
            "Ouvrir les partenariats aux acteurs sociaux",
        ],
    },
}

USAGE_PARAGRAPHS = [
    "Cette ressource peut être utilisée telle quelle lors d'une réunion d'équipe ou adaptée pour une séance "
    "avec le conseil d'orientation. Comptez une demi-journée pour en tirer parti.",
    "Nous vous conseillons de la parcourir d'abord seul, puis d'en discuter en équipe : les questions qu'elle "
    "soulève sont souvent plus utiles que les réponses qu'elle propose.",
    "Elle a été conçue pour un Centre culturel en milieu rural ; les équipes urbaines l'ont adaptée en "
    "travaillant à l'échelle d'un quartier.",
    "Les documents joints sont librement modifiables. Merci de citer leur origine si vous les diffusez.",
    "N'hésitez pas à contacter la Plateforme pour être mis en relation avec l'équipe qui a produit cette "
    "ressource : elle est prête à partager son expérience.",
]

TESTIMONIES = [
    {
        "quote": "Ce qui nous a le plus aidés, c'est de sortir de nos murs. Les habitants nous ont appris des "
        "choses sur notre propre territoire que nous ne soupçonnions pas.",
        "person": "Marc Lejeune",
        "role": "Animateur",
        "centre": "Centre culturel du Val d'Ourthe",
    },
    {
        "quote": "Expliquer le décret à notre conseil communal a pris du temps. Les exemples concrets ont fait la "
        "différence, bien plus que les articles de loi.",
        "person": "Sophie Marchal",
        "role": "Directrice",
        "centre": "Centre culturel des Deux-Vallées",
    },
    {
        "quote": "Nous avons écrit le dossier à six mains. C'était plus long, mais tout le monde dans l'équipe peut "
        "aujourd'hui expliquer pourquoi nous faisons ce que nous faisons.",
        "person": "Karim Benali",
        "role": "Chargé de projets",
        "centre": "Centre culturel de Molenbeek-Rives",
    },
    {
        "quote": "Le conseil d'orientation est devenu un vrai lieu de débat. Ses membres nous bousculent, et c'est "
        "exactement ce dont nous avions besoin.",
        "person": "Anne-Françoise Collard",
        "role": "Présidente du conseil d'orientation",
        "centre": "Centre culturel de la Basse-Sambre",
    },
    {
        "quote": "La coopération avec les Centres voisins nous a permis de mener une analyse partagée à l'échelle "
        "du bassin de vie, là où les gens vivent réellement.",
        "person": "Thomas Gillard",
        "role": "Animateur-directeur",
        "centre": "Centre culturel du Pays des Collines",
    },
    {
        "quote": "On nous avait dit que les enjeux devaient être précis. Nous avons appris qu'ils devaient surtout "
        "être partagés.",
        "person": "Nathalie Piron",
        "role": "Animatrice",
        "centre": "Centre culturel de Hesbaye-Mehaigne",
    },
]

# Resources: titles and summaries hand-written. `theme` is the main theme (parent page), `secondary` other
# themes, `pdf` asks for an attached PDF, `url` an external address.
RESOURCES = [
    # Expliquer le décret
    {
        "title": "Le décret du 21 novembre 2013 en dix questions",
        "theme": "expliquer-le-decret",
        "type": "guide",
        "author": "ASTRAC",
        "date": "2015-02-10",
        "summary": "Une synthèse accessible du décret relatif aux Centres culturels : mission, droits culturels, "
        "reconnaissance, contrat-programme, financement. À distribuer aux nouveaux membres de l'équipe et du "
        "conseil d'administration.",
        "tags": ["décret", "droits culturels", "synthèse"],
        "pdf": True,
    },
    {
        "title": "Présenter le décret à son conseil communal",
        "theme": "expliquer-le-decret",
        "type": "presentation",
        "author": "Centre culturel des Deux-Vallées",
        "date": "2016-05-03",
        "summary": "Le support de présentation utilisé par une équipe pour expliquer aux élus locaux ce que le "
        "nouveau décret change pour la commune et ses habitants, avec les questions qui ont été posées.",
        "secondary": ["autres"],
        "tags": ["pouvoirs locaux", "communication"],
        "pdf": True,
    },
    {
        "title": "Droits culturels : de quoi parle-t-on ?",
        "theme": "expliquer-le-decret",
        "type": "article",
        "author": "Réseau Culture 21",
        "date": "2017-09-18",
        "summary": "Un article de fond sur la notion de droits culturels, de la Déclaration de Fribourg au décret "
        "de 2013, et sur ce qu'elle implique concrètement pour l'action d'un Centre culturel.",
        "secondary": ["analyse-partagee"],
        "tags": ["droits culturels"],
        "url": "https://droitsculturels.org/",
    },
    {
        "title": "Texte coordonné du décret relatif aux Centres culturels",
        "theme": "expliquer-le-decret",
        "type": "texte-officiel",
        "author": "Fédération Wallonie-Bruxelles",
        "date": "2014-01-29",
        "summary": "Le texte officiel du décret du 21 novembre 2013, dans sa version coordonnée, tel que publié sur "
        "Gallilex, le portail de la législation de la Fédération Wallonie-Bruxelles.",
        "tags": ["décret", "texte légal"],
        "url": "https://www.gallilex.cfwb.be/",
    },
    {
        "title": "Action culturelle intensifiée ou spécialisée : repères",
        "theme": "expliquer-le-decret",
        "type": "guide",
        "author": "ASTRAC",
        "date": "2018-03-22",
        "summary": "Ce qui distingue l'action culturelle générale, intensifiée et spécialisée, les conditions à "
        "remplir pour chacune et les questions à se poser avant de les demander dans son dossier.",
        "secondary": ["constituer-son-dossier"],
        "tags": ["action culturelle intensifiée", "action culturelle spécialisée"],
        "pdf": True,
    },
    {
        "title": "Le conseil d'orientation expliqué en une page",
        "theme": "expliquer-le-decret",
        "type": "outil",
        "author": "Centre culturel de la Basse-Sambre",
        "date": "2016-11-08",
        "summary": "Une fiche recto-verso pour présenter le conseil d'orientation aux personnes que l'on invite à "
        "en faire partie : rôle, composition, rythme des réunions, ce que l'on attend d'elles.",
        "secondary": ["autres"],
        "tags": ["conseil d'orientation", "gouvernance"],
        "pdf": True,
    },
    {
        "title": "Le décret en vidéo : trois minutes pour comprendre",
        "theme": "expliquer-le-decret",
        "type": "video",
        "author": "Association des Centres culturels",
        "date": "2019-04-15",
        "summary": "Une courte vidéo d'animation qui présente les grandes lignes du décret : utile pour ouvrir une "
        "réunion publique ou une rencontre avec des partenaires.",
        "tags": ["communication", "vidéo"],
        "url": "https://www.centresculturels.be/",
    },
    {
        "title": "Du décret de 1992 à celui de 2013 : ce qui change",
        "theme": "expliquer-le-decret",
        "type": "etude",
        "author": "Observatoire des politiques culturelles",
        "date": "2015-06-30",
        "summary": "Une analyse comparée des deux décrets : de l'offre d'activités à l'exercice des droits "
        "culturels, de la reconnaissance par catégories au contrat-programme fondé sur un territoire.",
        "tags": ["histoire", "décret"],
        "url": "https://www.opc.cfwb.be/",
    },
    # L'analyse partagée
    {
        "title": "Mener des balades exploratoires avec les habitants",
        "theme": "analyse-partagee",
        "type": "guide",
        "author": "Centre culturel de la Haute-Semois",
        "date": "2016-04-12",
        "summary": "Comment préparer, animer et exploiter une balade exploratoire : le parcours, le rôle des "
        "habitants-guides, la prise de notes et la restitution. Avec le canevas utilisé dans six villages.",
        "secondary": ["constituer-son-dossier"],
        "tags": ["balade exploratoire", "participation", "milieu rural"],
        "pdf": True,
    },
    {
        "title": "Canevas d'animation pour une table de parole",
        "theme": "analyse-partagee",
        "type": "modele",
        "author": "Centre culturel du Val d'Ourthe",
        "date": "2016-09-27",
        "summary": "Un déroulé minute par minute pour animer une table de parole de deux heures, de l'accueil à la "
        "synthèse, avec les consignes données aux participants et la grille de prise de notes.",
        "tags": ["animation", "participation"],
        "pdf": True,
    },
    {
        "title": "Cartographier son territoire avec les habitants",
        "theme": "analyse-partagee",
        "type": "outil",
        "author": "Centre culturel de Molenbeek-Rives",
        "date": "2017-02-14",
        "summary": "Une méthode de cartographie sensible : chacun dessine ses lieux de vie, de passage et "
        "d'évitement. Les cartes superposées révèlent des fractures que les statistiques ne montrent pas.",
        "secondary": ["autres"],
        "tags": ["cartographie", "milieu urbain"],
        "pdf": True,
    },
    {
        "title": "Croiser données statistiques et paroles d'habitants",
        "theme": "analyse-partagee",
        "type": "article",
        "author": "ASTRAC",
        "date": "2017-06-06",
        "summary": "Où trouver les données utiles sur sa commune, comment les lire sans s'y noyer et comment les "
        "confronter à ce que disent les habitants pour faire émerger des constats partagés.",
        "tags": ["données", "méthodologie"],
        "url": "https://walstat.iweps.be/",
    },
    {
        "title": "De l'analyse partagée aux enjeux : un atelier en trois temps",
        "theme": "analyse-partagee",
        "type": "modele",
        "author": "Centre culturel de Hesbaye-Mehaigne",
        "date": "2018-01-19",
        "summary": "Un atelier pour passer des constats aux enjeux avec l'équipe et le conseil d'orientation : "
        "regrouper, reformuler, prioriser. Le canevas, les supports et un exemple de résultat.",
        "secondary": ["constituer-son-dossier"],
        "tags": ["enjeux", "conseil d'orientation", "animation"],
        "pdf": True,
    },
    {
        "title": "Aller vers les publics éloignés : retour d'expérience",
        "theme": "analyse-partagee",
        "type": "article",
        "author": "Centre culturel des Terres de Meuse",
        "date": "2019-10-01",
        "summary": "Une équipe raconte comment elle est allée à la rencontre des personnes qu'elle ne voyait "
        "jamais : permanences au CPAS, présence au marché, partenariat avec une maison de repos.",
        "secondary": ["autres"],
        "tags": ["publics", "partenariats", "participation"],
    },
    {
        "title": "Le porteur de paroles, un outil d'interpellation",
        "theme": "analyse-partagee",
        "type": "outil",
        "author": "Centre culturel du Pays des Collines",
        "date": "2018-05-17",
        "summary": "Une question affichée dans l'espace public, des passants qui répondent, des réponses affichées "
        "à leur tour : un dispositif simple pour recueillir des paroles et lancer le débat.",
        "tags": ["espace public", "animation"],
        "pdf": True,
    },
    {
        "title": "Analyse partagée en coopération : l'expérience d'un bassin de vie",
        "theme": "analyse-partagee",
        "type": "etude",
        "author": "Centres culturels du Sud-Luxembourg",
        "date": "2020-02-25",
        "summary": "Trois Centres culturels voisins ont mené ensemble l'analyse partagée de leur bassin de vie. "
        "Ils en tirent le bilan : gains de temps, regards croisés, mais aussi difficultés de coordination.",
        "secondary": ["autres", "constituer-son-dossier"],
        "tags": ["coopération", "bassin de vie"],
        "pdf": True,
    },
    {
        "title": "Questionnaire aux habitants : bonnes pratiques",
        "theme": "analyse-partagee",
        "type": "guide",
        "author": "ASTRAC",
        "date": "2016-12-02",
        "summary": "Le questionnaire est tentant mais souvent décevant. Quand l'utiliser, comment le formuler, "
        "comment le diffuser et surtout comment l'articuler avec des moments de rencontre.",
        "tags": ["méthodologie", "enquête"],
    },
    # Constituer son dossier
    {
        "title": "Structure type d'un dossier de reconnaissance",
        "theme": "constituer-son-dossier",
        "type": "modele",
        "author": "ASTRAC",
        "date": "2016-03-15",
        "summary": "Une table des matières commentée du dossier de demande de reconnaissance, partie par partie, "
        "avec ce que la Commission d'avis s'attend à y trouver.",
        "secondary": ["expliquer-le-decret"],
        "tags": ["dossier de reconnaissance", "rédaction"],
        "pdf": True,
    },
    {
        "title": "Rétroplanning de la demande de reconnaissance",
        "theme": "constituer-son-dossier",
        "type": "outil",
        "author": "Centre culturel de la Haute-Semois",
        "date": "2016-06-21",
        "summary": "Un tableau de planification sur deux ans, de la première réunion d'équipe au dépôt du dossier, "
        "avec les jalons de l'analyse partagée et les moments de validation par les instances.",
        "tags": ["calendrier", "gestion de projet"],
        "pdf": True,
    },
    {
        "title": "Écrire les enjeux : exemples commentés",
        "theme": "constituer-son-dossier",
        "type": "guide",
        "author": "ASTRAC",
        "date": "2017-10-12",
        "summary": "Une douzaine d'enjeux extraits de dossiers réels, anonymisés et commentés : ce qui les rend "
        "clairs, ce qui les affaiblit, et comment ils se relient aux actions.",
        "secondary": ["analyse-partagee"],
        "tags": ["enjeux", "rédaction"],
        "pdf": True,
    },
    {
        "title": "Construire le budget prévisionnel du contrat-programme",
        "theme": "constituer-son-dossier",
        "type": "modele",
        "author": "Centre culturel des Deux-Vallées",
        "date": "2018-02-08",
        "summary": "Un modèle de budget sur cinq ans, avec les postes habituels, la part des collectivités "
        "publiques associées et des conseils pour justifier une action culturelle intensifiée.",
        "tags": ["budget", "contrat-programme"],
        "pdf": True,
    },
    {
        "title": "Ce que la Commission d'avis a retenu de la première vague de dossiers",
        "theme": "constituer-son-dossier",
        "type": "etude",
        "author": "ASTRAC",
        "date": "2019-01-24",
        "summary": "Une lecture transversale des avis rendus sur les premiers dossiers : les points forts "
        "récurrents, les faiblesses fréquentes et les recommandations pour les demandes suivantes.",
        "secondary": ["expliquer-le-decret"],
        "tags": ["Commission d'avis", "évaluation"],
    },
    {
        "title": "Relire son dossier avant le dépôt : grille de vérification",
        "theme": "constituer-son-dossier",
        "type": "outil",
        "author": "Centre culturel de Hesbaye-Mehaigne",
        "date": "2017-12-05",
        "summary": "Une grille d'une trentaine de questions pour relire le dossier à froid : cohérence entre "
        "analyse, enjeux et actions, lisibilité, annexes, signatures.",
        "tags": ["rédaction", "relecture"],
        "pdf": True,
    },
    {
        "title": "Rédiger la partie autoévaluation",
        "theme": "constituer-son-dossier",
        "type": "presentation",
        "author": "Association des Centres culturels",
        "date": "2018-09-13",
        "summary": "Une présentation sur les modalités d'autoévaluation à décrire dans le dossier : qui évalue, "
        "quand, avec quels outils, et comment les résultats nourrissent le projet.",
        "secondary": ["autres"],
        "tags": ["autoévaluation"],
        "url": "https://www.centresculturels.be/",
    },
    # Autres
    {
        "title": "Faire vivre le conseil d'orientation",
        "theme": "autres",
        "type": "article",
        "author": "Centre culturel de la Basse-Sambre",
        "date": "2019-03-19",
        "summary": "Trois ans après sa création, un conseil d'orientation fait le point : ce qui l'a fait "
        "fonctionner, les moments de doute, et les formats de réunion qui ont relancé la participation.",
        "secondary": ["expliquer-le-decret"],
        "tags": ["conseil d'orientation", "gouvernance"],
    },
    {
        "title": "Convention de coopération entre Centres culturels",
        "theme": "autres",
        "type": "modele",
        "author": "Centres culturels du Sud-Luxembourg",
        "date": "2018-11-27",
        "summary": "Le modèle de convention signé par trois Centres culturels pour une action de coopération : "
        "objet, engagements de chacun, répartition des coûts, pilotage et évaluation.",
        "secondary": ["constituer-son-dossier"],
        "tags": ["coopération", "convention"],
        "pdf": True,
    },
    {
        "title": "Indicateurs d'autoévaluation : une sélection raisonnée",
        "theme": "autres",
        "type": "outil",
        "author": "ASTRAC",
        "date": "2020-06-09",
        "summary": "Plutôt qu'une longue liste, une vingtaine d'indicateurs qualitatifs et quantitatifs parmi "
        "lesquels choisir, avec des exemples de questions à poser lors des bilans.",
        "secondary": ["constituer-son-dossier"],
        "tags": ["autoévaluation", "indicateurs"],
        "pdf": True,
    },
    {
        "title": "Communiquer sur son projet d'action culturelle",
        "theme": "autres",
        "type": "guide",
        "author": "Centre culturel du Val d'Ourthe",
        "date": "2021-01-14",
        "summary": "Comment parler du projet aux habitants sans jargon : exemples de brochures, de pages web et "
        "de présentations publiques qui rendent les enjeux compréhensibles.",
        "tags": ["communication"],
    },
    {
        "title": "Médiation culturelle et droits culturels",
        "theme": "autres",
        "type": "article",
        "author": "Culture & Démocratie",
        "date": "2021-10-05",
        "summary": "Une réflexion sur la place de la médiation dans un projet fondé sur les droits culturels : "
        "accompagner les personnes, mais aussi reconnaître leurs propres pratiques culturelles.",
        "secondary": ["expliquer-le-decret"],
        "tags": ["médiation", "droits culturels"],
        "url": "https://www.cultureetdemocratie.be/",
    },
    {
        "title": "Accueillir un nouveau membre dans l'équipe",
        "theme": "autres",
        "type": "outil",
        "author": "Centre culturel de Molenbeek-Rives",
        "date": "2022-03-01",
        "summary": "Un livret d'accueil pour les nouveaux collègues : l'histoire du Centre, le décret en "
        "quelques pages, les enjeux du contrat-programme et les partenaires à connaître.",
        "secondary": ["expliquer-le-decret"],
        "tags": ["ressources humaines", "équipe"],
        "pdf": True,
    },
    {
        "title": "Partenariats avec les écoles : une charte commune",
        "theme": "autres",
        "type": "modele",
        "author": "Centre culturel des Terres de Meuse",
        "date": "2022-09-20",
        "summary": "La charte rédigée avec cinq écoles de la commune pour inscrire les projets scolaires dans le "
        "projet d'action culturelle, avec un calendrier annuel de concertation.",
        "tags": ["écoles", "partenariats"],
        "pdf": True,
    },
    {
        "title": "Bilan à mi-parcours du contrat-programme",
        "theme": "autres",
        "type": "presentation",
        "author": "Centre culturel de Hesbaye-Mehaigne",
        "date": "2023-05-16",
        "summary": "La présentation faite au conseil d'administration à mi-parcours : ce qui avance, ce qui "
        "coince, et les ajustements proposés pour les deux années restantes.",
        "secondary": ["constituer-son-dossier"],
        "tags": ["autoévaluation", "contrat-programme"],
        "pdf": True,
    },
    {
        "title": "Répertoire des formations pour les équipes",
        "theme": "autres",
        "type": "lien",
        "author": "ASTRAC",
        "date": "2024-02-06",
        "summary": "Les formations proposées aux professionnels des Centres culturels par les fédérations et "
        "les opérateurs de formation : animation, gestion, participation, médiation.",
        "tags": ["formation"],
        "url": "https://www.astrac.be/",
    },
]

# --- Centres culturels and their dossiers ---------------------------------------------------------------------

# Fictional centres; their e-mail addresses are on example.org and never shown on the site.
CENTRES = [
    ("Centre culturel de la Haute-Semois", "Bouillon", "luxembourg"),
    ("Centre culturel du Val d'Ourthe", "Hotton", "luxembourg"),
    ("Centre culturel des Terres de Meuse", "Andenne", "namur"),
    ("Centre culturel de la Basse-Sambre", "Jemeppe-sur-Sambre", "namur"),
    ("Centre culturel de Hesbaye-Mehaigne", "Wasseiges", "liege"),
    ("Centre culturel des Hautes Fagnes", "Waimes", "liege"),
    ("Centre culturel du Pays des Collines", "Ellezelles", "hainaut"),
    ("Centre culturel des Deux-Vallées", "Thuin", "hainaut"),
    ("Centre culturel du Cœur du Hainaut", "La Louvière", "hainaut"),
    ("Centre culturel de la Dyle", "Ottignies-Louvain-la-Neuve", "brabant-wallon"),
    ("Centre culturel du Roman Païs", "Nivelles", "brabant-wallon"),
    ("Centre culturel de Molenbeek-Rives", "Molenbeek-Saint-Jean", "bruxelles"),
    ("Centre culturel des Marolles-Senne", "Bruxelles", "bruxelles"),
    ("Centre culturel de la Gaume", "Virton", "luxembourg"),
]

# `project` appears on the page and in the PDF; `keyword` is a made-up word found only in the dossier's PDF.
DOSSIERS = [
    {
        "centre": "Centre culturel de la Haute-Semois",
        "status": "approuve",
        "year": 2017,
        "period": (2018, 2022),
        "access": "telechargement",
        "project": "Racines-en-Fête",
        "keyword": "Semoisiades",
        "themes": ["analyse-partagee", "constituer-son-dossier"],
        "territory": "une vallée forestière de onze villages, où l'habitat est dispersé et où la population "
        "vieillit tandis que de jeunes familles s'installent",
        "enjeux": [
            "Faire se rencontrer anciens et nouveaux habitants autour de ce qui fait la mémoire des villages",
            "Rompre l'isolement des personnes âgées et des jeunes sans moyen de transport",
            "Valoriser les savoir-faire liés à la forêt et à la rivière",
        ],
    },
    {
        "centre": "Centre culturel du Val d'Ourthe",
        "status": "approuve",
        "year": 2018,
        "period": (2019, 2023),
        "access": "telechargement",
        "project": "Les Veillées de l'Ourthe",
        "keyword": "Ourthalines",
        "themes": ["analyse-partagee"],
        "territory": "trois communes rurales traversées par l'Ourthe, très touristiques l'été et repliées sur "
        "elles-mêmes l'hiver",
        "enjeux": [
            "Faire vivre les villages en dehors de la saison touristique",
            "Donner une place aux jeunes dans la vie culturelle locale",
            "Interroger le rapport des habitants au tourisme et au paysage",
        ],
    },
    {
        "centre": "Centre culturel des Terres de Meuse",
        "status": "approuve",
        "year": 2019,
        "period": (2020, 2024),
        "access": "personne-a-personne",
        "project": "Quai des Voix",
        "keyword": "Mosaniales",
        "themes": ["analyse-partagee", "autres"],
        "territory": "une petite ville mosane marquée par la désindustrialisation et des quartiers de logements "
        "sociaux éloignés du centre",
        "enjeux": [
            "Reconnaître les cultures des habitants des quartiers et leur donner de la visibilité",
            "Réinvestir les berges de la Meuse comme espace public partagé",
            "Construire des ponts entre générations à travers la mémoire ouvrière",
        ],
    },
    {
        "centre": "Centre culturel de la Basse-Sambre",
        "status": "approuve",
        "year": 2017,
        "period": (2018, 2022),
        "access": "telechargement",
        "project": "Sambre en Partage",
        "keyword": "Sambrelune",
        "themes": ["constituer-son-dossier"],
        "territory": "un chapelet d'anciens villages industriels le long de la Sambre, où la vie associative "
        "reste très dense",
        "enjeux": [
            "Soutenir la vie associative et la mise en réseau des initiatives citoyennes",
            "Lutter contre le sentiment de relégation de certains villages",
            "Ouvrir le Centre culturel aux pratiques amateurs",
        ],
    },
    {
        "centre": "Centre culturel de Hesbaye-Mehaigne",
        "status": "approuve",
        "year": 2020,
        "period": (2021, 2025),
        "access": "telechargement",
        "project": "Champs Libres",
        "keyword": "Mehaignoise",
        "themes": ["analyse-partagee", "constituer-son-dossier"],
        "territory": "un plateau agricole de Hesbaye, entre grandes cultures et villages-dortoirs tournés vers "
        "Namur et Liège",
        "enjeux": [
            "Recréer des lieux de rencontre dans des villages devenus résidentiels",
            "Mettre en débat les transformations de l'agriculture et du paysage",
            "Favoriser l'accès des enfants et des adolescents aux pratiques artistiques",
        ],
    },
    {
        "centre": "Centre culturel des Hautes Fagnes",
        "status": "en-cours",
        "year": 2024,
        "period": (2025, 2029),
        "access": "personne-a-personne",
        "project": "Brumes et Bruyères",
        "keyword": "Fagnardises",
        "themes": ["analyse-partagee"],
        "territory": "un territoire de haute Ardenne, bilingue par endroits, au climat rude et aux distances "
        "importantes entre les hameaux",
        "enjeux": [
            "Faire dialoguer les communautés linguistiques du territoire",
            "Rendre la culture accessible malgré les distances et le manque de transports",
            "Partager la connaissance et la protection des milieux naturels",
        ],
    },
    {
        "centre": "Centre culturel du Pays des Collines",
        "status": "approuve",
        "year": 2018,
        "period": (2019, 2023),
        "access": "telechargement",
        "project": "Les Contes du Bocage",
        "keyword": "Collinades",
        "themes": ["autres"],
        "territory": "un pays de collines et de bocage à la frontière linguistique, riche en légendes et en "
        "traditions populaires",
        "enjeux": [
            "Transmettre le patrimoine oral et le faire réinventer par les jeunes générations",
            "Accueillir les nouveaux habitants venus de la ville",
            "Développer des coopérations de part et d'autre de la frontière linguistique",
        ],
    },
    {
        "centre": "Centre culturel des Deux-Vallées",
        "status": "en-cours",
        "year": 2025,
        "period": (2026, 2030),
        "access": "personne-a-personne",
        "project": "Confluences",
        "keyword": "Thudiniennes",
        "themes": ["constituer-son-dossier"],
        "territory": "une ville-étape au confluent de deux rivières et les villages de l'Entre-Sambre-et-Meuse "
        "qui l'entourent",
        "enjeux": [
            "Relier la ville haute, la ville basse et les villages",
            "Soutenir l'émergence de projets portés par les jeunes adultes",
            "Faire du patrimoine un support de création et non de seule conservation",
        ],
    },
    {
        "centre": "Centre culturel du Cœur du Hainaut",
        "status": "approuve",
        "year": 2019,
        "period": (2020, 2024),
        "access": "telechargement",
        "project": "Terrils en Scène",
        "keyword": "Louviérades",
        "themes": ["analyse-partagee", "autres"],
        "territory": "un centre urbain post-industriel, multiculturel, où cohabitent plus de quarante nationalités",
        "enjeux": [
            "Reconnaître la diversité culturelle comme une richesse commune",
            "Donner la parole aux habitants dans la transformation urbaine",
            "Faciliter l'accès des familles précarisées aux lieux culturels",
        ],
    },
    {
        "centre": "Centre culturel de la Dyle",
        "status": "approuve",
        "year": 2021,
        "period": (2022, 2026),
        "access": "telechargement",
        "project": "Ville Ouverte",
        "keyword": "Dylographies",
        "themes": ["constituer-son-dossier", "autres"],
        "territory": "une ville universitaire récente et ses anciens villages, où la population étudiante "
        "croise peu les habitants permanents",
        "enjeux": [
            "Créer des liens entre étudiants, anciens villageois et nouveaux habitants",
            "Interroger la place de l'art dans l'espace public d'une ville nouvelle",
            "Soutenir la participation citoyenne dans les quartiers",
        ],
    },
    {
        "centre": "Centre culturel du Roman Païs",
        "status": "en-cours",
        "year": 2024,
        "period": (2025, 2029),
        "access": "personne-a-personne",
        "project": "Chemins de Traverse",
        "keyword": "Aclotiades",
        "themes": ["analyse-partagee"],
        "territory": "une ville moyenne du Brabant wallon, aisée en apparence, où les situations de précarité "
        "restent peu visibles",
        "enjeux": [
            "Rendre visibles les réalités sociales cachées du territoire",
            "Ouvrir les lieux culturels à ceux qui ne s'y sentent pas invités",
            "Soutenir les initiatives de solidarité entre habitants",
        ],
    },
    {
        "centre": "Centre culturel de Molenbeek-Rives",
        "status": "approuve",
        "year": 2019,
        "period": (2020, 2024),
        "access": "telechargement",
        "project": "Canal Commun",
        "keyword": "Canalogues",
        "themes": ["analyse-partagee", "constituer-son-dossier"],
        "territory": "un quartier dense le long du canal, jeune et populaire, en pleine transformation urbaine",
        "enjeux": [
            "Donner aux jeunes du quartier des espaces d'expression et de création",
            "Faire du canal un lien plutôt qu'une frontière entre quartiers",
            "Accompagner les habitants face à la gentrification",
        ],
    },
    {
        "centre": "Centre culturel des Marolles-Senne",
        "status": "en-cours",
        "year": 2025,
        "period": (2026, 2030),
        "access": "telechargement",
        "project": "Pavés Vivants",
        "keyword": "Marollienne",
        "themes": ["autres"],
        "territory": "un quartier populaire historique du centre de Bruxelles, entre marché aux puces, "
        "logements sociaux et nouveaux commerces",
        "enjeux": [
            "Préserver la mémoire et les solidarités du quartier",
            "Faire se rencontrer les habitants de longue date et les nouveaux arrivants",
            "Défendre l'accès de tous à l'espace public",
        ],
    },
    {
        "centre": "Centre culturel de la Gaume",
        "status": "approuve",
        "year": 2022,
        "period": (2023, 2027),
        "access": "telechargement",
        "project": "Lorraine Belge en Mouvement",
        "keyword": "Gaumaiseries",
        "themes": ["analyse-partagee", "expliquer-le-decret"],
        "territory": "une région frontalière où beaucoup d'habitants travaillent au Grand-Duché de Luxembourg "
        "et vivent leurs loisirs ailleurs",
        "enjeux": [
            "Retisser les liens entre les habitants et leur lieu de vie",
            "Adapter les horaires et les formats aux rythmes des travailleurs frontaliers",
            "Valoriser le patrimoine gaumais et le parler local",
        ],
    },
]

DOSSIER_LIBRARY = {
    "title": "Bibliothèque de dossiers",
    "slug": "dossiers",
    "intro": (
        "<p>La Plateforme encourage le partage des dossiers de demande de reconnaissance rédigés dans les termes "
        "du décret de 2013, qu'ils soient approuvés ou en cours de traitement : en téléchargement direct, ou "
        "« de personne à personne », moyennant une contextualisation.</p>"
        "<p>N'hésitez pas à nous transmettre le dossier de votre Centre culturel afin que nous puissions le "
        "partager !</p>"
    ),
}

# --- Link library ---------------------------------------------------------------------------------------------

LINK_LIBRARY = {
    "title": "Liens et documentations utiles",
    "slug": "liens",
    "intro": (
        "<p>Textes légaux, services de la Fédération Wallonie-Bruxelles, réseaux et fédérations, outils "
        "méthodologiques et publications : une sélection de ressources extérieures utiles aux équipes des "
        "Centres culturels.</p>"
    ),
}

LINK_CATEGORIES = [
    ("Textes légaux", "textes-legaux"),
    ("Fédération Wallonie-Bruxelles", "federation-wallonie-bruxelles"),
    ("Réseaux et fédérations", "reseaux-et-federations"),
    ("Outils méthodologiques", "outils-methodologiques"),
    ("Publications", "publications"),
]

# (title, category slug, url or None for a generated PDF, source, themes, description)
LINKS = [
    (
        "Décret du 21 novembre 2013 relatif aux Centres culturels",
        "textes-legaux",
        "https://www.gallilex.cfwb.be/",
        "Gallilex - Fédération Wallonie-Bruxelles",
        ["expliquer-le-decret"],
        "Le texte coordonné du décret, avec ses modifications successives, sur le portail officiel de la "
        "législation de la Fédération Wallonie-Bruxelles.",
    ),
    (
        "Arrêté d'application du décret relatif aux Centres culturels",
        "textes-legaux",
        "https://www.gallilex.cfwb.be/",
        "Gallilex - Fédération Wallonie-Bruxelles",
        ["expliquer-le-decret", "constituer-son-dossier"],
        "L'arrêté du Gouvernement qui précise les modalités de reconnaissance, le contenu du dossier et les "
        "conditions des actions culturelles intensifiées et spécialisées.",
    ),
    (
        "Moniteur belge : publications officielles",
        "textes-legaux",
        "https://www.ejustice.just.fgov.be/",
        "SPF Justice",
        ["expliquer-le-decret"],
        "La base de données du Moniteur belge, pour retrouver la publication officielle des décrets et arrêtés.",
    ),
    (
        "Synthèse commentée du décret (ASTRAC)",
        "textes-legaux",
        None,
        "ASTRAC",
        ["expliquer-le-decret"],
        "Une synthèse du décret article par article, commentée par l'ASTRAC, à télécharger et à distribuer "
        "aux équipes et aux administrateurs.",
    ),
    (
        "Service des Centres culturels",
        "federation-wallonie-bruxelles",
        "https://www.centresculturels.cfwb.be/",
        "Fédération Wallonie-Bruxelles",
        ["expliquer-le-decret", "constituer-son-dossier"],
        "Le site de l'administration : procédure de reconnaissance, formulaires, calendrier de dépôt des "
        "dossiers et liste des Centres culturels reconnus.",
    ),
    (
        "Portail de la Culture",
        "federation-wallonie-bruxelles",
        "https://www.culture.be/",
        "Fédération Wallonie-Bruxelles",
        ["autres"],
        "Le portail de l'Administration générale de la Culture : actualités, appels à projets et services "
        "aux opérateurs culturels.",
    ),
    (
        "Observatoire des politiques culturelles",
        "federation-wallonie-bruxelles",
        "https://www.opc.cfwb.be/",
        "Fédération Wallonie-Bruxelles",
        ["analyse-partagee", "autres"],
        "Études, repères statistiques et publications sur les politiques culturelles, dont plusieurs "
        "consacrées aux Centres culturels et aux droits culturels.",
    ),
    (
        "Éducation permanente",
        "federation-wallonie-bruxelles",
        "https://www.educationpermanente.cfwb.be/",
        "Fédération Wallonie-Bruxelles",
        ["autres"],
        "Le secteur de l'éducation permanente, proche des Centres culturels par ses méthodes : reconnaissance, "
        "associations, ressources.",
    ),
    (
        "ASTRAC - Réseau des professionnels en Centres culturels",
        "reseaux-et-federations",
        "https://www.astrac.be/",
        "ASTRAC",
        ["expliquer-le-decret", "autres"],
        "Le réseau des professionnels en Centres culturels : formations, rencontres, Plateforme d'Échange et "
        "de Partage et actualités du secteur.",
    ),
    (
        "Association des Centres culturels de la Fédération Wallonie-Bruxelles",
        "reseaux-et-federations",
        "https://www.centresculturels.be/",
        "ACC",
        ["expliquer-le-decret"],
        "La fédération des pouvoirs organisateurs des Centres culturels : accompagnement, représentation et "
        "ressources sur la mise en œuvre du décret.",
    ),
    (
        "Culture & Démocratie",
        "reseaux-et-federations",
        "https://www.cultureetdemocratie.be/",
        "Culture & Démocratie",
        ["autres"],
        "Une plateforme de réflexion sur les liens entre culture et démocratie, auteur de nombreuses analyses "
        "sur les droits culturels.",
    ),
    (
        "Article 27",
        "reseaux-et-federations",
        "https://www.article27.be/",
        "Article 27",
        ["autres"],
        "L'association qui facilite l'accès à la culture des personnes en situation de précarité, partenaire "
        "de nombreux Centres culturels.",
    ),
    (
        "Réseau Culture 21 - droits culturels",
        "reseaux-et-federations",
        "https://droitsculturels.org/",
        "Réseau Culture 21",
        ["expliquer-le-decret", "analyse-partagee"],
        "Ressources sur les droits culturels et la démarche Paideia d'analyse des politiques publiques au "
        "regard de ces droits.",
    ),
    (
        "Statistiques communales (WalStat)",
        "outils-methodologiques",
        "https://walstat.iweps.be/",
        "IWEPS",
        ["analyse-partagee"],
        "Le portail d'informations statistiques locales sur la Wallonie : population, revenus, emploi, "
        "logement. Une base utile pour l'analyse partagée.",
    ),
    (
        "Monitoring des quartiers de Bruxelles",
        "outils-methodologiques",
        "https://monitoringdesquartiers.brussels/",
        "IBSA",
        ["analyse-partagee"],
        "Des indicateurs à l'échelle des quartiers bruxellois, pour situer son territoire d'implantation.",
    ),
    (
        "Guide d'animation de l'analyse partagée",
        "outils-methodologiques",
        None,
        "ASTRAC",
        ["analyse-partagee"],
        "Un recueil de techniques d'animation testées par des Centres culturels : tables de parole, balades, "
        "porteur de paroles, cartographie sensible.",
    ),
    (
        "Fiches d'autoévaluation",
        "outils-methodologiques",
        None,
        "ASTRAC",
        ["constituer-son-dossier", "autres"],
        "Des fiches pratiques pour organiser l'autoévaluation continue avec l'équipe et le conseil d'orientation.",
    ),
    (
        "Centre de ressources de la participation citoyenne",
        "outils-methodologiques",
        "https://www.fondationroibaudouin.org/",
        "Fondation Roi Baudouin",
        ["analyse-partagee"],
        "Méthodes participatives, guides et retours d'expérience publiés par la Fondation Roi Baudouin.",
    ),
    (
        "Repères : droits culturels et politiques locales",
        "publications",
        "https://www.opc.cfwb.be/",
        "Observatoire des politiques culturelles",
        ["expliquer-le-decret"],
        "Une publication qui éclaire la manière dont les droits culturels peuvent guider les politiques "
        "culturelles à l'échelle communale.",
    ),
    (
        "Journal de Culture & Démocratie",
        "publications",
        "https://www.cultureetdemocratie.be/",
        "Culture & Démocratie",
        ["autres"],
        "Des numéros thématiques sur la participation, la médiation et les droits culturels, en libre accès.",
    ),
    (
        "Actes des rencontres-ateliers de la Plateforme",
        "publications",
        None,
        "ASTRAC",
        ["analyse-partagee", "constituer-son-dossier"],
        "La synthèse des premières rencontres-ateliers : témoignages, questions et pistes partagées par les "
        "participants.",
    ),
    (
        "Déclaration de Fribourg sur les droits culturels",
        "publications",
        "https://www.unifr.ch/ethique/fr/",
        "Observatoire de la diversité et des droits culturels",
        ["expliquer-le-decret"],
        "Le texte de référence qui définit les droits culturels, souvent cité dans les dossiers de reconnaissance.",
    ),
]

# --- Rencontres-ateliers --------------------------------------------------------------------------------------

WORKSHOP_INDEX = {
    "title": "Rencontres-ateliers",
    "slug": "rencontres",
    "intro": (
        "<p>La Plateforme n'est pas qu'un espace virtuel : ce sont aussi des journées de rencontre entre "
        "professionnels en Centres culturels, pour échanger de vive voix sur des expériences, des pratiques et "
        "des points de vue, et discuter d'une mise en œuvre du décret pleine de sens.</p>"
    ),
}

# `offset_days` (upcoming, relative to today) or `date` (past). Past workshops have participants and a write-up.
WORKSHOPS = [
    {
        "title": "L'analyse partagée en milieu rural : partir des villages",
        "slug": "analyse-partagee-en-milieu-rural",
        "date": "2015-10-15",
        "place": "Centre culturel de la Haute-Semois",
        "address": "Place de l'Église 3, 6830 Bouillon",
        "summary": "Une journée pour échanger sur les méthodes d'analyse partagée dans les territoires ruraux, "
        "où les distances et la dispersion de l'habitat compliquent la rencontre des habitants.",
        "themes": ["analyse-partagee"],
        "participants": [
            ("Claire Dethier", "temoin", "Animatrice-directrice", "Centre culturel de la Haute-Semois"),
            ("Marc Lejeune", "temoin", "Animateur", "Centre culturel du Val d'Ourthe"),
            ("Isabelle Fontaine", "intervenant", "Sociologue", "Université de Namur"),
            ("Nicolas Canta", "animateur", "Animateur de la Plateforme", "ASTRAC"),
        ],
    },
    {
        "title": "Expliquer le décret à ses partenaires",
        "slug": "expliquer-le-decret-a-ses-partenaires",
        "date": "2016-03-17",
        "place": "Centre culturel des Deux-Vallées",
        "address": "Grand-Rue 12, 6530 Thuin",
        "summary": "Comment parler du décret aux élus, aux associations et aux écoles ? Témoignages, "
        "supports de présentation et mises en situation.",
        "themes": ["expliquer-le-decret", "autres"],
        "participants": [
            ("Sophie Marchal", "temoin", "Directrice", "Centre culturel des Deux-Vallées"),
            ("Jean-Pierre Hautot", "intervenant", "Échevin de la Culture", "Commune de Thuin"),
            ("Nicolas Canta", "animateur", "Animateur de la Plateforme", "ASTRAC"),
        ],
    },
    {
        "title": "Des constats aux enjeux : écrire le cœur du dossier",
        "slug": "des-constats-aux-enjeux",
        "date": "2017-02-09",
        "place": "Centre culturel de Hesbaye-Mehaigne",
        "address": "Rue du Centre 25, 4219 Wasseiges",
        "summary": "Un atelier d'écriture collective pour passer des constats de l'analyse partagée à la "
        "formulation des enjeux, avec des extraits de dossiers déjà déposés.",
        "themes": ["constituer-son-dossier", "analyse-partagee"],
        "participants": [
            ("Nathalie Piron", "temoin", "Animatrice", "Centre culturel de Hesbaye-Mehaigne"),
            ("Karim Benali", "temoin", "Chargé de projets", "Centre culturel de Molenbeek-Rives"),
            ("Véronique Degrange", "intervenant", "Formatrice en écriture", "Atelier d'écriture Les Plumes"),
            ("Nicolas Canta", "animateur", "Animateur de la Plateforme", "ASTRAC"),
        ],
    },
    {
        "title": "Coopérer entre Centres culturels",
        "slug": "cooperer-entre-centres-culturels",
        "date": "2019-11-21",
        "place": "Centre culturel de la Gaume",
        "address": "Rue des Fossés 8, 6760 Virton",
        "summary": "Analyses partagées communes, actions de coopération, mutualisation : ce que la coopération "
        "change pour les équipes et pour les territoires.",
        "themes": ["autres", "analyse-partagee"],
        "participants": [
            ("Thomas Gillard", "temoin", "Animateur-directeur", "Centre culturel du Pays des Collines"),
            ("Émilie Jacquemin", "temoin", "Coordinatrice", "Centres culturels du Sud-Luxembourg"),
            ("Paul Renard", "intervenant", "Chercheur", "Observatoire des politiques culturelles"),
            ("Nicolas Canta", "animateur", "Animateur de la Plateforme", "ASTRAC"),
        ],
    },
    {
        "title": "L'autoévaluation, un outil au service du projet",
        "slug": "autoevaluation-outil-au-service-du-projet",
        "date": "2023-10-12",
        "place": "Centre culturel de la Basse-Sambre",
        "address": "Rue de la Station 40, 5190 Jemeppe-sur-Sambre",
        "summary": "À mi-parcours des contrats-programmes, comment faire de l'autoévaluation un moment utile "
        "plutôt qu'une obligation ? Outils, rythmes et rôle du conseil d'orientation.",
        "themes": ["autres", "constituer-son-dossier"],
        "participants": [
            (
                "Anne-Françoise Collard",
                "temoin",
                "Présidente du conseil d'orientation",
                "Centre culturel de la Basse-Sambre",
            ),
            ("Julien Mathieu", "temoin", "Directeur", "Centre culturel de la Dyle"),
            ("Nicolas Canta", "animateur", "Animateur de la Plateforme", "ASTRAC"),
        ],
    },
    {
        "title": "Préparer le renouvellement de son contrat-programme",
        "slug": "preparer-le-renouvellement-du-contrat-programme",
        "offset_days": 24,
        "place": "Centre culturel du Val d'Ourthe",
        "address": "Rue de la Jonction 5, 6990 Hotton",
        "summary": "Une journée pour les équipes qui préparent leur deuxième demande de reconnaissance : "
        "relancer l'analyse partagée, tirer parti de l'autoévaluation et des observations de la Commission "
        "d'avis.",
        "themes": ["constituer-son-dossier", "analyse-partagee"],
    },
    {
        "title": "Droits culturels : des principes aux pratiques",
        "slug": "droits-culturels-des-principes-aux-pratiques",
        "offset_days": 61,
        "place": "Centre culturel de Molenbeek-Rives",
        "address": "Quai du Commerce 18, 1080 Molenbeek-Saint-Jean",
        "summary": "Que change concrètement une approche par les droits culturels dans la programmation, "
        "la médiation et la participation ? Une rencontre-atelier nourrie d'exemples de terrain.",
        "themes": ["expliquer-le-decret", "autres"],
    },
]

WORKSHOP_REGISTRATION = (
    "<p>La rencontre-atelier est gratuite et ouverte à tous les professionnels en Centres culturels : "
    "animateurs, directeurs, chargés de projets, membres des conseils d'orientation.</p>"
    "<p>Le nombre de places est limité à quarante participants. Inscription par e-mail à "
    '<a href="mailto:plateforme@astrac.be">plateforme@astrac.be</a>, en précisant votre nom, votre Centre '
    "culturel et vos attentes pour la journée. Accueil à partir de 9 h 15, repas de midi offert.</p>"
)

WORKSHOP_PROGRAMME = [
    "9 h 30 : accueil et tour de table des attentes",
    "10 h : témoignages de deux Centres culturels",
    "11 h 15 : ateliers en petits groupes",
    "13 h 30 : mise en commun et questions transversales",
    "15 h 30 : synthèse et pistes pour la suite",
]

WORKSHOP_REPORT_PARAGRAPHS = [
    "La journée a réuni une trentaine de professionnels venus de toutes les provinces. Après un tour de table "
    "des attentes, les témoins ont présenté leur démarche, ses réussites comme ses difficultés.",
    "Les ateliers en petits groupes ont permis à chacun de confronter sa situation à celle des collègues. "
    "Plusieurs participants ont souligné l'intérêt d'entendre des équipes confrontées aux mêmes questions.",
    "La mise en commun a fait émerger des questions transversales : le temps nécessaire à la participation, "
    "la place du conseil d'orientation, la manière de rendre compte du processus dans le dossier.",
    "En fin de journée, les participants ont exprimé le souhait de prolonger les échanges, notamment sur la "
    "communauté Facebook de la Plateforme et lors d'une prochaine rencontre-atelier.",
    "Les supports présentés par les témoins sont disponibles en téléchargement ci-dessous. Merci à l'équipe "
    "du Centre culturel qui nous a accueillis.",
]

WORKSHOP_LESSONS = [
    "Prendre le temps : la participation ne se décrète pas",
    "S'appuyer sur les partenaires qui connaissent déjà les habitants",
    "Garder une trace écrite de chaque étape",
    "Associer le conseil d'orientation aux moments clés",
    "Oser partager ses difficultés avec les collègues",
]

# --- Standard pages -------------------------------------------------------------------------------------------

FACEBOOK_URL = "https://www.facebook.com/plateformeAstrac"

STANDARD_PAGES = [
    {
        "title": "Le projet",
        "slug": "le-projet",
        "intro": "La Plateforme d'Échange et de Partage de l'ASTRAC se veut un espace de travail collaboratif et "
        "de réflexion partagée, axé sur la transition vers le décret du 21 novembre 2013.",
        "body": [
            ("heading", "Une plateforme, une communauté, des rencontres"),
            (
                "paragraph",
                "<p>Le projet réunit trois espaces complémentaires :</p><ul>"
                "<li>une plateforme virtuelle pour partager des ressources et des informations et trouver les "
                "bons conseils de ses collègues d'autres Centres culturels ;</li>"
                "<li>une communauté Facebook pour des échanges directs entre collègues ;</li>"
                "<li>des rencontres-ateliers avec des témoignages issus du terrain et une large place pour les "
                "expériences des participants.</li></ul>",
            ),
            (
                "paragraph",
                "<p>C'est une invitation à échanger et partager, à s'inspirer les uns les autres, à s'épauler "
                "entre collègues et à faire vivre le nouveau décret à partir des pratiques issues du terrain.</p>",
            ),
            ("heading", "Qui sommes-nous ?"),
            (
                "paragraph",
                "<p>L'ASTRAC est le Réseau des professionnels en Centres culturels. Depuis 2014, elle accompagne "
                "les équipes dans la mise en œuvre du décret. Nicolas Canta, animateur en charge du projet, est "
                'à votre écoute : <a href="mailto:plateforme@astrac.be">plateforme@astrac.be</a>.</p>',
            ),
            (
                "key_points",
                (
                    "La Plateforme en bref",
                    [
                        "Une boîte à outils organisée en quatre thématiques",
                        "Une bibliothèque de dossiers de reconnaissance partagés",
                        "Une bibliothèque de liens et documentations utiles",
                        "Des rencontres-ateliers entre professionnels",
                    ],
                ),
            ),
        ],
        "menu": True,
    },
    {
        "title": "Communauté",
        "slug": "communaute",
        "intro": "La communauté Facebook de la Plateforme permet un partage rapide des informations et une "
        "interaction directe et fluide avec et entre les équipes et les professionnels.",
        "body": [
            (
                "paragraph",
                "<p>Poser des questions, poster des liens ou des idées, faire connaître des expériences, des "
                "actions et des envies... cet espace vous appartient ! Il suffit de demander à rejoindre le "
                "groupe pour y avoir accès.</p>",
            ),
            (
                "call_to_action",
                {
                    "title": "Rejoindre la communauté",
                    "text": "Le groupe Facebook de la Plateforme réunit des professionnels de toute la Fédération "
                    "Wallonie-Bruxelles.",
                    "button_label": "Demander à rejoindre le groupe",
                    "page": None,
                    "external_url": FACEBOOK_URL,
                },
            ),
        ],
        "menu": False,
    },
    {
        # Not a StandardPage: the ContributionPage with the public form (built by `build_contribution_page`).
        "title": "Contribuer",
        "slug": "contribuer",
        "contribution_form": True,
        "intro": "<p>Aidez-nous à alimenter la Plateforme et à la faire évoluer à partir de vos réalités et de vos "
        "aspirations : partagez un outil, une ressource, un lien utile ou le dossier de reconnaissance de votre "
        "Centre culturel.</p>"
        "<p>L'équipe de la Plateforme relit chaque proposition, prépare la mise en ligne avec vous et vous soumet "
        "la page avant publication. Pour un dossier, vous choisissez le mode de partage : en téléchargement "
        "direct, ou « de personne à personne », moyennant une contextualisation.</p>",
        "thank_you_text": "<p>Merci de faire vivre le partage entre Centres culturels ! L'équipe de la Plateforme "
        "relit votre proposition dans les prochains jours et revient vers vous par e-mail, qu'elle soit retenue "
        "ou non.</p>"
        "<p>En attendant, n'hésitez pas à rejoindre la communauté Facebook de la Plateforme pour échanger avec "
        "vos collègues.</p>",
        "menu": True,
    },
    {
        "title": "Contact",
        "slug": "contact",
        "intro": "Une question, une ressource à partager, une idée de rencontre-atelier ? Contactez l'équipe de "
        "la Plateforme.",
        "body": [
            (
                "paragraph",
                "<p><b>ASTRAC - Réseau des professionnels en Centres culturels asbl</b><br>"
                "rue du Couvent 4, 6810 Jamoigne<br>Téléphone : 061/29 29 19<br>"
                'E-mail : <a href="mailto:plateforme@astrac.be">plateforme@astrac.be</a></p>',
            ),
            (
                "paragraph",
                "<p>Nicolas Canta, animateur en charge de la Plateforme d'Échange et de Partage, est à votre "
                "écoute.</p>",
            ),
        ],
        "menu": False,
    },
    {
        "title": "Mentions légales",
        "slug": "mentions-legales",
        "intro": "Informations sur l'éditeur du site et les conditions d'utilisation des contenus.",
        "body": [
            ("heading", "Éditeur"),
            (
                "paragraph",
                "<p>Ce site est édité par l'ASTRAC - Réseau des professionnels en Centres culturels asbl, rue du "
                "Couvent 4, 6810 Jamoigne.</p>",
            ),
            ("heading", "Contenus partagés"),
            (
                "paragraph",
                "<p>Les ressources et dossiers sont publiés avec l'accord des Centres culturels et des "
                "organisations qui les ont produits. Ils restent leur propriété ; merci de citer leur origine "
                "en cas de réutilisation. Les dossiers sont publiés à titre informatif, comme des sources "
                "d'inspiration, pas comme des modèles à suivre.</p>",
            ),
        ],
        "menu": False,
    },
    {
        "title": "Vie privée",
        "slug": "vie-privee",
        "intro": "Comment la Plateforme traite les données personnelles de ses visiteurs et contributeurs.",
        "body": [
            (
                "paragraph",
                "<p>Le site ne dépose aucun cookie de mesure d'audience ni de cookie tiers. Les vidéos "
                "extérieures ne sont chargées que si vous le demandez.</p>",
            ),
            (
                "paragraph",
                "<p>Les adresses de contact des Centres culturels ne sont jamais affichées : elles servent "
                "uniquement à transmettre les demandes de dossiers « de personne à personne ». Pour exercer vos "
                "droits d'accès, de rectification ou d'effacement, écrivez à "
                '<a href="mailto:plateforme@astrac.be">plateforme@astrac.be</a>.</p>',
            ),
        ],
        "menu": False,
    },
]

# --- Synthetic content at scale (generate_content) ------------------------------------------------------------

SYNTHETIC_RESOURCE_KINDS = [
    ("guide", "Guide pratique"),
    ("modele", "Canevas"),
    ("outil", "Fiche outil"),
    ("article", "Retour d'expérience"),
    ("presentation", "Présentation"),
    ("etude", "Note d'analyse"),
]

SYNTHETIC_TOPICS = {
    "expliquer-le-decret": [
        "les droits culturels expliqués aux administrateurs",
        "le contrat-programme pas à pas",
        "l'action culturelle intensifiée",
        "le rôle du conseil d'orientation",
        "la reconnaissance d'un Centre culturel",
        "le territoire d'implantation et le territoire de projet",
    ],
    "analyse-partagee": [
        "les tables de parole en milieu urbain",
        "les balades exploratoires",
        "la cartographie sensible du territoire",
        "la rencontre des publics éloignés",
        "la formulation des enjeux",
        "les données statistiques locales",
    ],
    "constituer-son-dossier": [
        "le calendrier de la demande de reconnaissance",
        "la rédaction des enjeux",
        "le budget prévisionnel",
        "la partie autoévaluation du dossier",
        "les annexes du dossier",
        "la relecture avant dépôt",
    ],
    "autres": [
        "la coopération entre Centres culturels",
        "la communication vers les habitants",
        "les partenariats avec les écoles",
        "l'accueil des nouveaux collègues",
        "les indicateurs d'autoévaluation",
        "la médiation culturelle",
    ],
}

SYNTHETIC_SUMMARY_OPENINGS = [
    "Partagée par une équipe de terrain, cette ressource aborde {topic}.",
    "Un support concret sur {topic}, conçu pour être adapté à chaque territoire.",
    "Cette ressource propose des repères et des exemples sur {topic}.",
    "Issue d'une rencontre-atelier, cette ressource fait le point sur {topic}.",
]

SYNTHETIC_SUMMARY_ENDINGS = [
    "Elle s'adresse aux animateurs comme aux membres du conseil d'orientation.",
    "Elle peut servir de base à une réunion d'équipe.",
    "Elle s'appuie sur l'expérience de plusieurs Centres culturels.",
    "Les documents joints sont librement adaptables.",
]

# « Centre culturel » + prefix + place: « Centre culturel du Val de la Lesse ».
SYNTHETIC_PLACE_PREFIXES = [
    "du Val",
    "de la Vallée",
    "des Terres",
    "des Rives",
    "des Coteaux",
    "du Pays",
    "du Plateau",
    "du Bois",
]
SYNTHETIC_PLACE_NAMES = [
    "de la Lesse",
    "de l'Amblève",
    "du Hoyoux",
    "de la Vesdre",
    "de la Dendre",
    "de la Senne",
    "de la Haine",
    "de l'Eau Noire",
    "du Viroin",
    "de la Molignée",
    "du Bocq",
    "de la Lhomme",
    "de l'Ourthe",
    "de la Salm",
    "de la Gette",
    "du Samson",
    "de la Thyle",
    "de l'Orneau",
    "de la Sûre",
    "de la Vierre",
]
