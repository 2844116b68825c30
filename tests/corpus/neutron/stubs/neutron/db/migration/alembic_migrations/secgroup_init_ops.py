def upgrade():
    raise RuntimeError("neutron's Kilo schema (secgroup_init_ops) is not in the corpus")
