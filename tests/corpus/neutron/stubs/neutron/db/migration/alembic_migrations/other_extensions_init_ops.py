def upgrade():
    raise RuntimeError("neutron's Kilo schema (other_extensions_init_ops) is not in the corpus")
