"""Tests of the translations: every sentence marked, catalogs complete and sound, languages chosen right."""
