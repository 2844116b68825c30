def downgrade():
    raise NotImplementedError('''downgrade is not supported:
restore from a backup''')
