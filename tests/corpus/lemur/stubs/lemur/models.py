from sqlalchemy import Column, ForeignKey, Integer, MetaData, Table, UniqueConstraint

certificate_notification_associations = Table(
    "certificate_notification_associations",
    MetaData(),
    Column("notification_id", Integer, ForeignKey("notifications.id", ondelete="cascade")),
    Column("certificate_id", Integer, ForeignKey("certificates.id", ondelete="cascade")),
    Column("id", Integer, primary_key=True, autoincrement=True),
    UniqueConstraint("notification_id", "certificate_id", name="uq_dest_not_ids"),
)
