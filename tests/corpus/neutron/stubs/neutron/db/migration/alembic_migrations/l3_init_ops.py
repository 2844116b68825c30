def upgrade():
    raise RuntimeError("neutron's Kilo schema (l3_init_ops) is not in the corpus")
