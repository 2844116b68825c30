def upgrade():
    raise RuntimeError("neutron's Kilo schema (ml2_init_ops) is not in the corpus")
