"""django-tenants' PostgreSQL backend, with table introspection that stays in one schema.

Django lists a schema's tables several times per migrate. PostgreSQL's `pg_table_is_visible`
filter looks at every table of every schema, so with a thousand buurtsites each migrate pays for
all of them and migrating every buurtsite grows with the square of their number. Here the list
asks for the one schema being introspected by name.
"""
