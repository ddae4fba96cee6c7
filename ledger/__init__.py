"""Ledgers (台账) in and out: importing projects, monthly reports and relocated units from
.xlsx and .csv, and exporting lists, the board, dashboards and quarterly reports to .xlsx.

    columns   the columns of each ledger, shared by the import, its template and the export
    cells     one cell's text, amount, date or choice, as ledgers write them
    reading   a file to a header and rows (xlsx, csv in UTF-8 or GB18030), or a clear refusal
    places    regions, platforms, chains and the user's scope, read once per import
    projects / reports / units   rows to a plan: create, update, unchanged, rejected
    bulk      the plan written in bulk (COPY on PostgreSQL), with history and stale marks
    jobs      the import job services: preview, apply, cancel
    exports, quarterly, workbooks   .xlsx (and printable HTML) out
"""
