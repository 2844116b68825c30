def upgrade():
    raise RuntimeError("neutron's Kilo schema (portsec_init_ops) is not in the corpus")
