"""Bridges to other frameworks, each behind its own optional extra (see :mod:`.negmas`)."""
