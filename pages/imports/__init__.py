"""Importing what the network already has: resources and dossiers from CSV or XLSX tables."""
