def upgrade():
    raise RuntimeError("neutron's Kilo schema (agent_init_ops) is not in the corpus")
