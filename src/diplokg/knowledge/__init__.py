"""Shared knowledge below the pipeline stages: the gazetteer and text helpers."""
