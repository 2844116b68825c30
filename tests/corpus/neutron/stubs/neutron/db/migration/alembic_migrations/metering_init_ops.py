def upgrade():
    raise RuntimeError("neutron's Kilo schema (metering_init_ops) is not in the corpus")
