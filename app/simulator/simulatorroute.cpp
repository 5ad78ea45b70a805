#include "simulator/simulatorroute.h"

#include "simulator/imagegenerationroute.h"
#include "simulator/imagesynthesisroute.h"

const SimulatorRoute *SimulatorRoute::forProtocol(const QString &protocol)
{
    static const ImageSynthesisRoute imageSynthesis;
    static const ImageGenerationRoute imageGeneration;
    static const SimulatorRoute *const routes[] = { &imageSynthesis, &imageGeneration };
    for (const SimulatorRoute *route : routes) {
        if (route->protocol() == protocol)
            return route;
    }
    return nullptr;
}
