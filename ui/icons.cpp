#include "ui/icons.h"

#include <array>

#include <QList>

using namespace Qt::StringLiterals;

namespace pm {

namespace {

struct IconName
{
    QString resource; // base name under :/icons
    QString theme;    // freedesktop icon naming spec name, empty if none fits
};

IconName nameOf(Icons::Kind kind)
{
    switch (kind) {
    case Icons::Kind::App: return {u"petmanager"_s, {}};
    case Icons::Kind::Open: return {u"open"_s, u"document-open"_s};
    case Icons::Kind::Refresh: return {u"refresh"_s, u"view-refresh"_s};
    case Icons::Kind::Upgrade: return {u"upgrade"_s, u"go-up"_s};
    case Icons::Kind::Downgrade: return {u"downgrade"_s, u"go-down"_s};
    case Icons::Kind::Autogenerate: return {u"autogenerate"_s, {}};
    case Icons::Kind::Snapshot: return {u"snapshot"_s, u"camera-photo"_s};
    case Icons::Kind::Add: return {u"add"_s, u"list-add"_s};
    case Icons::Kind::Remove: return {u"remove"_s, u"list-remove"_s};
    case Icons::Kind::Count: break;
    }
    return {};
}

} // namespace

QIcon Icons::builtin(Kind kind)
{
    const IconName name = nameOf(kind);
    QIcon result;
    QList<int> sizes{16, 24, 32, 48};
    if (kind == Kind::App)
        sizes << 64 << 128 << 256;
    for (int size : sizes)
        result.addFile(u":/icons/"_s + name.resource + u'-' + QString::number(size) + u".png"_s,
                       QSize(size, size));
    return result;
}

QIcon Icons::icon(Kind kind)
{
    const IconName name = nameOf(kind);
    if (name.theme.isEmpty())
        return builtin(kind);
    return QIcon::fromTheme(name.theme, builtin(kind));
}

} // namespace pm
