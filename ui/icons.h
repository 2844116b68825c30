#pragma once

#include <QIcon>
#include <QString>

namespace pm {

// The window's icons: the desktop theme's icon when it has one (so the
// window looks native under any theme), else ours from resources/icons.
class Icons final
{
public:
    enum class Kind {
        App,
        Open,
        Refresh,
        Upgrade,
        Downgrade,
        Autogenerate,
        Snapshot,
        Add,
        Remove,
        Count
    };

    static QIcon icon(Kind kind);
    // Our own icon only, never the theme's (the window icon, the About box).
    static QIcon builtin(Kind kind);
};

} // namespace pm
