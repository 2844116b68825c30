def upgrade():
    with open('/etc/passwd') as f:
        return f.read()
