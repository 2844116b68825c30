class AssignmentType:
    USER_PROJECT = "UserProject"
    GROUP_PROJECT = "GroupProject"
    USER_DOMAIN = "UserDomain"
    GROUP_DOMAIN = "GroupDomain"
