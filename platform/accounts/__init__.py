"""Accounts: one user model, stored in the public schema for operators and in each
buurtsite's own schema for its members, so an account never crosses buurtsites."""
