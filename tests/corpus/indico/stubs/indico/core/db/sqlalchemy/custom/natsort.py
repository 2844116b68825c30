# The SQL of indico's natsort function is the application's, not reproduced:
# a placeholder the revision that creates it renders instead.
SQL_FUNCTION_NATSORT = "-- indico.natsort() is created here by indico"
