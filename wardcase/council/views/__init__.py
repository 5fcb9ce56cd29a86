"""Council settings: the administrator's everyday configuration, as GOV.UK pages.

Every page is for administrators only (`COUNCIL_SETTINGS_ROLES`); every write is a service
of the app that owns the data, which checks the permission again and audits the change.
One module per section of the settings home; `common` holds what they share.
"""
