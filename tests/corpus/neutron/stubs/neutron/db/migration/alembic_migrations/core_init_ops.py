def upgrade():
    raise RuntimeError("neutron's Kilo schema (core_init_ops) is not in the corpus")
