"""Who may do what: the one place Wardcase's permission rules live (ADR 0001).

One module per concern: `grants` (what a user holds, read once per request), `visibility`
(which cases, and which parts of them, a user may see), `case_actions` (what a user may do
to a case), `charter`, `letters`, `privacy`, `reports`, `search`, `audit`, `mail`, `api`
(DRF permission classes) and `registry` (django-rules perms for templates, and the
`restrict()` rule of each model). It sits between charter and cases in the layers: it
reaches case models lazily, never by importing `wardcase.cases`.
"""
