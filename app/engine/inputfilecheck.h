#pragma once

#include "domain/generationrequest.h"
#include "domain/modelcatalog.h"

#include <QCoreApplication>
#include <QList>
#include <QString>

// A request's local input files against the model's rules, read from their headers only (no
// decoding, so quick enough for the GUI thread and for TaskService::submit before anything is
// recorded or sent): the file exists, its bytes, its format, its pixel sides, and a mask the
// size of its base image. What needs the pixels (a mask's black and white) is checked by
// InputPreparation when the task is prepared.
class InputFileCheck
{
    Q_DECLARE_TR_FUNCTIONS(InputFileCheck)

public:
    InputFileCheck() = delete;

    // A sentence saying why `path` cannot be sent as an input of `rule`; empty when it can.
    static QString problem(const InputRule &rule, const QString &path);
    // Every local input of `request` that breaks its rule, as validation issues (field: the role's
    // id).
    static QList<ValidationIssue> issues(const GenerationRequest &request, const ModelInfo &model);
    // "Image", "Mask", "First frame", …: as the form's slots title them.
    static QString roleTitle(InputRole role);
};
