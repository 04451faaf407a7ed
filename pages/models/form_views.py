"""The views of the public forms a page routes to (ContributionPage, DossierPage « de personne à personne »).

They live above the models, in the contribution flow (`connect_form_views`, called by PagesConfig.ready, fills
this table), so that no model imports it: a page looks its view up here by name when a request reaches it.
"""

public_form_views = {}
