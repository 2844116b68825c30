# A placeholder for indico's default badge layout (data a revision inserts).
DEFAULT_BADGE_DATA = {"background_position": "stretch", "width": 425, "height": 270, "items": []}
