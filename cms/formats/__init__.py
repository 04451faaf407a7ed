"""Django's format modules of the site (FORMAT_MODULE_PATH): what a date typed in any form may look like."""
