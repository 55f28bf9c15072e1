"""Renderers of an OfficialDocument: Word (.docx) and PDF, in the Decree 30/2020 layout."""

from thidua.documents.render.docx import render_docx
from thidua.documents.render.pdf import render_pdf

__all__ = ["render_docx", "render_pdf"]
