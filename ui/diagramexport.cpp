#include "ui/diagramexport.h"

#include <QFileInfo>
#include <QImage>
#include <QImageWriter>
#include <QPainter>
#include <QSvgGenerator>

#include "ui/schemascene.h"

using namespace Qt::StringLiterals;

namespace pm {

namespace {

constexpr qreal MaxSide = 16384;

void render(SchemaScene &scene, QPainter &painter, const QRectF &target, const QRectF &source)
{
    painter.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
    painter.fillRect(target, scene.backgroundBrush());
    scene.render(&painter, target, source, Qt::KeepAspectRatio);
}

} // namespace

Status exportDiagram(SchemaScene &scene, const QString &path, const QString &title)
{
    const QRectF source = scene.diagramRect();
    if (source.isEmpty() || scene.cards().isEmpty())
        return fail(QObject::tr("There is no diagram to export."));
    if (scene.isLayingOut())
        return fail(QObject::tr("The diagram is still being laid out; export it in a moment."));
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == u"svg") {
        QSvgGenerator svg;
        svg.setFileName(path);
        svg.setSize(source.size().toSize());
        svg.setViewBox(QRectF(QPointF(0, 0), source.size()));
        svg.setTitle(title.isEmpty() ? QObject::tr("Schema diagram") : title);
        svg.setDescription(QObject::tr("Drawn by Pet Manager"));
        QPainter painter;
        if (!painter.begin(&svg))
            return fail(QObject::tr("Cannot write %1.").arg(path));
        render(scene, painter, QRectF(QPointF(0, 0), source.size()), source);
        if (!painter.end())
            return fail(QObject::tr("Cannot write %1.").arg(path));
        if (!QFileInfo::exists(path) || QFileInfo(path).size() == 0)
            return fail(QObject::tr("Cannot write %1.").arg(path));
        return {};
    }
    if (suffix == u"png") {
        // Twice the screen's size for sharp text, less when that is too big.
        qreal scale = 2;
        scale = std::min(scale, MaxSide / source.width());
        scale = std::min(scale, MaxSide / source.height());
        const QSize size = (source.size() * scale).toSize().expandedTo(QSize(1, 1));
        QImage image(size, QImage::Format_ARGB32_Premultiplied);
        if (image.isNull())
            return fail(QObject::tr("The diagram is too large for a PNG image; export it as SVG."));
        QPainter painter(&image);
        render(scene, painter, QRectF(QPointF(0, 0), QSizeF(size)), source);
        painter.end();
        QImageWriter writer(path, "png");
        if (!title.isEmpty())
            writer.setText(u"Title"_s, title);
        if (!writer.write(image))
            return fail(QObject::tr("Cannot write %1: %2").arg(path, writer.errorString()));
        return {};
    }
    return fail(QObject::tr("Export writes .svg or .png files, not .%1.").arg(suffix));
}

} // namespace pm
