#include "simulatorserver.h"
