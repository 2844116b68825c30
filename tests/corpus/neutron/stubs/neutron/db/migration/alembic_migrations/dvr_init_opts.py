def upgrade():
    raise RuntimeError("neutron's Kilo schema (dvr_init_opts) is not in the corpus")
