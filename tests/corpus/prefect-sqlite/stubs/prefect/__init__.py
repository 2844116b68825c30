"""Stand-ins for the prefect names the corpus scripts import (corpus/README.md).
Shared by prefect-sqlite and prefect-postgresql (the other's stubs link here).
The scripts reach most of it as attribute chains on `import prefect`."""
import prefect.blocks.core  # noqa: F401
import prefect.logging.loggers  # noqa: F401
import prefect.server.events.actions  # noqa: F401
import prefect.server.events.schemas.automations  # noqa: F401
import prefect.server.events.schemas.events  # noqa: F401
import prefect.server.schemas.core  # noqa: F401
import prefect.server.schemas.schedules  # noqa: F401
import prefect.server.schemas.states  # noqa: F401
import prefect.server.utilities.database  # noqa: F401
import prefect.server.utilities.schemas  # noqa: F401
import prefect.utilities.slugify  # noqa: F401
