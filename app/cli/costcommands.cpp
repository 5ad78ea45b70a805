#include "cli/costcommands.h"

#include "cli/commandline.h"
#include "cli/output.h"
#include "cli/serviceoptions.h"
#include "engine/taskservice.h"
#include "library/library.h"
#include "platform/settings.h"
#include "protocol/requestencoder.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QMap>
#include <QUrl>
#include <cstdio>
#include <unistd.h>

namespace CommandLine {

namespace {

    QJsonObject estimateJson(const CostEstimate &cost, bool demo)
    {
        QJsonObject object { { QStringLiteral("event"), QStringLiteral("estimate") },
                             { QStringLiteral("known"), demo || cost.known },
                             { QStringLiteral("text"), demo ? tr("free: demo") : cost.text() },
                             { QStringLiteral("unit"), cost.unitText },
                             { QStringLiteral("source"),
                               demo ? QStringLiteral("demo") : cost.source } };
        if (demo || cost.known)
            object.insert(QStringLiteral("amount"), demo ? 0.0 : cost.amount);
        if (!cost.currency.isEmpty())
            object.insert(QStringLiteral("currency"), cost.currency);
        if (cost.images > 0)
            object.insert(QStringLiteral("images"), cost.images);
        if (cost.seconds > 0)
            object.insert(QStringLiteral("seconds"), cost.seconds);
        if (!cost.resolution.isEmpty())
            object.insert(QStringLiteral("resolution"), cost.resolution);
        return object;
    }

    QString csvField(const QString &text)
    {
        if (!text.contains(QLatin1Char(',')) && !text.contains(QLatin1Char('"'))
            && !text.contains(QLatin1Char('\n')))
            return text;
        return QLatin1Char('"') + QString(text).replace(QLatin1Char('"'), QStringLiteral("\"\""))
                + QLatin1Char('"');
    }

} // namespace

void addCostOptions(QCommandLineParser &parser)
{
    parser.addOption({ QStringLiteral("dry-run"),
                       tr("Print the request body and the estimated cost; send nothing.") });
    parser.addOption({ QStringLiteral("max-cost"),
                       tr("Refuse (exit 2, nothing sent) when the estimate is higher than AMOUNT, "
                          "or unknown."),
                       QStringLiteral("AMOUNT") });
}

PriceTable loadPrices()
{
    QString error;
    PriceTable prices = PriceTable::load(Settings::pricesOverridePath(), &error);
    if (!error.isEmpty())
        printLine(stderr, tr("Your prices file is not used: %1").arg(printable(error)));
    return prices;
}

std::optional<int> checkCost(const QCommandLineParser &parser, const GenerationRequest &request,
                             const ModelCatalog &catalog, const ServiceOptions &options,
                             const PriceTable &prices)
{
    const ModelInfo model = catalog.model(request.model);
    const GenerationRequest resolved = request.resolved(model);
    const CostEstimate cost = prices.estimate(resolved, options.endpoint.region, model);
    const bool demo = options.demo;
    const QString text = demo ? tr("free: demo") : cost.text();
    // Said where someone reads it: a terminal, --json, or when asked about cost. A script's
    // stderr stays quiet otherwise.
    const bool told = options.json || parser.isSet(QStringLiteral("dry-run"))
            || parser.isSet(QStringLiteral("max-cost")) || ::isatty(STDERR_FILENO);
    if (options.json)
        printJson(estimateJson(cost, demo));
    else if (told)
        printLine(stderr,
                  cost.source.isEmpty() || demo ? tr("Estimate: %1").arg(text)
                                                : tr("Estimate: %1 (%2; the bill is the service's)")
                                                          .arg(text, printable(cost.source)));

    // An unknown price cannot be held to the budget: say so rather than pass silently.
    if (!demo && !cost.known) {
        const QString currency
                = cost.currency.isEmpty() ? regionCurrency(options.endpoint.region) : cost.currency;
        if (Settings().budgetsFor().contains(currency))
            printLine(stderr,
                      tr("Warning: the price of %1 is unknown, so your monthly budget "
                         "cannot be checked for this request.")
                              .arg(request.model));
    }
    if (parser.isSet(QStringLiteral("max-cost")) && !demo) {
        bool ok = false;
        const double max = parser.value(QStringLiteral("max-cost")).toDouble(&ok);
        if (!ok || max < 0) {
            printLine(stderr,
                      tr("--max-cost \"%1\" is not an amount, e.g. 2.50.")
                              .arg(printable(parser.value(QStringLiteral("max-cost")))));
            return InvalidInput;
        }
        if (!cost.known) {
            printLine(stderr,
                      tr("Nothing was sent: the price of %1 is unknown, so it cannot be "
                         "kept under --max-cost %2. Add the price to %3, or leave out "
                         "--max-cost.")
                              .arg(request.model, parser.value(QStringLiteral("max-cost")),
                                   Settings::pricesOverridePath()));
            return InvalidInput;
        }
        if (cost.amount > max + 1e-9) {
            printLine(stderr,
                      tr("Nothing was sent: the estimate %1 is more than --max-cost %2. "
                         "Ask for less (fewer images, shorter or lower resolution), or "
                         "raise --max-cost.")
                              .arg(formatMoney(cost.amount, cost.currency),
                                   formatMoney(max, cost.currency)));
            return InvalidInput;
        }
    }
    if (!parser.isSet(QStringLiteral("dry-run")))
        return std::nullopt;
    // Local input files get their wire value (a data: URI, or an upload's oss:// URL) only when
    // sent: the body shows each as its file: URL instead.
    GenerationRequest shown = resolved;
    bool localInputs = false;
    for (RequestInput &input : shown.inputs) {
        if (input.url.isEmpty() && !input.localPath.isEmpty()) {
            input.url = QUrl::fromLocalFile(input.localPath).toString();
            localInputs = true;
        }
    }
    const CreateBody body = RequestEncoder::createBody(shown, model);
    if (!body.isValid()) {
        printLine(stderr, body.error.message);
        return InvalidInput;
    }
    if (options.json) {
        printJson({ { QStringLiteral("event"), QStringLiteral("dry-run") },
                    { QStringLiteral("model"), model.name },
                    { QStringLiteral("path"), model.path },
                    { QStringLiteral("body"), body.json } });
    } else {
        printLine(stdout,
                  QStringLiteral("POST %1").arg(options.endpoint.url(model.path).toString()));
        printLine(stdout,
                  QString::fromUtf8(QJsonDocument(body.json).toJson(QJsonDocument::Indented))
                          .trimmed());
        if (localInputs)
            printLine(stderr,
                      tr("Local files are shown as file: URLs; each is sent as a data: URI, or "
                         "through the service's temporary upload when it is large."));
        printLine(stderr, tr("Dry run: nothing was sent."));
    }
    return Success;
}

void applyBilling(TaskService *service, const PriceTable &prices, bool demo)
{
    service->setPriceTable(prices);
    service->setFreeOfCharge(demo);
    Settings settings;
    service->setMonthlyBudget(settings.budgetsFor());
}

int runUsage(QCoreApplication &app)
{
    QCommandLineParser parser;
    setUpParser(parser, QStringLiteral("usage"),
                tr("What was generated and what it cost (estimates at the prices used; the bill "
                   "is the service's), and the monthly budget."));
    parser.addOption({ QStringLiteral("month"), tr("The month, YYYY-MM (default: this month)."),
                       QStringLiteral("YYYY-MM") });
    parser.addOption({ QStringLiteral("by"), tr("Rows by day, model or region (default: day)."),
                       QStringLiteral("day|model|region") });
    parser.addOption({ QStringLiteral("json"), tr("Print one JSON object per line.") });
    parser.addOption({ QStringLiteral("csv"), tr("Print comma-separated values.") });
    parser.addOption(
            { QStringLiteral("budget"),
              tr("Set the monthly budget: AMOUNT CURRENCY (CNY or USD), or none [CURRENCY] "
                 "to remove it."),
              QStringLiteral("AMOUNT") });
    int exitCode = Success;
    if (!parse(parser, app.arguments(), &exitCode))
        return exitCode;
    const QStringList positional = parser.positionalArguments().mid(1);
    Settings settings;

    if (parser.isSet(QStringLiteral("budget"))) {
        const QString value = parser.value(QStringLiteral("budget"));
        const QString currency = positional.value(0).toUpper();
        if (value == QLatin1String("none")) {
            const QStringList currencies = currency.isEmpty()
                    ? QStringList { QStringLiteral("CNY"), QStringLiteral("USD") }
                    : QStringList { currency };
            for (const QString &c : currencies)
                settings.setMonthlyBudget(c, std::nullopt);
            printLine(stderr,
                      tr("No monthly budget for %1.").arg(currencies.join(QStringLiteral(", "))));
            return Success;
        }
        bool ok = false;
        const double amount = value.toDouble(&ok);
        if (!ok || amount < 0
            || (currency != QLatin1String("CNY") && currency != QLatin1String("USD"))) {
            printLine(stderr,
                      tr("Usage: dashscope-studio usage --budget AMOUNT CURRENCY (CNY or "
                         "USD), e.g. --budget 50 CNY, or --budget none."));
            return InvalidInput;
        }
        settings.setMonthlyBudget(currency, amount);
        printLine(stderr,
                  tr("Monthly budget: %1. A request that would pass it is not sent.")
                          .arg(formatMoney(amount, currency)));
        return Success;
    }

    QDate month = QDate::currentDate();
    month = QDate(month.year(), month.month(), 1);
    if (parser.isSet(QStringLiteral("month"))) {
        month = QDate::fromString(parser.value(QStringLiteral("month")) + QStringLiteral("-01"),
                                  QStringLiteral("yyyy-MM-dd"));
        if (!month.isValid()) {
            printLine(stderr,
                      tr("--month \"%1\" is not of the form YYYY-MM, e.g. 2026-11.")
                              .arg(printable(parser.value(QStringLiteral("month")))));
            return InvalidInput;
        }
    }
    const QString by = parser.value(QStringLiteral("by")).isEmpty()
            ? QStringLiteral("day")
            : parser.value(QStringLiteral("by"));
    if (by != QLatin1String("day") && by != QLatin1String("model")
        && by != QLatin1String("region")) {
        printLine(stderr, tr("--by \"%1\": use day, model or region.").arg(printable(by)));
        return InvalidInput;
    }

    Library library;
    if (const LibraryResult opened = library.open(Library::defaultPath()); !opened) {
        printLine(stderr, opened.message());
        return LocalProblem;
    }
    const QDateTime from(month, QTime(0, 0));
    const QList<UsageEntry> entries = library.usage(from.toUTC(), from.addMonths(1).toUTC());
    QMap<QString, double> totals; // per currency
    int demoTasks = 0;
    for (const UsageEntry &entry : entries) {
        if (entry.demo) // the built-in simulator's: not spending, counted apart
            ++demoTasks;
        else
            totals[entry.currency] += entry.amount.value_or(0);
    }
    const QList<UsageTotal> rows = UsageTotal::of(entries, [&by](const UsageEntry &entry) {
        if (by == QLatin1String("day"))
            return entry.finishedAt.toLocalTime().date().toString(Qt::ISODate);
        if (by == QLatin1String("model"))
            return entry.model;
        return regionId(entry.region);
    });

    const bool json = parser.isSet(QStringLiteral("json"));
    const bool csv = parser.isSet(QStringLiteral("csv"));
    if (csv)
        printLine(
                stdout,
                QStringLiteral("%1,currency,tasks,images,video_seconds,amount,unknown_price_tasks")
                        .arg(by));
    for (const UsageTotal &row : rows) {
        if (json) {
            printJson({ { by, row.group },
                        { QStringLiteral("currency"), row.currency },
                        { QStringLiteral("tasks"), row.tasks },
                        { QStringLiteral("images"), row.images },
                        { QStringLiteral("videoSeconds"), row.seconds },
                        { QStringLiteral("amount"), row.amount },
                        { QStringLiteral("unknownPriceTasks"), row.unknown } });
        } else if (csv) {
            printLine(stdout,
                      QStringLiteral("%1,%2,%3,%4,%5,%6,%7")
                              .arg(csvField(row.group), row.currency)
                              .arg(row.tasks)
                              .arg(row.images)
                              .arg(row.seconds)
                              .arg(QString::number(row.amount, 'f', 3))
                              .arg(row.unknown));
        } else {
            // One plural a tr(): the counts are made apart, then put in the row's sentence.
            QString line = tr("%1  %2, %3, %4 s of video: %5")
                                   .arg(printable(row.group), tr("%n task(s)", nullptr, row.tasks),
                                        tr("%n image(s)", nullptr, row.images))
                                   .arg(row.seconds)
                                   .arg(formatMoney(row.amount, row.currency));
            if (row.unknown > 0)
                line += tr(" (+ %n task(s) at an unknown price)", nullptr, row.unknown);
            printLine(stdout, line);
        }
    }
    if (json || csv)
        return Success;
    if (rows.isEmpty())
        printLine(
                stderr,
                tr("Nothing was generated in %1.").arg(month.toString(QStringLiteral("yyyy-MM"))));
    if (demoTasks > 0)
        printLine(stdout,
                  tr("Demo (free): %n task(s) of the built-in simulator, not counted.", nullptr,
                     demoTasks));
    const QMap<QString, double> budgets = settings.budgetsFor(month);
    QStringList currencies = totals.keys();
    for (const QString &c : budgets.keys())
        if (!currencies.contains(c))
            currencies << c;
    for (const QString &currency : std::as_const(currencies)) {
        QString line = tr("%1 total: %2")
                               .arg(month.toString(QStringLiteral("yyyy-MM")),
                                    formatMoney(totals.value(currency), currency));
        if (budgets.contains(currency))
            line += tr(" of a budget of %1").arg(formatMoney(budgets.value(currency), currency));
        printLine(stdout, line);
    }
    printLine(stderr, tr("Estimates at the prices used; the bill is the service's."));
    return Success;
}

} // namespace CommandLine
