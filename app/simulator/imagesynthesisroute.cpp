#include "simulator/imagesynthesisroute.h"

#include "simulator/simulatortaskstore.h"

#include <QJsonArray>

void ImageSynthesisRoute::writeSucceeded(const SimulatedTask &task, QJsonObject *output,
                                         QJsonObject *usage) const
{
    const int succeeded = task.succeededImages();
    QJsonArray results;
    for (int i = 0; i < task.urls.size(); ++i) {
        if (i == task.failedImage) {
            results.append(QJsonObject {
                    { QLatin1String("code"), QStringLiteral("DataInspectionFailed") },
                    { QLatin1String("message"), SimulatorWire::contentPolicyMessage() } });
            continue;
        }
        QJsonObject result { { QLatin1String("url"), QString::fromUtf8(task.urls.at(i)) },
                             { QLatin1String("orig_prompt"), task.prompt } };
        if (task.promptExtend)
            result.insert(QLatin1String("actual_prompt"), task.actualPrompt);
        results.append(result);
    }
    output->insert(QLatin1String("results"), results);
    output->insert(QLatin1String("task_metrics"),
                   QJsonObject { { QLatin1String("TOTAL"), task.count },
                                 { QLatin1String("SUCCEEDED"), succeeded },
                                 { QLatin1String("FAILED"), task.count - succeeded } });
    *usage = { { QLatin1String("image_count"), succeeded } };
}
