app = None  # the quay Flask application
