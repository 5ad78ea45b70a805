#pragma once

#include "domain/generationrequest.h"
#include "domain/modelcatalog.h"
#include "domain/pricing.h"

#include <optional>

class QCommandLineParser;
class QCoreApplication;
class TaskService;

namespace CommandLine {

struct ServiceOptions;

// --dry-run and --max-cost, for every command that creates a task.
void addCostOptions(QCommandLineParser &parser);

// The prices the command line uses: the built-in table with the person's override file.
// A broken override file is named on stderr (and left out).
PriceTable loadPrices();

// After validation, before anything is sent: prints the estimate (stderr, or an "estimate"
// JSON event), and with --dry-run the request body on stdout. Returns the exit code when the
// command ends here (a dry run: Success; --max-cost passed or unknown: InvalidInput), nullopt
// to go on.
std::optional<int> checkCost(const QCommandLineParser &parser, const GenerationRequest &request,
                             const ModelCatalog &catalog, const ServiceOptions &options,
                             const PriceTable &prices);

// The task service's prices, free of charge in demo mode, and the month's budget from Settings.
void applyBilling(TaskService *service, const PriceTable &prices, bool demo);

// `dashscope-studio usage [--month YYYY-MM] [--by day|model|region] [--json|--csv]`,
// `usage --budget AMOUNT CURRENCY`, `usage --budget none [CURRENCY]`.
int runUsage(QCoreApplication &app);

} // namespace CommandLine
