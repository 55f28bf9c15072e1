"""The Decree 30/2020 layout as data (page, margins, fonts and sizes per element). Pure."""
