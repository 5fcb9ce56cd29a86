"""Web views of accounts, one module per page group: signing in (`sign_in`), the council
account (`oidc`), two-factor sign-in, passwords, invitations and holiday cover."""
