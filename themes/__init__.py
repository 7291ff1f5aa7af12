"""Themes: per-buurtsite branding built into static assets. Built in issue #4."""
