class EntityType:
    USER = "user"
    GROUP = "group"
