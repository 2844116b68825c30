class SQLAlchemyUserDatastore:
    def __init__(self, db, user_model, role_model):
        self.db = db


class Security:
    def __init__(self, app, datastore, register_blueprint=True):
        app.extensions["security"] = self
