"""What the secretariat needs while collecting the year's workbooks, written by `check` and `build`:

- returns.py: for each workbook with problems, an annotated copy to send back to its committee
  (build/<year>/returns/<file name>.xlsx);
- status.py: who has sent, who has not, with errors, warnings and how complete (status.html, status.xlsx);
- history.py: last year's figures (a previous data.json): changes for the report, implausible jumps for check.

These modules know submissions, issues and the contract; the pipeline decides where their files go.
"""
