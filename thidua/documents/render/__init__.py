"""Renderers of an OfficialDocument: Word (.docx) and PDF, in the Decree 30/2020 layout."""
