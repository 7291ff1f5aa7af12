"""The tenant registry: municipalities, buurtsites and their domains, and host resolution.

This package is the bottom layer: it imports nothing from the other packages of the project.
"""
