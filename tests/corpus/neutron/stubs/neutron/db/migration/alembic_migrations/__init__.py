"""The modules kilo_initial.py calls to create neutron's Kilo schema: the
schema itself is neutron's code, not in the corpus, so they refuse."""
