#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>

// Runs the queries of alembic_oracle.py against pm_revision and prints the
// results in the oracle's format, so the two outputs compare line by line.
namespace RevisionDriver {

// one graph: {"name", "revisions": [...], "queries": [...]}
QStringList runGraph(const QJsonObject &graph);

} // namespace RevisionDriver
