#include "simulatedimage.h"
