#include "simulator/simulatorroute.h"

#include "simulator/imageeditroute.h"
#include "simulator/imagegenerationroute.h"
#include "simulator/imagesynthesisroute.h"
#include "simulator/videoroutes.h"

const SimulatorRoute *SimulatorRoute::forProtocol(const QString &protocol)
{
    static const ImageSynthesisRoute imageSynthesis;
    static const ImageGenerationRoute imageGeneration;
    static const VideoSynthesisRoute videoSynthesis;
    static const Image2VideoRoute image2Video;
    static const ImageEditRoute imageEdit;
    static const SimulatorRoute *const routes[]
            = { &imageSynthesis, &imageGeneration, &videoSynthesis, &image2Video, &imageEdit };
    for (const SimulatorRoute *route : routes) {
        if (route->protocol() == protocol)
            return route;
    }
    return nullptr;
}
