#include "modelcatalog.h"
