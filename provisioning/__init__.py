"""Provisioning: ordering, creating, suspending, exporting and deleting buurtsites, custom
domains and certificates. Built in issue #3 on the registry actions of `tenants`."""
